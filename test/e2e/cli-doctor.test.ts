/** `codex-agent doctor --json` reports the real sandbox and engines of this machine. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

describe('codex-agent doctor', () => {
  it('reports sandbox, engines and providers without printing secrets', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'codex-doctor-'))
    const result = await runCli(['doctor', '--json'], { cwd, env: { OPENAI_API_KEY: 'sk-test-doctor-secret-value' } })
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('sk-test-doctor-secret-value')
    const report = JSON.parse(result.stdout)
    expect(report.sandbox.backend).toMatch(/^(bubblewrap|process)$/)
    expect(report.analyze.ruff).toMatch(/^\d+\.\d+/)
    expect(report.models).toMatchObject({ openaiKey: true, configured: null })
  })
})
