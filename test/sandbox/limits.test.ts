/** Runaway processes are stopped by their limits, reported as such, within a bounded wall time. */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CancelledError } from '../../src/core/errors.js'
import { runSandboxed, type SandboxBackend } from '../../src/sandbox/index.js'
import { BACKENDS, makeWorkspace, processesWith } from './helpers.js'

const workspace = makeWorkspace()
const MiB = 1024 * 1024

function sh(backend: SandboxBackend, script: string, limits: Parameters<typeof runSandboxed>[0]['limits'], signal?: AbortSignal) {
  return runSandboxed({ command: 'sh', args: ['-c', script], workspace, backend, limits, ...(signal ? { signal } : {}) })
}

function node(backend: SandboxBackend, args: string[], limits: Parameters<typeof runSandboxed>[0]['limits']) {
  return runSandboxed({ command: process.execPath, args, workspace, backend, limits })
}

describe.concurrent.each(BACKENDS)('limits under the %s backend', (backend) => {
  it('kills an infinite loop at the wall-clock timeout', async () => {
    const result = await sh(backend, 'while :; do :; done', { timeoutMs: 800 })
    expect(result).toMatchObject({ timedOut: true, killedForMemory: false, exitCode: null, sandbox: backend })
    expect(result.durationMs).toBeGreaterThanOrEqual(750)
    expect(result.durationMs).toBeLessThan(4000)
  })

  it('kills a process that spawned many children, and none of them survives', async () => {
    const marker = `987.${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`
    const result = await sh(
      backend,
      `i=0; while [ $i -lt 150 ]; do sleep ${marker} & i=$((i+1)); done; echo spawned; while :; do :; done`,
      {
        timeoutMs: 1500,
      },
    )
    expect(result.stdout).toBe('spawned\n')
    expect(result.timedOut).toBe(true)
    expect(result.durationMs).toBeLessThan(5000)
    // The namespace (bubblewrap) or the process group (fallback) went with it; give the kernel a moment to reap.
    await new Promise((r) => setTimeout(r, 200))
    expect(processesWith(`sleep ${marker}`)).toEqual([])
  })

  it('stops a CPU hog at its CPU-time limit with SIGXCPU', async () => {
    const result = await sh(backend, 'while :; do :; done', { cpuSeconds: 1, timeoutMs: 15_000 })
    expect(result).toMatchObject({ killedForCpu: true, signal: 'SIGXCPU', timedOut: false })
    expect(result.durationMs).toBeLessThan(10_000)
  })

  it('kills a memory hog growing towards 2 GB once the tree passes memoryBytes', async () => {
    const hog = 'const c = []; for (let i = 0; i < 32; i++) c.push(Buffer.alloc(64 * 1024 * 1024, 1)); console.log("survived")'
    const result = await node(backend, ['-e', hog], { memoryBytes: 256 * MiB, timeoutMs: 15_000 })
    expect(result.stdout).not.toContain('survived')
    expect(result).toMatchObject({ killedForMemory: true, timedOut: false, signal: 'SIGKILL' })
    expect(result.durationMs).toBeLessThan(10_000)
  })

  it('counts the memory of all processes in the tree, not one at a time', async () => {
    // Three children of 150 MB each: every one is under the limit, together they are not.
    const child = `"${process.execPath}" -e 'const b = Buffer.alloc(150 * 1024 * 1024, 1); setTimeout(() => b, 20000)'`
    const result = await sh(backend, `${child} & ${child} & ${child} & wait; echo survived`, { memoryBytes: 400 * MiB, timeoutMs: 15_000 })
    expect(result.stdout).not.toContain('survived')
    expect(result).toMatchObject({ killedForMemory: true, timedOut: false })
    expect(result.durationMs).toBeLessThan(10_000)
  })

  it('fails a single 2 GB allocation at once under the address-space limit (RLIMIT_AS)', async () => {
    const result = await node(backend, ['-e', 'Buffer.alloc(2 * 1024 ** 3); console.log("survived")'], { addressSpaceBytes: 1536 * MiB })
    expect(result.stdout).not.toContain('survived')
    expect(result.stderr).toContain('Array buffer allocation failed')
    expect(result).toMatchObject({ killedForMemory: true, timedOut: false, exitCode: 1 })
    expect(result.durationMs).toBeLessThan(5000)
  })

  it('keeps only maxOutputBytes of a flood of output', async () => {
    const result = await sh(backend, 'head -c 3000000 /dev/zero | tr "\\0" a; echo done >&2', { maxOutputBytes: 1000 })
    expect(result.stdout).toBe('a'.repeat(1000))
    expect(result.truncated).toEqual({ stdout: true, stderr: false })
    expect(result.stderr).toBe('done\n')
    expect(result.exitCode).toBe(0)
  })

  it('is cancelled by its AbortSignal: the tree is killed and CancelledError thrown', async () => {
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 300)
    const marker = `876.${randomUUID().slice(0, 6).replace(/\D/g, '1')}`
    await expect(sh(backend, `sleep ${marker} & sleep ${marker}`, { timeoutMs: 20_000 }, controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    )
    expect(Date.now() - started).toBeLessThan(3000)
    await new Promise((r) => setTimeout(r, 200))
    expect(processesWith(`sleep ${marker}`)).toEqual([])
  })
})
