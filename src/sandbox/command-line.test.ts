import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bubblewrapFlags, buildCommandLine, isWithin, withLimits, type CommandLineInput } from './command-line.js'
import type { SandboxDetection } from './detect.js'
import { DEFAULT_LIMITS, DEFAULT_POLICY } from './policy.js'

const root = mkdtempSync(join(tmpdir(), 'codex-cmdline-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const workspace = join(root, 'ws')
const home = join(root, 'home')
mkdirSync(join(workspace, '.git'), { recursive: true })
mkdirSync(join(home, '.ssh'), { recursive: true })
writeFileSync(join(home, '.npmrc'), 'token')

const detection: SandboxDetection = {
  backend: 'bubblewrap',
  bubblewrap: { path: '/usr/bin/bwrap', usable: true, networkIsolation: true, tmpfsSize: true },
  prlimitPath: '/usr/bin/prlimit',
  shPath: '/bin/sh',
  procfs: true,
}

const input = (over: Partial<CommandLineInput> = {}): CommandLineInput => ({
  command: 'node',
  args: ['x.js'],
  workspace,
  cwd: workspace,
  policy: { ...DEFAULT_POLICY },
  limits: { ...DEFAULT_LIMITS, memoryBytes: 1000 },
  env: { PATH: '/bin', HOME: '/tmp/home' },
  backend: 'bubblewrap',
  detection,
  maskedPaths: [join(home, '.ssh'), join(home, '.npmrc'), join(home, '.aws')],
  ...over,
})

/** The flag list as "flag arg arg" strings, one per mount/option, for readable assertions. */
function steps(flags: string[]): string[] {
  const arity: Record<string, number> = {
    '--bind': 2,
    '--ro-bind': 2,
    '--tmpfs': 1,
    '--dir': 1,
    '--dev': 1,
    '--proc': 1,
    '--size': 1,
    '--chdir': 1,
    '--setenv': 2,
    '--cap-drop': 1,
  }
  const out: string[] = []
  for (let i = 0; i < flags.length; i++) {
    const n = arity[flags[i]!] ?? 0
    out.push(flags.slice(i, i + 1 + n).join(' '))
    i += n
  }
  return out
}

describe('bubblewrapFlags', () => {
  it('workspace-write: read-only root, private /tmp, writable workspace with .git read-only, masks, no network, scrubbed env', () => {
    const s = steps(bubblewrapFlags(input()))
    expect(s[0]).toBe('--ro-bind / /')
    expect(s).toEqual(
      expect.arrayContaining(['--unshare-net', '--unshare-pid', '--die-with-parent', '--new-session', '--cap-drop ALL', '--clearenv']),
    )
    const order = [
      '--size 1000',
      '--tmpfs /tmp',
      `--bind ${workspace} ${workspace}`,
      `--ro-bind ${workspace}/.git ${workspace}/.git`,
      `--tmpfs ${home}/.ssh`,
      `--ro-bind /dev/null ${home}/.npmrc`,
      `--chdir ${workspace}`,
    ]
    expect(order.map((step) => s.indexOf(step))).toEqual([...order.map((step) => s.indexOf(step))].sort((a, b) => a - b))
    expect(order.every((step) => s.includes(step))).toBe(true)
    expect(s.join('\n')).not.toContain('.aws') // masks only what exists
    expect(s.slice(-2)).toEqual(['--setenv PATH /bin', '--setenv HOME /tmp/home'])
  })

  it('read-only mounts the workspace read-only; full binds / writable and keeps the host /tmp', () => {
    const readOnly = steps(bubblewrapFlags(input({ policy: { ...DEFAULT_POLICY, sandbox: 'read-only' } })))
    expect(readOnly).toContain(`--ro-bind ${workspace} ${workspace}`)
    expect(readOnly).not.toContain(`--bind ${workspace} ${workspace}`)
    const full = steps(bubblewrapFlags(input({ policy: { ...DEFAULT_POLICY, sandbox: 'full', network: true } })))
    expect(full[0]).toBe('--bind / /')
    expect(full).not.toContain('--tmpfs /tmp')
    expect(full).not.toContain('--unshare-net')
    expect(full.join('\n')).not.toContain('.ssh')
  })

  it('does not mask a folder that holds the workspace, and skips --size where bwrap lacks it', () => {
    const flags = bubblewrapFlags(
      input({ maskedPaths: [root], detection: { ...detection, bubblewrap: { ...detection.bubblewrap, tmpfsSize: false } } }),
    )
    expect(steps(flags)).not.toContain(`--tmpfs ${root}`)
    expect(flags).not.toContain('--size')
  })
})

describe('withLimits', () => {
  it('uses prlimit: no core files, CPU soft/hard, address space only when capped', () => {
    expect(withLimits('node', ['a'], { ...DEFAULT_LIMITS, cpuSeconds: 2.5 }, detection)).toEqual([
      '/usr/bin/prlimit',
      '--core=0',
      '--cpu=3:4',
      '--',
      'node',
      'a',
    ])
    expect(withLimits('node', [], { ...DEFAULT_LIMITS, addressSpaceBytes: 4096, cpuSeconds: Infinity }, detection)).toEqual([
      '/usr/bin/prlimit',
      '--core=0',
      '--as=4096',
      '--',
      'node',
    ])
  })

  it('falls back to ulimit in sh, passing arguments untouched', () => {
    const line = withLimits('echo', ['$HOME', 'a b'], { ...DEFAULT_LIMITS, cpuSeconds: 2, addressSpaceBytes: 2048 }, {
      ...detection,
      prlimitPath: undefined,
    } as SandboxDetection)
    expect(line.slice(0, 2)).toEqual(['/bin/sh', '-c'])
    expect(line[2]).toBe(
      'ulimit -c 0 2>/dev/null; ulimit -H -t 3 2>/dev/null; ulimit -S -t 2 2>/dev/null; ulimit -v 2 2>/dev/null; exec "$@"',
    )
    expect(line.slice(3)).toEqual(['sh', 'echo', '$HOME', 'a b'])
  })
})

describe('buildCommandLine', () => {
  it('runs bwrap with only the scrubbed environment, and the process backend without bwrap', () => {
    const line = buildCommandLine(input())
    expect(line.file).toBe('/usr/bin/bwrap')
    expect(line.env).toEqual({ PATH: '/bin', HOME: '/tmp/home' })
    expect(line.args.slice(line.args.indexOf('--'))).toEqual(['--', '/usr/bin/prlimit', '--core=0', '--cpu=120:121', '--', 'node', 'x.js'])
    const plain = buildCommandLine(input({ backend: 'process' }))
    expect(plain.file).toBe('/usr/bin/prlimit')
    expect(plain.args.at(-1)).toBe('x.js')
  })
})

describe('isWithin', () => {
  it.each([
    ['/a/b', '/a', true],
    ['/a', '/a', true],
    ['/ab', '/a', false],
    ['/a/..b', '/a', true],
    ['/', '/a', false],
  ])('%s within %s: %s', (path, folder, expected) => expect(isWithin(path, folder)).toBe(expected))
})
