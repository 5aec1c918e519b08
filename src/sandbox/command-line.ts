/** Turns a command, a policy and limits into the exact argv that runs it: bwrap flags, then limits. */
import { statSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { isAbsolute, join, relative, sep } from 'node:path'
import { BWRAP_BASE_FLAGS, type SandboxBackend, type SandboxDetection } from './detect.js'
import type { ExecutionPolicy, SandboxLimits } from './policy.js'

/** Folders of the workspace that stay read-only under `workspace-write`: git hooks and our own config run outside the sandbox later. */
export const PROTECTED_SUBPATHS = ['.git', '.codex'] as const

/** Credential stores under the home folder, hidden from sandboxed code (the rest of the system stays readable). */
export const MASKED_HOME_PATHS = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.kube',
  '.docker',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.password-store',
  '.vault-token',
  '.codex',
  '.config/gcloud',
  '.config/gh',
  '.config/codex-agent',
] as const

/** HOME and TMPDIR inside a bubblewrap sandbox with a private /tmp. */
export const SANDBOX_HOME = '/tmp/home'
export const SANDBOX_TMP = '/tmp'

export interface CommandLineInput {
  command: string
  args: readonly string[]
  /** Real (symlink-free) absolute paths. */
  workspace: string
  cwd: string
  policy: ExecutionPolicy
  limits: SandboxLimits
  env: Readonly<Record<string, string>>
  backend: SandboxBackend
  detection: SandboxDetection
  /** Host paths that must be visible read-only inside (they may live under the private /tmp). */
  readOnlyPaths?: readonly string[]
  /** Host folder made writable inside, as HOME/TMPDIR of `full` and process runs. */
  scratch?: string
  protectedSubpaths?: readonly string[]
  /** Absolute paths to hide; default: MASKED_HOME_PATHS under the home folder. */
  maskedPaths?: readonly string[]
}

export interface CommandLine {
  file: string
  args: string[]
  env: Record<string, string>
}

export function buildCommandLine(input: CommandLineInput): CommandLine {
  const limited = withLimits(input.command, input.args, input.limits, input.detection)
  if (input.backend === 'process') {
    const [file, ...args] = limited as [string, ...string[]]
    return { file, args, env: { ...input.env } }
  }
  const bwrap = input.detection.bubblewrap.path
  if (bwrap === undefined) throw new Error('buildCommandLine: bubblewrap backend without a bwrap path')
  return { file: bwrap, args: [...bubblewrapFlags(input), '--', ...limited], env: { ...input.env } }
}

/** The bwrap flags; order matters, since later mounts go on top of earlier ones. */
export function bubblewrapFlags(input: CommandLineInput): string[] {
  const { policy, workspace, detection } = input
  const flags: string[] = []
  const mount = (kind: '--bind' | '--ro-bind', path: string) => flags.push(kind, path, path)
  if (policy.sandbox === 'full') {
    mount('--bind', '/')
  } else {
    mount('--ro-bind', '/')
  }
  flags.push(...BWRAP_BASE_FLAGS)
  if (!policy.network) flags.push('--unshare-net')
  if (policy.sandbox !== 'full') {
    const tmpfsBytes = Number.isFinite(input.limits.memoryBytes) ? Math.floor(input.limits.memoryBytes) : undefined
    if (detection.bubblewrap.tmpfsSize && tmpfsBytes !== undefined) flags.push('--size', String(tmpfsBytes))
    flags.push('--tmpfs', '/tmp', '--dir', SANDBOX_HOME)
  }
  if (policy.sandbox === 'workspace-write') {
    mount('--bind', workspace)
    for (const sub of input.protectedSubpaths ?? PROTECTED_SUBPATHS) {
      const path = join(workspace, sub)
      if (kindOf(path) !== undefined) mount('--ro-bind', path)
    }
  } else if (policy.sandbox === 'read-only') {
    mount('--ro-bind', workspace)
  }
  if (policy.sandbox !== 'full') {
    // After the workspace mount, so a credential folder inside the workspace stays hidden too.
    const keep = [workspace, ...(input.readOnlyPaths ?? [])]
    for (const path of input.maskedPaths ?? defaultMaskedPaths()) {
      // A mask must not swallow the workspace or a path the command was promised.
      if (keep.some((k) => isWithin(k, path))) continue
      const kind = kindOf(path)
      if (kind === 'dir') flags.push('--tmpfs', path)
      else if (kind === 'file') flags.push('--ro-bind', '/dev/null', path)
    }
  }
  if (input.scratch !== undefined) mount('--bind', input.scratch)
  for (const path of input.readOnlyPaths ?? []) mount('--ro-bind', path)
  flags.push('--chdir', input.cwd, '--clearenv')
  for (const [name, value] of Object.entries(input.env)) flags.push('--setenv', name, value)
  return flags
}

/** Prefixes the command with prlimit (or `sh -c ulimit`) so CPU time, address space and core files are capped. */
export function withLimits(command: string, args: readonly string[], limits: SandboxLimits, detection: SandboxDetection): string[] {
  const cpu = Number.isFinite(limits.cpuSeconds) ? Math.max(1, Math.ceil(limits.cpuSeconds)) : undefined
  const memory = Number.isFinite(limits.addressSpaceBytes) ? Math.floor(limits.addressSpaceBytes) : undefined
  if (detection.prlimitPath !== undefined) {
    // Soft limit sends SIGXCPU (reported as killedForCpu); the hard limit a second later is SIGKILL.
    const flags = ['--core=0']
    if (cpu !== undefined) flags.push(`--cpu=${cpu}:${cpu + 1}`)
    if (memory !== undefined) flags.push(`--as=${memory}`)
    return [detection.prlimitPath, ...flags, '--', command, ...args]
  }
  if (detection.shPath !== undefined) {
    const steps = ['ulimit -c 0']
    if (cpu !== undefined) steps.push(`ulimit -H -t ${cpu + 1}`, `ulimit -S -t ${cpu}`)
    if (memory !== undefined) steps.push(`ulimit -v ${Math.floor(memory / 1024)}`)
    // A shell without one of these limits (not Linux) still runs the command: the timeout and watchdog remain.
    const script = `${steps.map((s) => `${s} 2>/dev/null`).join('; ')}; exec "$@"`
    return [detection.shPath, '-c', script, 'sh', command, ...args]
  }
  return [command, ...args]
}

/** Credential stores under $HOME and under the account's home from the password database, when they differ. */
export function defaultMaskedPaths(): string[] {
  const homes = new Set([process.env.HOME, homedir(), accountHome()].filter((h): h is string => h !== undefined && h !== '' && h !== '/'))
  return [...homes].flatMap((home) => MASKED_HOME_PATHS.map((p) => join(home, p)))
}

function accountHome(): string | undefined {
  try {
    return userInfo().homedir
  } catch {
    // No password-database entry for this uid (common in containers): $HOME is all there is.
    return undefined
  }
}

export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

function kindOf(path: string): 'dir' | 'file' | undefined {
  try {
    const stat = statSync(path)
    return stat.isDirectory() ? 'dir' : 'file'
  } catch {
    return undefined
  }
}
