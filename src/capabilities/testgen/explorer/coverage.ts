/**
 * Istanbul instrumentation of the code under test, in this process: CommonJS through the require
 * extension hook, ES modules through a module.register() load hook. The counters live in one global
 * object; the explorer reads them after each call to see what the call covered. Istanbul (not V8) so
 * the numbers are the ones nyc reports for the same tests.
 */
import { createRequire, register } from 'node:module'
import { readFileSync } from 'node:fs'
import { isAbsolute, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CoverageKey, FileCoverageTotals } from '../plan.js'

export const COVERAGE_VARIABLE = '__codexCoverage'

interface FileCoverage {
  path: string
  s: Record<string, number>
  b: Record<string, number[]>
  f: Record<string, number>
  statementMap: Record<string, { start: { line: number } }>
}

type CoverageStore = Record<string, FileCoverage>

const require = createRequire(import.meta.url)

/** Whether a file is part of the code under test: inside the root, not a dependency. */
export function isUnderTest(file: string, root: string): boolean {
  const rel = relative(root, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false
  return !rel.split(sep).includes('node_modules') && /\.(c|m)?jsx?$/.test(file)
}

export function instrumentSource(code: string, filename: string, esModules: boolean): string {
  // Loaded lazily: Babel is large and only the explorer process needs it.
  const { createInstrumenter } = require('istanbul-lib-instrument') as typeof import('istanbul-lib-instrument')
  const instrumenter = createInstrumenter({
    coverageVariable: COVERAGE_VARIABLE,
    esModules,
    compact: true,
    produceSourceMap: false,
    autoWrap: true,
    preserveComments: false,
  })
  return instrumenter.instrumentSync(code, filename)
}

/** Hooks CommonJS loading so files of the code under test are instrumented once each. */
export function hookCommonJs(root: string): void {
  const Module = require('node:module') as {
    _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void>
  }
  const original = Module._extensions['.js']
  const cache = new Map<string, string>()
  const load = (module: { _compile(code: string, file: string): void }, file: string): void => {
    if (!isUnderTest(file, root)) {
      original?.(module, file)
      return
    }
    let code = cache.get(file)
    if (code === undefined) {
      const source = readFileSync(file, 'utf8').replace(/^#!.*/, '')
      try {
        code = instrumentSource(source, file, false)
      } catch {
        code = source
      }
      cache.set(file, code)
    }
    module._compile(code, file)
  }
  Module._extensions['.js'] = load
  Module._extensions['.cjs'] = load
}

/** Registers the ES module load hook (a separate thread) that instruments files of the code under test. */
export function hookEsModules(root: string): void {
  register(new URL('./esm-hook.js', import.meta.url), { data: { root } })
}

export function coverageStore(): CoverageStore {
  const global = globalThis as unknown as Record<string, CoverageStore | undefined>
  return (global[COVERAGE_VARIABLE] ??= {})
}

export function coveredKeys(root: string): Set<CoverageKey> {
  const keys = new Set<CoverageKey>()
  for (const [file, data] of Object.entries(coverageStore())) {
    const name = relative(root, file)
    for (const [id, count] of Object.entries(data.s)) if (count > 0) keys.add(`${name}:s${id}`)
    for (const [id, counts] of Object.entries(data.b)) counts.forEach((count, arm) => count > 0 && keys.add(`${name}:b${id}.${arm}`))
    for (const [id, count] of Object.entries(data.f)) if (count > 0) keys.add(`${name}:f${id}`)
  }
  return keys
}

/** Sets every counter back to zero (in place: the instrumented code holds these objects). */
export function resetCounters(): void {
  for (const data of Object.values(coverageStore())) {
    for (const id of Object.keys(data.s)) data.s[id] = 0
    for (const id of Object.keys(data.f)) data.f[id] = 0
    for (const counts of Object.values(data.b)) counts.fill(0)
  }
}

export function coverageTotals(root: string): FileCoverageTotals[] {
  return Object.entries(coverageStore()).map(([file, data]) => {
    const statementLines: Record<string, number> = {}
    for (const [id, location] of Object.entries(data.statementMap)) statementLines[id] = location.start.line
    return {
      file: relative(root, file),
      statements: Object.keys(data.s).length,
      branches: Object.values(data.b).reduce((sum, arms) => sum + arms.length, 0),
      functions: Object.keys(data.f).length,
      lines: new Set(Object.values(statementLines)).size,
      statementLines,
    }
  })
}

/** Statement and branch percentages of the given covered keys over the given files. */
export function percentages(
  totals: readonly FileCoverageTotals[],
  keys: ReadonlySet<CoverageKey>,
): { statements: number; branches: number } {
  const statements = totals.reduce((sum, file) => sum + file.statements, 0)
  const branches = totals.reduce((sum, file) => sum + file.branches, 0)
  let coveredStatements = 0
  let coveredBranches = 0
  for (const key of keys) {
    if (/:s\d+$/.test(key)) coveredStatements++
    else if (/:b\d+\.\d+$/.test(key)) coveredBranches++
  }
  return {
    statements: statements === 0 ? 100 : (100 * coveredStatements) / statements,
    branches: branches === 0 ? 100 : (100 * coveredBranches) / branches,
  }
}

export function fileUrl(path: string): string {
  return pathToFileURL(path).href
}
