/** The process fallback: still a scrubbed, limited child process in the workspace, and it says it is not isolated. */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeSandbox, runCode, runSandboxed } from '../../src/sandbox/index.js'
import { FALLBACK_ONLY, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()

describe('the process fallback', () => {
  it('runs the command in the workspace with a throw-away HOME, and warns that it is not isolated', async () => {
    const result = await runSandboxed({
      command: 'sh',
      args: ['-c', 'pwd; echo "$HOME"; touch "$HOME/x" && echo home-writable'],
      workspace,
      backend: 'process',
    })
    const [cwd, home, writable] = result.stdout.trim().split('\n')
    expect(result).toMatchObject({ exitCode: 0, sandbox: 'process' })
    expect(cwd).toBe(workspace)
    expect(writable).toBe('home-writable')
    expect(home).not.toBe(process.env.HOME)
    expect(existsSync(home!), 'the scratch HOME is removed after the run').toBe(false)
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatch(/^Not isolated: .*reach the network.*Use the auto or bubblewrap backend/)
  })

  it('warns through runCode too', async () => {
    const result = await runCode({ language: 'javascript', code: 'console.log("hi")', workspace, backend: 'process' })
    expect(result).toMatchObject({ stdout: 'hi\n', sandbox: 'process' })
    expect(result.warnings[0]).toMatch(/^Not isolated/)
  })

  it('still applies the limits through prlimit', async () => {
    const result = await runSandboxed({
      command: 'sh',
      args: ['-c', 'ulimit -t; ulimit -v; ulimit -c'],
      workspace,
      backend: 'process',
      limits: { cpuSeconds: 7, addressSpaceBytes: 1024 ** 3 },
    })
    expect(result.stdout).toBe(`7\n${1024 ** 2}\n0\n`)
  })

  it('is what auto picks only when bubblewrap is not usable', async () => {
    const description = await describeSandbox()
    const result = await runSandboxed({ command: 'true', workspace })
    expect(result.sandbox).toBe(description.backend)
    expect(result.warnings.length > 0).toBe(description.backend === 'process')
    if (!FALLBACK_ONLY) expect(result.sandbox).toBe('bubblewrap')
    expect(description.prlimit.available).toBe(true)
    expect(description.notes.join(' ')).toMatch(description.isolated ? /bubblewrap/ : /Not isolated/)
  })
})
