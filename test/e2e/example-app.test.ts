/**
 * The Quick start's example: every line marked `codex-planted: <category>` (or the line after
 * `codex-planted-next: <category>`) must get a finding of that category; the SARIF report of the
 * same run must pass the SARIF 2.1.0 schema and GitHub's upload rules (Microsoft SARIF Multitool).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyToTemp, REPO, runCli } from '../helpers/cli.js'

const require = createRequire(import.meta.url)
const EXAMPLE = join(REPO, 'examples', 'vulnerable-app')

interface Planted {
  file: string
  line: number
  category: string
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

function plantedIssues(): Planted[] {
  const planted: Planted[] = []
  for (const file of listFiles(EXAMPLE)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const match = /codex-planted(-next)?: (\w+)/.exec(text)
        if (match && !file.endsWith('README.md')) {
          planted.push({ file: relative(EXAMPLE, file), line: i + 1 + (match[1] ? 1 : 0), category: match[2]! })
        }
      })
  }
  return planted
}

interface Report {
  findings: Array<{ file: string; line: number; category: string; ruleId: string }>
}

let workspace: string
let report: Report

beforeAll(async () => {
  workspace = copyToTemp(EXAMPLE)
  const result = await runCli(['analyze', '--format', 'json', '--fail-on', 'none', '--no-store'], { cwd: workspace })
  expect(result.code, result.stderr).toBe(0)
  report = JSON.parse(result.stdout) as Report
})

describe('examples/vulnerable-app', () => {
  const planted = plantedIssues()

  it('plants issues of all four types', () => {
    expect(new Set(planted.map((p) => p.category))).toEqual(new Set(['security', 'performance', 'quality', 'compatibility']))
    expect(planted.length).toBeGreaterThanOrEqual(30)
  })

  it.each(planted.map((p) => [`${p.file}:${p.line} (${p.category})`, p] as const))('reports %s', (_name, p) => {
    const hits = report.findings.filter((f) => f.file === p.file && f.line === p.line && f.category === p.category)
    expect(hits, JSON.stringify(report.findings.filter((f) => f.file === p.file).map((f) => [f.line, f.ruleId]))).not.toEqual([])
  })

  it('writes SARIF that passes the SARIF 2.1.0 schema and GitHub code scanning rules', async () => {
    const result = await runCli(['analyze', '--format', 'sarif', '-o', 'report.sarif', '--fail-on', 'none', '--no-store'], {
      cwd: workspace,
    })
    expect(result.code, result.stderr).toBe(0)
    const sarifFile = join(workspace, 'report.sarif')
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'))
    expect(sarif.runs[0].results.length).toBe(report.findings.length)

    const multitoolDir = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..')
    const schema = JSON.parse(readFileSync(join(multitoolDir, 'sarif-2.1.0.json'), 'utf8'))
    const ajv = new Ajv2020.default({ strict: false, allErrors: true })
    addFormats.default(ajv)
    const validate = ajv.compile(schema)
    expect(validate(sarif), ajv.errorsText(validate.errors)).toBe(true)

    // The npm package ships the binary without its execute bit on some installs.
    const binary = join(multitoolDir, 'Sarif.Multitool')
    chmodSync(binary, 0o755)
    for (const kind of ['Gh', 'Sarif']) {
      const out = join(workspace, `validation-${kind}.sarif`)
      execFileSync(binary, ['validate', sarifFile, '--rule-kind', kind, '--output', out], {
        stdio: 'pipe',
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      })
      const problems = JSON.parse(readFileSync(out, 'utf8')).runs[0].results.filter(
        (r: { level?: string }) => r.level === 'error' || r.level === 'warning',
      )
      expect(
        problems.map((r: { ruleId: string; message: unknown }) => `${r.ruleId} ${JSON.stringify(r.message)}`),
        kind,
      ).toEqual([])
    }
  })

  it('the SARIF validation catches a broken log (the check can fail)', () => {
    const multitoolDir = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..')
    const broken = join(workspace, 'broken.sarif')
    const sarif = JSON.parse(readFileSync(join(workspace, 'report.sarif'), 'utf8'))
    delete sarif.runs[0].tool.driver.rules[0].fullDescription
    writeFileSync(broken, JSON.stringify(sarif))
    const out = join(workspace, 'validation-broken.sarif')
    execFileSync(join(multitoolDir, 'Sarif.Multitool'), ['validate', broken, '--rule-kind', 'Gh', '--output', out], { stdio: 'pipe' })
    const errors = JSON.parse(readFileSync(out, 'utf8')).runs[0].results.filter((r: { level?: string }) => r.level === 'error')
    expect(errors.length).toBeGreaterThan(0)
  })
})
