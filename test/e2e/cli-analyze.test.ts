/** The real CLI binary on a small project in a temp dir: formats, exit codes, cache, baseline, bad input. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

let dir: string

function write(files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
}

interface Report {
  findings: Array<{ ruleId: string; file: string; line: number; severity: string; fingerprint: string }>
  diagnostics: Array<{ file: string; kind: string }>
  stats: { files: number; analyzed: number; cached: number }
  failed: boolean
}

async function analyzeJson(args: string[] = []): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await runCli(['analyze', '--format', 'json', ...args], { cwd: dir })
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-cli-'))
  write({
    'src/handler.js': "const { exec } = require('child_process')\nexports.run = (req) => {\n  exec('ls ' + req.query.dir)\n}\n",
    'src/ok.js': 'export const add = (a, b) => a + b\n',
  })
})

describe('codex-agent analyze (CLI binary)', () => {
  it('reports findings as JSON and exits 1 at the default --fail-on high', async () => {
    const { code, report } = await analyzeJson()
    expect(code).toBe(1)
    expect(report.failed).toBe(true)
    const hit = report.findings.find((f) => f.file === 'src/handler.js' && f.line === 3)
    expect(hit?.severity).toMatch(/critical|high/)
    expect(report.stats.files).toBe(2)
  })

  it('exits 0 with --fail-on none, and 2 on a bad flag value', async () => {
    expect((await analyzeJson(['--fail-on', 'none'])).code).toBe(0)
    const bad = await runCli(['analyze', '--type', 'speed'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/analysis_type/)
  })

  it('answers an unchanged re-run from the cache', async () => {
    await analyzeJson()
    const second = await analyzeJson()
    expect(second.report.stats).toMatchObject({ analyzed: 0, cached: 2 })
    write({ 'src/ok.js': 'export const add = (a, b) => a - b\n' })
    const third = await analyzeJson()
    expect(third.report.stats).toMatchObject({ analyzed: 1, cached: 1 })
    expect(third.report.findings).toEqual(second.report.findings)
  })

  it('reports only new findings against a baseline', async () => {
    const first = await runCli(['analyze', '--format', 'json', '-o', 'baseline.json'], { cwd: dir })
    expect(first.code).toBe(1)
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).findings.length).toBeGreaterThan(0)
    const same = await analyzeJson(['--baseline', 'baseline.json'])
    expect(same.report.findings).toEqual([])
    expect(same.code).toBe(0)
    write({ 'src/new.js': 'export function run(code) {\n  return eval(code)\n}\n' })
    const next = await analyzeJson(['--baseline', 'baseline.json'])
    expect(next.report.findings.map((f) => f.file)).toEqual(['src/new.js'])
  })

  it('honours inline suppressions with a reason', async () => {
    write({
      'src/handler.js':
        "const { exec } = require('child_process')\nexports.run = (req) => {\n  // codex-ignore js-child-process-exec-injection -- dir is checked by the router\n  exec('ls ' + req.query.dir)\n}\n",
    })
    const { report } = await analyzeJson(['--fail-on', 'none'])
    expect(report.findings.filter((f) => f.ruleId === 'js-child-process-exec-injection')).toEqual([])
  })

  it('notes binary, non-UTF-8, oversized and broken files and carries on', async () => {
    write({
      'src/blob.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]),
      'src/latin1.py': Buffer.from('name = "caf\xe9"\n', 'latin1'),
      'src/broken.ts': 'export function (a {{\n  eval(a)\n',
      'src/huge.js': `// ${'x'.repeat(100)}\n`.repeat(20_000),
    })
    const { report } = await analyzeJson(['--fail-on', 'none'])
    const kinds = Object.fromEntries(report.diagnostics.map((d) => [d.file, d.kind]))
    expect(kinds).toMatchObject({
      'src/blob.js': 'binary',
      'src/latin1.py': 'encoding',
      'src/broken.ts': 'syntax-error',
      'src/huge.js': 'too-large',
    })
    expect(report.findings.some((f) => f.file === 'src/handler.js')).toBe(true)
  })

  it('respects .gitignore and skips vendored and minified files', async () => {
    write({
      '.gitignore': 'generated/\n',
      'generated/out.js': 'eval(x)\n',
      'node_modules/dep/index.js': 'eval(x)\n',
      'public/app.min.js': 'eval(x)\n',
    })
    const { report } = await analyzeJson(['--fail-on', 'none'])
    const files = report.findings.map((f) => f.file)
    expect(files).not.toContain('generated/out.js')
    expect(files).not.toContain('node_modules/dep/index.js')
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: 'public/app.min.js', kind: 'minified' }))
  })

  it('refuses paths outside the workspace', async () => {
    const result = await runCli(['analyze', '../'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/outside the workspace/)
  })

  it('fails with exit 2 naming the file and key of an invalid config', async () => {
    write({ '.codex/config.yml': 'analyze:\n  fail_on: sometimes\n' })
    const result = await runCli(['analyze'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(join(dir, '.codex/config.yml'))
    expect(result.stderr).toMatch(/"analyze\.fail_on"/)
  })

  it('loads user rules from .codex/rules', async () => {
    write({
      '.codex/rules/no-todo-fetch.yml': `id: team-no-legacy-client
title: Legacy HTTP client
language: js
category: quality
severity: medium
confidence: high
message: Use the shared http client instead of legacyFetch.
rule: { pattern: legacyFetch($$$) }
tests:
  positive: [legacyFetch(url), "await legacyFetch('/a')"]
  negative: [fetch(url), legacyFetchy()]
`,
      'src/client.js': 'export const get = (url) => legacyFetch(url)\n',
    })
    const { report } = await analyzeJson(['--fail-on', 'none'])
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'team-no-legacy-client', file: 'src/client.js', line: 1 }))
  })

  it('prints a text report with a code frame, and records the run', async () => {
    const text = await runCli(['analyze', '--fail-on', 'none'], { cwd: dir })
    expect(text.stdout).toContain('src/handler.js')
    expect(text.stdout).toMatch(/> 3 \| {3}exec\('ls ' \+ req\.query\.dir\)/)
    const list = await runCli(['runs', 'list', '--json'], { cwd: dir })
    const runs = JSON.parse(list.stdout) as Array<{ id: string; capability: string; status: string }>
    expect(runs[0]).toMatchObject({ capability: 'analyze', status: 'completed' })
    const show = await runCli(['runs', 'show', runs[0]!.id.slice(0, 8), '--json'], { cwd: dir })
    const run = JSON.parse(show.stdout) as { findings: unknown[]; events: Array<{ type: string }> }
    expect(run.findings.length).toBeGreaterThan(0)
    expect(run.events[0]!.type).toBe('run.started')
    expect(run.events.at(-1)!.type).toBe('run.completed')
  })

  it('init writes a starter config that the next run loads, and will not overwrite it', async () => {
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, '.codex/config.yml'), 'utf8')).toContain('hybrid_workflows:')
    expect((await analyzeJson(['--fail-on', 'none'])).code).toBe(0)
    const again = await runCli(['init'], { cwd: dir })
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists/)
  })
})
