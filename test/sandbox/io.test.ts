/** Input, output and exit status pass through the sandbox unchanged. */
import { describe, expect, it } from 'vitest'
import { runSandboxed } from '../../src/sandbox/index.js'
import { BACKENDS, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()

describe.each(BACKENDS)('input and output under the %s backend', (backend) => {
  it('feeds stdin, streams output as it comes, and keeps stdout and stderr apart', async () => {
    const seen: string[] = []
    const result = await runSandboxed({
      command: 'sh',
      args: ['-c', 'tr a-z A-Z; echo to-stderr >&2; exit 5'],
      workspace,
      backend,
      stdin: 'hello sandbox\n',
      onOutput: (stream, chunk) => seen.push(`${stream}:${chunk.toString()}`),
    })
    expect(result).toMatchObject({ exitCode: 5, signal: null, stdout: 'HELLO SANDBOX\n', stderr: 'to-stderr\n', timedOut: false })
    expect(seen.join('')).toBe('stdout:HELLO SANDBOX\nstderr:to-stderr\n')
  })

  it('reports death by a signal as the signal, not as an exit code', async () => {
    const result = await runSandboxed({ command: 'sh', args: ['-c', 'kill -TERM $$'], workspace, backend })
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: false, killedForCpu: false })
  })

  it('reports a missing program as a failed run', async () => {
    const result = await runSandboxed({ command: 'no-such-program-codex', workspace, backend })
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toMatch(/no-such-program-codex/)
  })
})
