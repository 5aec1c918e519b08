// The measurement protocol of BENCHMARKS.md §2 for one generated test file: list its tests, run each
// on its own under nyc (5 s limit, source maps off, --all), merge the coverage of the passing ones,
// and run each passing test again against a stub of the package (the non-trivial check).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from '../../analyze/lib/proc.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
export const STUB_HOOK = join(HERE, 'stub-exports.mjs')

/** The protocol's per-test limit (mocha --timeout). */
export const TEST_TIMEOUT_MS = 5000

/**
 * A regular expression source that matches exactly `title` (a test's full title as mocha's --grep
 * sees it): letters, digits and spaces as they are, every other UTF-16 unit as \uXXXX, so no title
 * can break the pattern or the command line.
 */
export function exactTitle(title) {
  let s = ''
  for (let i = 0; i < title.length; i++) {
    const c = title[i]
    s += /[A-Za-z0-9 ]/.test(c) ? c : `\\u${title.charCodeAt(i).toString(16).padStart(4, '0')}`
  }
  return s
}
export const grepOne = (title) => `^${exactTitle(title)}$`
/** mocha with no project config, the protocol's per-test time limit, the tests matching `grep`, JSON to `out`. */
export function mochaJsonArgs(tools, grep, out) {
  return [
    tools.mocha,
    '--no-config',
    '--no-package',
    '--timeout',
    String(TEST_TIMEOUT_MS),
    '--exit',
    '--grep',
    grep,
    '--reporter',
    'json',
    '--reporter-option',
    `output=${out}`,
  ]
}

export const grepAny = (titles) => `^(?:${titles.map(exactTitle).join('|')})$`

/** Runs `fn` over `items` with at most `n` at a time; results in input order. */
export async function pool(items, n, fn) {
  const out = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker))
  return out
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** A fresh working folder for one child process: its cwd and its TMPDIR. */
function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'tmp'), { recursive: true })
  return { cwd: dir, env: { ...process.env, TMPDIR: join(dir, 'tmp'), NODE_OPTIONS: '', FORCE_COLOR: '0' } }
}

/** it()/test() calls written in the file: the count when mocha cannot even load it. */
export function staticTestCount(file) {
  try {
    return (readFileSync(file, 'utf8').match(/(^|[^.\w$])(it|test)(\.only)?\s*\(/g) ?? []).length
  } catch {
    return 0
  }
}

/**
 * The tests of a file as mocha sees them (`--dry-run`: loaded, not run). Returns { ok, tests: [{
 * title, group }], error }: `title` is the full title (suite titles and test title joined by spaces,
 * what --grep matches); tests that share a full title form one group and always run together.
 */
export async function listTests({ tools, testFile, workDir, timeoutMs }) {
  const { cwd, env } = freshDir(workDir)
  const out = join(workDir, 'list.json')
  const r = await run(
    process.execPath,
    [tools.mocha, '--dry-run', '--no-config', '--no-package', '--reporter', 'json', '--reporter-option', `output=${out}`, testFile],
    { cwd, env, timeoutMs },
  )
  const j = readJson(out)
  if (!j)
    return { ok: false, tests: [], error: `mocha --dry-run failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${tail(r.stderr)}` }
  const all = [...(j.tests ?? [])]
  const titles = all.map((t) => t.fullTitle)
  const pending = new Set((j.pending ?? []).map((t) => t.fullTitle))
  const count = new Map()
  for (const t of titles) count.set(t, (count.get(t) ?? 0) + 1)
  return { ok: true, tests: titles.map((title) => ({ title, group: count.get(title), pending: pending.has(title) })) }
}

export const tail = (s, n = 300) =>
  String(s ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .slice(-4)
    .join(' / ')
    .slice(-n)

/**
 * Runs the tests whose full title is `title` (one test, or a group sharing the title) on their own:
 * `nyc ... mocha --timeout 5000 --grep ^title$` in a fresh cwd and TMPDIR. With `coverageDir`, nyc
 * writes the raw coverage there (--all, source maps off, only `sourceFiles` instrumented). With
 * `stub` ('undefined' or 'opaque'), no nyc: mocha runs with that stub of the package (stub-exports.mjs)
 * instead. Returns { passed, ms, error, covDir }.
 */
export async function runTest({ tools, pkg, testFile, test, workDir, coverageDir, stub, timeoutMs }) {
  const { cwd, env } = freshDir(workDir)
  const out = join(workDir, 'result.json')
  const mochaArgs = mochaJsonArgs(tools, grepOne(test.title), out)
  let args = [...mochaArgs, testFile]
  if (stub) {
    args = [...mochaArgs, '--require', STUB_HOOK, testFile]
    env.TESTGEN_STUB_MODE = stub
    env.TESTGEN_STUB_ROOT = pkg.dir
    env.TESTGEN_STUB_FILES = JSON.stringify(pkg.sourceFiles)
  } else if (coverageDir) {
    rmSync(coverageDir, { recursive: true, force: true })
    args = [
      tools.nyc,
      '--cwd',
      pkg.dir,
      '--silent',
      '--all',
      ...pkg.sourceFiles.flatMap((f) => ['--include', f]),
      '--exclude',
      'codex-tests/**',
      '--source-map=false',
      '--produce-source-map=false',
      '--temp-dir',
      coverageDir,
      process.execPath,
      ...args,
    ]
  }
  const r = await run(process.execPath, args, { cwd, env, timeoutMs })
  const j = readJson(out)
  const s = j?.stats
  const passed = !r.timedOut && r.code === 0 && s && s.tests === test.group && s.passes === test.group && s.failures === 0
  let error
  if (!passed) {
    if (r.timedOut) error = `process killed after ${Math.round(timeoutMs / 1000)} s`
    else if (!s) error = `no result (exit ${r.code}): ${tail(r.stderr)}`
    else if (s.pending) error = 'pending (skipped)'
    else if (s.tests !== test.group) error = `--grep matched ${s.tests} tests, expected ${test.group}`
    else error = tail(j.failures?.[0]?.err?.message ?? `exit ${r.code}`, 200)
  }
  rmSync(join(workDir, 'tmp'), { recursive: true, force: true })
  return { passed: Boolean(passed), ms: Math.round(r.ms), error, covDir: coverageDir }
}

/** Istanbul's coverage map of the passing tests (nyc raw files merged), and the --all file list. */
export function mergeCoverage({ tools, results }) {
  const { createCoverageMap } = tools.require('istanbul-lib-coverage')
  const map = createCoverageMap({})
  for (const r of results) {
    if (!r.covDir || !existsSync(r.covDir)) continue
    for (const f of readdirSync(r.covDir).filter((x) => x.endsWith('.json'))) {
      const data = readJson(join(r.covDir, f))
      if (!data) continue
      // Failing tests contribute only nyc's --all placeholders (every source file, zero hits), so
      // the file list is complete even when nothing passes.
      const keep = r.passed ? data : Object.fromEntries(Object.entries(data).filter(([, fc]) => fc.all === true))
      map.merge(keep)
    }
  }
  return map
}

// A file set with no statements (or branches) is fully covered; an empty file set is not covered.
const pctOf = (covered, total, files) => (total ? (100 * covered) / total : files ? 100 : 0)

/**
 * Statement and branch coverage over the files the passing tests loaded (a file nyc only knows from
 * --all stays marked `all: true` after the merge) and over all the package's source files.
 */
export function coverageFigures(map, pkgDir) {
  const sum = (files) => {
    const t = { s: [0, 0], b: [0, 0], f: [0, 0], l: [0, 0] }
    for (const f of files) {
      const c = map.fileCoverageFor(f).toSummary()
      t.s[0] += c.statements.covered
      t.s[1] += c.statements.total
      t.b[0] += c.branches.covered
      t.b[1] += c.branches.total
      t.f[0] += c.functions.covered
      t.f[1] += c.functions.total
      t.l[0] += c.lines.covered
      t.l[1] += c.lines.total
    }
    const n = files.length
    return {
      files: n,
      statements: { covered: t.s[0], total: t.s[1], pct: pctOf(...t.s, n) },
      branches: { covered: t.b[0], total: t.b[1], pct: pctOf(...t.b, n) },
      functions: { covered: t.f[0], total: t.f[1], pct: pctOf(...t.f, n) },
      lines: { covered: t.l[0], total: t.l[1], pct: pctOf(...t.l, n) },
    }
  }
  const all = map.files()
  const loaded = all.filter((f) => map.fileCoverageFor(f).data.all !== true)
  const rel = (f) => (f.startsWith(`${pkgDir}/`) ? f.slice(pkgDir.length + 1) : f)
  return { loaded: { ...sum(loaded), fileList: loaded.map(rel) }, all: { ...sum(all), fileList: all.map(rel) } }
}
