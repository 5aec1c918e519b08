/** Finds out once which sandbox this machine can give: bubblewrap (really tried), prlimit, /proc. */
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

export type SandboxBackend = 'bubblewrap' | 'process'

export interface SandboxDetection {
  /** What `backend: 'auto'` uses. */
  backend: SandboxBackend
  bubblewrap: {
    path?: string
    version?: string
    /** It is installed and a real sandbox started with the flags `runSandboxed` uses. */
    usable: boolean
    /** Why it is not usable (not installed, or what it printed when it failed). */
    error?: string
    /** A sandbox with `--unshare-net` sees only a loopback interface. */
    networkIsolation: boolean
    /** `--size` before `--tmpfs` works (bubblewrap 0.7+), so the private /tmp is capped. */
    tmpfsSize: boolean
  }
  /** util-linux `prlimit`; without it limits are set with `ulimit` in `sh`. */
  prlimitPath?: string
  shPath?: string
  /** /proc is there, so the resident-memory watchdog can run. */
  procfs: boolean
}

const PROBE_TIMEOUT_MS = 10_000
const SEARCH_FALLBACK = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']

let cached: Promise<SandboxDetection> | undefined

/** Detects once per process; `refresh` probes again (after installing bubblewrap, say). */
export function detectSandbox(options: { refresh?: boolean } = {}): Promise<SandboxDetection> {
  if (cached === undefined || options.refresh === true) cached = probe()
  return cached
}

/** The isolation flags every bubblewrap run uses; probing them is what proves bubblewrap works here. */
export const BWRAP_BASE_FLAGS = [
  '--die-with-parent',
  '--new-session',
  // Run as root, bwrap keeps every capability unless told otherwise, and CAP_SYS_ADMIN could remount / writable.
  '--cap-drop',
  'ALL',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  '--dev',
  '/dev',
  '--proc',
  '/proc',
] as const

async function probe(): Promise<SandboxDetection> {
  const bwrapPath = findExecutable('bwrap')
  const prlimitPath = findExecutable('prlimit')
  const shPath = findExecutable('sh')
  const procfs = process.platform === 'linux' && existsSync('/proc/self/status')
  const base = { ...(prlimitPath ? { prlimitPath } : {}), ...(shPath ? { shPath } : {}), procfs }
  if (process.platform !== 'linux') {
    return {
      ...base,
      backend: 'process',
      bubblewrap: {
        usable: false,
        error: `bubblewrap needs Linux; this is ${process.platform}.`,
        networkIsolation: false,
        tmpfsSize: false,
      },
    }
  }
  if (bwrapPath === undefined) {
    return {
      ...base,
      backend: 'process',
      bubblewrap: {
        usable: false,
        error: 'bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap).',
        networkIsolation: false,
        tmpfsSize: false,
      },
    }
  }
  const version = (await run(bwrapPath, ['--version'])).stdout.trim() || undefined
  const common = ['--ro-bind', '/', '/', ...BWRAP_BASE_FLAGS]
  let tmpfsSize = true
  let started = await run(bwrapPath, [...common, '--size', String(16 * 1024 * 1024), '--tmpfs', '/tmp', '--', 'true'])
  if (started.code !== 0) {
    tmpfsSize = false
    started = await run(bwrapPath, [...common, '--tmpfs', '/tmp', '--', 'true'])
  }
  const bubblewrap = { path: bwrapPath, ...(version ? { version } : {}) }
  if (started.code !== 0) {
    const said = started.stderr.trim() || `exit code ${String(started.code)}`
    return {
      ...base,
      backend: 'process',
      bubblewrap: {
        ...bubblewrap,
        usable: false,
        error: `bwrap is installed but cannot start a sandbox here: ${said}`,
        networkIsolation: false,
        tmpfsSize,
      },
    }
  }
  const net = await run(bwrapPath, [...common, '--unshare-net', '--', 'cat', '/proc/net/dev'])
  const interfaces = net.code === 0 ? [...net.stdout.matchAll(/^\s*([^\s:|]+):/gm)].map((m) => m[1]) : []
  const networkIsolation = interfaces.length > 0 && interfaces.every((name) => name === 'lo')
  if (!networkIsolation) {
    const said = net.code === 0 ? `it still sees ${interfaces.join(', ')}` : net.stderr.trim()
    return {
      ...base,
      backend: 'process',
      bubblewrap: { ...bubblewrap, usable: false, error: `bwrap cannot take the network away here: ${said}`, networkIsolation, tmpfsSize },
    }
  }
  return { ...base, backend: 'bubblewrap', bubblewrap: { ...bubblewrap, usable: true, networkIsolation, tmpfsSize } }
}

/** The first executable called `name` on PATH (or the usual system folders). */
export function findExecutable(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  const dirs = [...(pathVariable ?? '').split(delimiter).filter(Boolean), ...SEARCH_FALLBACK]
  for (const dir of dirs) {
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not in this folder; try the next.
    }
  }
  return undefined
}

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolve({ code, stdout, stderr: stderr || (error?.message ?? '') })
    })
  })
}

export interface SandboxDescription {
  backend: SandboxBackend
  isolated: boolean
  bubblewrap: SandboxDetection['bubblewrap'] & { installed: boolean }
  networkIsolation: boolean
  prlimit: { available: boolean; path?: string }
  /** How CPU and memory limits are set: `prlimit`, `ulimit` (through sh), or not at all. */
  limitsVia: 'prlimit' | 'ulimit' | 'none'
  memoryWatchdog: boolean
  /** Sentences for `codex-agent doctor` to print. */
  notes: string[]
}

/** What `codex-agent doctor` reports about the sandbox. */
export async function describeSandbox(options: { refresh?: boolean } = {}): Promise<SandboxDescription> {
  const d = await detectSandbox(options)
  const limitsVia = d.prlimitPath ? 'prlimit' : d.shPath ? 'ulimit' : 'none'
  const notes: string[] = []
  if (d.backend === 'bubblewrap') {
    notes.push(
      `Commands run in ${d.bubblewrap.version?.startsWith('bubblewrap') ? d.bubblewrap.version : `bubblewrap ${d.bubblewrap.version ?? ''}`.trimEnd()}` +
        ': read-only system, writable workspace, private /tmp, no network.',
    )
  } else {
    notes.push(`${fallbackWarning(d)}`)
  }
  notes.push(
    limitsVia === 'none'
      ? 'No prlimit or sh: only the wall-clock timeout and the memory watchdog limit commands.'
      : `CPU and address-space limits are set with ${limitsVia}.`,
  )
  if (!d.procfs) notes.push('No /proc: the resident-memory watchdog is off.')
  return {
    backend: d.backend,
    isolated: d.backend === 'bubblewrap',
    bubblewrap: { ...d.bubblewrap, installed: d.bubblewrap.path !== undefined },
    networkIsolation: d.bubblewrap.networkIsolation,
    prlimit: { available: d.prlimitPath !== undefined, ...(d.prlimitPath ? { path: d.prlimitPath } : {}) },
    limitsVia,
    memoryWatchdog: d.procfs,
    notes,
  }
}

/** The warning every unisolated run carries, with the reason bubblewrap was not used. */
export function fallbackWarning(detection: SandboxDetection, forced = false): string {
  const why = forced ? 'the process backend was chosen' : (detection.bubblewrap.error ?? 'bubblewrap is not usable')
  const remedy = forced
    ? 'Use the auto or bubblewrap backend to isolate them.'
    : detection.bubblewrap.path === undefined
      ? 'Install bubblewrap (apt-get install bubblewrap) to isolate them.'
      : 'Run where bubblewrap may create namespaces (containers often forbid it: allow unprivileged user namespaces, or run on the host) to isolate them.'
  return (
    `Not isolated: commands run as a plain child process (${why}). They can read and write whatever this user can and reach the network; ` +
    `only the scrubbed environment, the working folder and the time/CPU/memory limits apply. ${remedy}`
  )
}
