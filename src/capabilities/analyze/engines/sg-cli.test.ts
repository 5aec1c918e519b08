/**
 * The batch ast-grep scan must give the same findings as the Node binding: on every rule's own test
 * cases (as the rule harness runs them), on the example app, and on awkward text (characters outside
 * the BMP, a BOM, `ast-grep-ignore` comments, a file changed since it was read).
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CATEGORIES } from '../../../core/finding.js'
import { analyze } from '../../../index.js'
import { analyzeText, type RuleFilter } from '../file-analyzer.js'
import { scannedFor, scanPlans } from '../pool.js'
import { detectLanguage, ruleLanguageCovers, type Language } from '../languages.js'
import { loadRules } from './rule-loader.js'
import { orderRule } from './rule-order.js'
import type { Rule } from './rule-schema.js'
import { metricScanRules } from './metrics.js'
import { prepareScanRules, runScan, SCAN_SYNTAX, scannable, sgBinary, SG_LANGUAGES, type ScanFile } from './sg-cli.js'

const { rules } = loadRules()
const filter: RuleFilter = { categories: [...CATEGORIES], standards: [] }
const binary = sgBinary()
const work = mkdtempSync(join(tmpdir(), 'codex-sg-test-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const EXTENSION: Partial<Record<Language, string>> = { javascript: 'js', typescript: 'ts', tsx: 'tsx', python: 'py' }

function scanFile(path: string, language: Language, text: string): ScanFile {
  const absolute = join(work, path)
  mkdirSync(join(absolute, '..'), { recursive: true })
  writeFileSync(absolute, text)
  return { path, absolute, language, text }
}

/** Findings and diagnostics of each file, by the binding alone and with the scan's matches. */
async function compare(files: ScanFile[]) {
  const set = prepareScanRules(rules)!
  const result = await runScan(set, files, undefined)
  const plans = scanPlans(set)
  return files.map((f) => {
    const matches = result.matches.get(f.path)
    const binding = analyzeText(f.path, f.language, f.text, rules, filter)
    const scanned = matches ? analyzeText(f.path, f.language, f.text, rules, filter, scannedFor(f.language, plans, matches)) : undefined
    return { file: f, binding, scanned }
  })
}

// @ast-grep/cli is a dependency with a binary for this platform: without it these tests fail, not skip.
describe('batch ast-grep scan (ast-grep CLI)', () => {
  it('finds the ast-grep binary of the installed @ast-grep/cli', () => {
    expect(binary, 'npm ci installs @ast-grep/cli and its platform package').toBeTruthy()
  })

  it('accepts every built-in pattern rule of the grammars it serves', () => {
    const set = prepareScanRules(rules)
    expect(set).toBeDefined()
    for (const language of Object.keys(SG_LANGUAGES) as Language[]) {
      const expected = rules.filter((r) => r.rule && ruleLanguageCovers(r.language, language))
      expect(new Set(set!.ruleIds[language]), language).toEqual(new Set(expected.map((r) => r.id)))
      // The helper rules too: a refused one would silently cost the metrics engine its pre-checks.
      const helpers = new Set([SCAN_SYNTAX])
      for (const rule of rules)
        if (ruleLanguageCovers(rule.language, language)) for (const id of Object.keys(metricScanRules(rule, language))) helpers.add(id)
      expect(new Set(set!.helpers[language]), language).toEqual(helpers)
    }
  })

  it("gives the binding's findings and diagnostics on every JS/TS rule test case (pattern and metric rules)", async () => {
    const files: ScanFile[] = []
    const cases = rules.filter((r) => (r.rule !== undefined || r.metric !== undefined) && ['js', 'ts', 'python'].includes(r.language))
    for (const rule of cases) {
      const all = [...rule.tests.positive, ...rule.tests.negative]
      all.forEach((testCase, i) => {
        const code = typeof testCase === 'string' ? testCase : testCase.code
        const name = typeof testCase === 'string' ? undefined : testCase.file
        const languages: Language[] = name
          ? [detectLanguage(name)!]
          : rule.language === 'js'
            ? ['javascript', 'typescript', 'tsx']
            : rule.language === 'python'
              ? ['python']
              : ['typescript', 'tsx']
        for (const language of languages) {
          const path = name ? `${rule.id}/${i}/${name}` : `${rule.id}/${i}.${EXTENSION[language]}`
          if (!EXTENSION[language]) continue
          files.push(scanFile(path, language, code))
        }
      })
    }
    expect(files.length).toBeGreaterThan(1000)
    const results = await compare(files.filter(scannable))
    let findings = 0
    for (const { file, binding, scanned } of results) {
      expect(scanned, `${file.path} was not scanned`).toBeDefined()
      expect(scanned!.findings, file.path).toEqual(binding.findings)
      expect(scanned!.diagnostics, file.path).toEqual(binding.diagnostics)
      findings += binding.findings.length
    }
    expect(findings).toBeGreaterThan(500)
  }, 120_000)

  it("gives the binding's findings on the example app's JS/TS files", async () => {
    const root = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'vulnerable-app')
    const files: ScanFile[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else {
          const language = detectLanguage(full)
          if (language && EXTENSION[language]) files.push(scanFile(relative(root, full), language, readFileSync(full, 'utf8')))
        }
      }
    }
    walk(root)
    expect(files.length).toBeGreaterThan(0)
    const results = await compare(files)
    expect(results.reduce((n, r) => n + r.binding.findings.length, 0)).toBeGreaterThan(5)
    for (const { file, binding, scanned } of results) expect(scanned?.findings, file.path).toEqual(binding.findings)
  })

  it('reports UTF-16 columns after characters outside the BMP, like the binding', async () => {
    const text = 'const s = "héllo 😀😀"; eval(input)\nconst t = `😀${x}`; eval(y) // 😀\n'
    const [result] = await compare([scanFile('astral/a.js', 'javascript', text)])
    expect(result!.binding.findings.length).toBeGreaterThan(1)
    expect(result!.scanned!.findings).toEqual(result!.binding.findings)
  })

  it('leaves to the binding files it would read differently', () => {
    const bom = scanFile('odd/bom.js', 'javascript', 'eval(x)\n')
    writeFileSync(bom.absolute, `\ufeff${bom.text}`)
    expect(scannable(bom)).toBe(false)
    expect(scannable(scanFile('odd/ignore.js', 'javascript', '// ast-grep-ignore\neval(x)\n'))).toBe(false)
    const changed = scanFile('odd/changed.js', 'javascript', 'eval(x)\n')
    writeFileSync(changed.absolute, 'eval(xy)\n')
    expect(scannable(changed)).toBe(false)
    expect(scannable(scanFile('odd/upper.JS', 'javascript', 'eval(x)\n'))).toBe(false)
    expect(scannable({ ...scanFile('odd/script', 'javascript', 'eval(x)\n') })).toBe(false)
    expect(scannable(scanFile('odd/fine.mjs', 'javascript', 'eval(x)\n'))).toBe(true)
  })

  it('skips a user rule the scanner refuses and keeps the others', () => {
    const base = rules.find((r) => r.id === 'js-eval-dynamic') ?? rules.find((r) => r.rule && r.language === 'js')!
    const bad: Rule = { ...base, id: 'user-bad-kind', rule: { kind: 'no_such_kind_anywhere' } }
    const set = prepareScanRules([base, bad])
    expect(set?.ruleIds.javascript).toEqual([base.id])
  })

  it('analyze() gives the same result with and without the scan', async () => {
    const root = mkdtempSync(join(work, 'ws-'))
    const app = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'vulnerable-app', 'src')
    for (const name of readdirSync(app)) {
      const text = readFileSync(join(app, name), 'utf8')
      for (let i = 0; i < 10; i++) writeFileSync(join(root, `${i}-${name}`), text)
    }
    writeFileSync(join(root, 'emoji.ts'), 'const s = "😀"; eval(s)\n')
    const run = async (mode: string, types?: string[]) => {
      const previous = process.env.CODEX_AST_GREP_CLI
      process.env.CODEX_AST_GREP_CLI = mode
      try {
        const events: string[] = []
        const result = await analyze(
          { path: '.', cache: false, ...(types ? { analysis_type: types } : {}) },
          { workspace: root, onEvent: (e) => e.type === 'step.started' && events.push(e.step) },
        )
        return { result, events }
      } finally {
        if (previous === undefined) delete process.env.CODEX_AST_GREP_CLI
        else process.env.CODEX_AST_GREP_CLI = previous
      }
    }
    for (const types of [undefined, ['security'], ['quality']]) {
      const withScan = await run('always', types)
      const without = await run('0', types)
      expect(withScan.events).toContain('ast-grep-scan')
      expect(without.events).not.toContain('ast-grep-scan')
      expect(withScan.result.findings.length, String(types)).toBeGreaterThan(types ? 5 : 20)
      expect(withScan.result.findings, String(types)).toEqual(without.result.findings)
      expect(withScan.result.diagnostics, String(types)).toEqual(without.result.diagnostics)
    }
    expect(statSync(root).isDirectory()).toBe(true)
  }, 60_000)
})

describe('orderRule', () => {
  it('puts kind, pattern and regex checks before parent-walking ones', () => {
    expect(orderRule({ nthChild: 1, inside: { kind: 'arguments' }, any: [{ kind: 'identifier', regex: '^noop$' }] })).toEqual({
      all: [{ any: [{ all: [{ kind: 'identifier' }, { regex: '^noop$' }] }] }, { nthChild: 1 }, { inside: { kind: 'arguments' } }],
    })
  })

  it('keeps the order where two conjuncts share a metavariable', () => {
    const rule = { pattern: 'f($X)', inside: { has: { pattern: 'g($X)' }, stopBy: 'end' }, regex: 'f' }
    const ordered = orderRule(rule) as Record<string, unknown>
    expect(Object.keys(ordered)).toEqual(['pattern', 'inside', 'regex'])
  })

  it('looks through utils for metavariables, and keeps stopBy and field on relations', () => {
    const utils = { arg: { pattern: '$X' } }
    expect(Object.keys(orderRule({ matches: 'arg', has: { pattern: 'h($X)' } }, utils) as object)).toEqual(['matches', 'has'])
    expect(orderRule({ has: { field: 'body', stopBy: 'end', regex: 'x', nthChild: 1 } })).toEqual({
      has: { all: [{ regex: 'x' }, { nthChild: 1 }], stopBy: 'end', field: 'body' },
    })
  })

  it('ignores the anonymous $_ and regex anchors', () => {
    expect(orderRule({ inside: { pattern: 'a($_)' }, pattern: 'b($_)', regex: 'x$' })).toEqual({
      all: [{ pattern: 'b($_)' }, { regex: 'x$' }, { inside: { pattern: 'a($_)' } }],
    })
  })
})

describe('extension table', () => {
  it("matches ast-grep's and ours for the scanned grammars", () => {
    for (const ext of ['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx']) {
      const language = detectLanguage(`a${ext}`)!
      expect(SG_LANGUAGES[language], ext).toBeDefined()
      expect(extname(`a${ext}`)).toBe(ext)
    }
  })
})
