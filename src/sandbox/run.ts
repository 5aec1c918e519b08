/** runSandboxed: runs one command under a sandbox policy and limits, and reports how it ended. */
import { spawn } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs'
import { constants as osConstants, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CancelledError, SandboxError, UserInputError } from '../core/errors.js'
import { gateCommand, type Approver } from './approval.js'
import { buildCommandLine, isWithin, SANDBOX_HOME, SANDBOX_TMP, type CommandLine } from './command-line.js'
import { detectSandbox, fallbackWarning, type SandboxBackend, type SandboxDetection } from './detect.js'
import { buildEnvironment } from './environment.js'
import { resolveLimits, resolvePolicy, type Escalation, type ExecutionPolicy, type SandboxLimits } from './policy.js'
import { watchMemory } from './process-tree.js'

export interface RunSandboxedOptions {
  /** Program name (looked up on PATH inside the sandbox) or absolute path; never a shell string. */
  command: string
  args?: readonly string[]
  /** Absolute path of the workspace; the only place a `workspace-write` command can write. */
  workspace: string
  /** Working folder, absolute or relative to the workspace; must be inside it. Default: the workspace. */
  cwd?: string
  /** Variables to set inside (names that look like credentials are refused). */
  env?: Readonly<Record<string, string>>
  /** Names of this process's variables to pass through (credentials are refused). */
  allowEnv?: readonly string[]
  stdin?: string | Uint8Array
  policy?: Partial<ExecutionPolicy>
  /** What this command needs beyond the policy; the approval policy decides. */
  escalation?: Escalation
  approver?: Approver
  limits?: Partial<SandboxLimits>
  /** Cancels the run: the process tree is killed and `CancelledError` thrown. */
  signal?: AbortSignal
  /** `auto` (default) uses bubblewrap when it works here; `bubblewrap` fails if it does not; `process` forces the fallback. */
  backend?: 'auto' | SandboxBackend
  /** Host paths the command must be able to read even under the private /tmp. */
  readOnlyPaths?: readonly string[]
  /** Output as it arrives (before truncation), for a door that streams it. */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void
}

export interface SandboxResult {
  /** Null when the command died of a signal. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Which streams passed `maxOutputBytes` and were cut (the head is kept). */
  truncated: { stdout: boolean; stderr: boolean }
  /** The wall-clock limit ran out and the process tree was killed. */
  timedOut: boolean
  /** Stopped by a memory limit: the watchdog killed the tree (memoryBytes), or an allocation failed under RLIMIT_AS (addressSpaceBytes). */
  killedForMemory: boolean
  /** Killed by the CPU-time limit (SIGXCPU). */
  killedForCpu: boolean
  durationMs: number
  sandbox: SandboxBackend
  /** The policy the command ran with (wider than asked for when an approver granted an escalation). */
  policy: ExecutionPolicy
  /** Things a caller should show a person, such as running without isolation. */
  warnings: string[]
}

/** What an allocation failure under RLIMIT_AS looks like in Python, Node, C++, bash and libc. */
const MEMORY_FAILURE =
  /MemoryError|out of memory|Cannot allocate memory|std::bad_alloc|allocation failed|Fatal process OOM|failed to reserve virtual memory/i
/** How long to wait for the pipes after the command exits before giving up on stray holders. */
const PIPE_GRACE_MS = 2000

export async function runSandboxed(options: RunSandboxedOptions): Promise<SandboxResult> {
  if (options.signal?.aborted) throw new CancelledError()
  const workspace = realDirectory(options.workspace, 'workspace')
  if (workspace === '/') throw new UserInputError('The sandbox workspace cannot be the root folder "/".', { field: 'workspace' })
  const cwd = realDirectory(resolve(workspace, options.cwd ?? '.'), 'cwd')
  if (!isWithin(cwd, workspace)) {
    throw new UserInputError(`The working folder "${cwd}" is outside the workspace "${workspace}".`, { field: 'cwd' })
  }
  const policy = resolvePolicy(options.policy)
  const limits = resolveLimits(options.limits)
  const args = [...(options.args ?? [])]
  const detection = await detectSandbox()
  const backend = chooseBackend(options.backend ?? 'auto', detection)
  const effective = await gateCommand(
    { command: options.command, args, cwd, policy, ...(options.escalation ? { escalation: options.escalation } : {}) },
    options.approver,
  )
  if (options.signal?.aborted) throw new CancelledError()

  const warnings = backend === 'process' ? [fallbackWarning(detection, options.backend === 'process')] : []
  // Bubblewrap gives a private /tmp for HOME; `full` and process runs get a scratch folder on the host instead.
  const privateTmp = backend === 'bubblewrap' && effective.sandbox !== 'full'
  const scratch = privateTmp ? undefined : mkdtempSync(join(tmpdir(), 'codex-sandbox-'))
  try {
    const env = buildEnvironment({
      home: scratch ?? SANDBOX_HOME,
      tmpdir: scratch ?? SANDBOX_TMP,
      backend,
      network: effective.network,
      ...(options.allowEnv ? { allowEnv: options.allowEnv } : {}),
      ...(options.env ? { env: options.env } : {}),
    })
    const line = buildCommandLine({
      command: options.command,
      args,
      workspace,
      cwd,
      policy: effective,
      limits,
      env,
      backend,
      detection,
      ...(options.readOnlyPaths ? { readOnlyPaths: options.readOnlyPaths.map((p) => realpathSync(p)) } : {}),
      ...(scratch ? { scratch } : {}),
    })
    const outcome = await execute(line, cwd, limits, detection, options)
    if (outcome.cancelled) throw new CancelledError()
    let { code, signal } = outcome
    // bwrap reports a child killed by signal N as exit code 128+N; turn it back into the signal.
    if (backend === 'bubblewrap' && code !== null && code > 128 && signalName(code - 128) !== undefined) {
      signal = signalName(code - 128) ?? null
      code = null
    }
    const stderr = outcome.stderr.text()
    const addressSpaceCapped =
      Number.isFinite(limits.addressSpaceBytes) && (detection.prlimitPath !== undefined || detection.shPath !== undefined)
    const failedAllocation = addressSpaceCapped && (code !== 0 || signal !== null) && MEMORY_FAILURE.test(stderr)
    return {
      exitCode: code,
      signal,
      stdout: outcome.stdout.text(),
      stderr,
      truncated: { stdout: outcome.stdout.truncated, stderr: outcome.stderr.truncated },
      timedOut: outcome.killedFor === 'time',
      killedForMemory: outcome.killedFor === 'memory' || (outcome.killedFor === undefined && failedAllocation),
      killedForCpu: outcome.killedFor === undefined && signal === 'SIGXCPU',
      durationMs: Math.round(outcome.durationMs),
      sandbox: backend,
      policy: effective,
      warnings,
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

function chooseBackend(wanted: 'auto' | SandboxBackend, detection: SandboxDetection): SandboxBackend {
  if (wanted === 'process') return 'process'
  if (wanted === 'bubblewrap' && !detection.bubblewrap.usable) {
    throw new SandboxError(`The bubblewrap sandbox was required but is not usable: ${detection.bubblewrap.error ?? 'unknown reason'}`)
  }
  return wanted === 'bubblewrap' ? 'bubblewrap' : detection.backend
}

interface Outcome {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: CappedOutput
  stderr: CappedOutput
  killedFor?: 'time' | 'memory'
  cancelled: boolean
  durationMs: number
}

function execute(
  line: CommandLine,
  cwd: string,
  limits: SandboxLimits,
  detection: SandboxDetection,
  options: RunSandboxedOptions,
): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now()
    const child = spawn(line.file, line.args, {
      cwd,
      env: line.env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Its own process group, so one kill reaches everything it started (bwrap's pid namespace goes with it).
      detached: true,
    })
    const { stdout: outPipe, stderr: errPipe } = child
    if (outPipe === null || errPipe === null) throw new Error('spawn gave no stdout/stderr pipes despite stdio: pipe')
    const stdout = new CappedOutput(limits.maxOutputBytes)
    const stderr = new CappedOutput(limits.maxOutputBytes)
    let killedFor: Outcome['killedFor']
    let cancelled = false
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
    let settled = false
    const pid = child.pid
    const killTree = (): void => {
      if (pid !== undefined) killGroup(pid)
    }
    const killFor = (reason: 'time' | 'memory'): void => {
      killedFor ??= reason
      killTree()
    }
    const onAbort = (): void => {
      cancelled = true
      killTree()
    }
    if (pid !== undefined) liveGroups.add(pid)
    const timer = Number.isFinite(limits.timeoutMs) ? setTimeout(() => killFor('time'), limits.timeoutMs) : undefined
    const watchdog =
      pid !== undefined && detection.procfs && Number.isFinite(limits.memoryBytes)
        ? watchMemory(pid, limits.memoryBytes, () => killFor('memory'))
        : undefined
    let graceTimer: NodeJS.Timeout | undefined
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const cleanUp = (): void => {
      if (timer) clearTimeout(timer)
      if (graceTimer) clearTimeout(graceTimer)
      watchdog?.stop()
      options.signal?.removeEventListener('abort', onAbort)
      if (pid !== undefined) liveGroups.delete(pid)
    }
    const finish = (): void => {
      if (settled || exit === undefined) return
      settled = true
      cleanUp()
      resolvePromise({ ...exit, stdout, stderr, ...(killedFor ? { killedFor } : {}), cancelled, durationMs: performance.now() - started })
    }
    outPipe.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      options.onOutput?.('stdout', chunk)
    })
    errPipe.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      options.onOutput?.('stderr', chunk)
    })
    if (child.stdin && options.stdin !== undefined) {
      child.stdin.on('error', (error: NodeJS.ErrnoException) => {
        // A command may exit without reading all its input; that is its business, not a failure of the run.
        if (error.code !== 'EPIPE') stderr.push(Buffer.from(`\n[sandbox: writing stdin failed: ${error.message}]\n`))
      })
      child.stdin.end(options.stdin)
    }
    child.on('error', (error) => {
      if (settled) return
      settled = true
      cleanUp()
      reject(new SandboxError(`Could not start ${line.file}: ${error.message}`, { cause: error }))
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      // Nothing the command started outlives it: the process group goes now, bwrap's namespace already went.
      killTree()
      // Wait for the pipes, but not forever for a process that left the group and still holds them.
      graceTimer = setTimeout(() => {
        outPipe.destroy()
        errPipe.destroy()
        finish()
      }, PIPE_GRACE_MS)
    })
    child.on('close', finish)
  })
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class CappedOutput {
  private readonly chunks: Buffer[] = []
  private kept = 0
  truncated = false
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.kept
    if (room <= 0) {
      this.truncated ||= chunk.length > 0
      return
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (part.length < chunk.length) this.truncated = true
    this.chunks.push(part)
    this.kept += part.length
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/** Process groups still running; killed if this process exits first, so no sandboxed work is orphaned. */
const liveGroups = new Set<number>()
process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid)
})

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted. EPERM: the id now belongs to someone
    // else's group, so ours is gone too. Throwing here would crash the process from a timer.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ESRCH' && code !== 'EPERM') throw error
  }
}

function signalName(number: number): NodeJS.Signals | undefined {
  const entry = Object.entries(osConstants.signals).find(([, value]) => value === number)
  return entry?.[0] as NodeJS.Signals | undefined
}

function realDirectory(path: string, field: string): string {
  let real: string
  try {
    real = realpathSync(path)
  } catch (error) {
    throw new UserInputError(`The sandbox ${field} "${path}" does not exist.`, { field, cause: error })
  }
  if (!statSync(real).isDirectory()) throw new UserInputError(`The sandbox ${field} "${path}" is not a folder.`, { field })
  return real
}
