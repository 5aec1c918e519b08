/**
 * Codex Agent analyzes its own sources with the real CLI binary and its default gate (`--fail-on high`):
 * no high or critical finding, and no regular expression it rates worse than low (it found a degree-4
 * suppression parser and quadratic snippet sniffing reachable over HTTP in this code base). A finding
 * that is accepted gets a `codex-ignore RULE -- reason` comment on its line, as a user's would.
 */
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { REPO, runCli } from '../helpers/cli.js'

interface Report {
  findings: Array<{ ruleId: string; file: string; line: number; severity: string; message: string }>
  failed: boolean
}

it('finds nothing at or above high in its own src/, and no regex worse than low', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codex-self-'))
  cpSync(join(REPO, 'src'), join(dir, 'src'), { recursive: true })
  const result = await runCli(['analyze', 'src', '--format', 'json', '--no-progress'], { cwd: dir })
  const report = JSON.parse(result.stdout) as Report
  const show = (f: Report['findings'][number]) => `${f.severity} ${f.ruleId} ${f.file}:${f.line} ${f.message.slice(0, 120)}`
  expect(report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map(show)).toEqual([])
  expect(report.findings.filter((f) => f.ruleId === 'js-regex-backtracking' && f.severity !== 'low').map(show)).toEqual([])
  expect(result.code).toBe(0)
}, 60_000)
