/** The environment inside is scrubbed: a secret of the parent is nowhere to be seen, not even in /proc. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxError } from '../../src/core/errors.js'
import { runSandboxed } from '../../src/sandbox/index.js'
import { BACKENDS, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()
const SECRET = `sk-test-${Math.random().toString(36).slice(2)}-do-not-leak`

beforeAll(() => {
  process.env.CODEX_TEST_OPENAI_API_KEY = SECRET
  process.env.CODEX_TEST_PLAIN = 'plain-value'
})
afterAll(() => {
  delete process.env.CODEX_TEST_OPENAI_API_KEY
  delete process.env.CODEX_TEST_PLAIN
})

describe.each(BACKENDS)('environment under the %s backend', (backend) => {
  it('passes PATH, HOME, LANG and the sandbox markers, and no secret, to the command or any process it can see', async () => {
    // Every /proc/*/environ it can read: with bubblewrap that includes its init process (pid 1).
    const script = 'env; for f in /proc/[0-9]*/environ; do tr "\\0" "\\n" < "$f" 2>/dev/null; done | grep -c do-not-leak || true'
    const result = await runSandboxed({ command: 'sh', args: ['-c', script], workspace, backend })
    const lines = result.stdout.trim().split('\n')
    const names = lines.slice(0, -1).map((line) => line.split('=')[0])
    expect(result.stdout).not.toContain(SECRET)
    expect(names).not.toContain('CODEX_TEST_OPENAI_API_KEY')
    expect(names).not.toContain('CODEX_TEST_PLAIN')
    expect(names).toEqual(expect.arrayContaining(['PATH', 'HOME', 'LANG', 'TMPDIR', 'CODEX_SANDBOX', 'CODEX_SANDBOX_NETWORK_DISABLED']))
    expect(result.stdout).toContain(`CODEX_SANDBOX=${backend}\n`)
    if (backend === 'bubblewrap') expect(lines.at(-1)).toBe('0')
    expect(lines.find((l) => l.startsWith('HOME='))).not.toBe(`HOME=${process.env.HOME}`)
  })

  it('passes an allowed variable and an explicit one', async () => {
    const result = await runSandboxed({
      command: 'sh',
      args: ['-c', 'echo "$CODEX_TEST_PLAIN $EXTRA"'],
      workspace,
      backend,
      allowEnv: ['CODEX_TEST_PLAIN'],
      env: { EXTRA: 'explicit' },
    })
    expect(result.stdout).toBe('plain-value explicit\n')
  })

  it('refuses to pass a credential, by name or by value, and starts nothing', async () => {
    await expect(runSandboxed({ command: 'true', workspace, backend, allowEnv: ['CODEX_TEST_OPENAI_API_KEY'] })).rejects.toThrow(
      SandboxError,
    )
    await expect(runSandboxed({ command: 'true', workspace, backend, env: { GITHUB_TOKEN: 'x' } })).rejects.toThrow(/credential/)
    await expect(runSandboxed({ command: 'true', workspace, backend, env: { HARMLESS: `Bearer ${SECRET}` } })).rejects.toThrow(
      /contains a secret/,
    )
  })
})
