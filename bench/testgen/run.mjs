#!/usr/bin/env node
// Test-generation benchmark: Codex Agent's `generate tests` on the five npm packages of
// shared/BENCHMARKS.md §2, measured with the TestPilot protocol (each test on its own with a 5 s
// limit, only passing tests count, Istanbul coverage via nyc with source maps off, also --all),
// plus non-trivial tests, StrykerJS mutation score and wall time. See bench/README.md, "## testgen".
//
//   node bench/testgen/run.mjs [--seeds 1,2,3] [--only plural,jsonfile] [--skip-install] [--no-mutation]
//                              [--no-build] [--no-snapshot] [--cli PATH] [--jobs N] [--budget 60s]
//                              [--gen-timeout S] [--test-timeout S] [--mutation-timeout S]
//                              [--tests-from fixtures|DIR]
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, run, sh, snapshotDist } from '../analyze/lib/proc.mjs'
import { mutationScore } from './lib/mutation.mjs'
import { coverageFigures, listTests, mergeCoverage, pool, runTest, staticTestCount, tail, TEST_TIMEOUT_MS } from './lib/protocol.mjs'
import { printReport } from './lib/report.mjs'
import { ensureSharedMocha, ensureSubject, ensureTools, SUBJECTS, toolPaths } from './lib/setup.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work', 'testgen')
const TOOLS_DIR = join(WORK, 'tools')
const PKGS = join(WORK, 'pkgs')
const RUNS = join(WORK, 'runs')
const TMP = join(WORK, 'tmp')
const TARGETS = { statements: 80, branches: 65, wallSeconds: 120 }

const USAGE =
  'usage: node bench/testgen/run.mjs [--seeds 1,2,3] [--only plural,jsonfile] [--skip-install] [--no-mutation] [--no-build] [--no-snapshot] [--cli PATH] [--jobs N] [--budget 60s] [--gen-timeout S] [--test-timeout S] [--mutation-timeout S] [--tests-from fixtures|DIR]'

function parseArgs(argv) {
  const o = {
    seeds: [1, 2, 3],
    only: undefined,
    install: true,
    mutation: true,
    build: true,
    snapshot: true,
    customCli: false,
    cli: join(ROOT, 'dist', 'interfaces', 'cli', 'main.js'),
    jobs: 2,
    budget: '60s',
    genTimeout: 300,
    testTimeout: 60,
    mutationTimeout: 1200,
    testsFrom: undefined,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--seeds') o.seeds = val().split(',').map(Number)
    else if (a === '--only') o.only = val().split(',')
    else if (a === '--skip-install') o.install = false
    else if (a === '--no-mutation') o.mutation = false
    else if (a === '--no-build') o.build = false
    else if (a === '--no-snapshot') o.snapshot = false
    else if (a === '--cli') {
      o.cli = resolve(val())
      o.customCli = true
    } else if (a === '--jobs') o.jobs = Math.max(1, Number(val()))
    else if (a === '--budget') o.budget = val()
    else if (a === '--gen-timeout') o.genTimeout = Number(val())
    else if (a === '--test-timeout') o.testTimeout = Number(val())
    else if (a === '--mutation-timeout') o.mutationTimeout = Number(val())
    else if (a === '--tests-from') {
      const v = val()
      o.testsFrom = v === 'fixtures' ? join(HERE, 'fixtures') : resolve(v)
    } else if (a === '-h' || a === '--help') {
      console.log(USAGE)
      process.exit(0)
    } else throw new Error(`unknown argument ${a}\n${USAGE}`)
  }
  if (o.seeds.some((s) => !Number.isInteger(s))) throw new Error('--seeds takes integers, e.g. 1,2,3')
  return o
}

const log = (...a) => console.error('[bench]', ...a)
const notes = []
const note = (x) => {
  notes.push(x)
  log(x)
}

/** Copies dist/ to bench/.work/testgen/codex/ so that a rebuild during the run cannot break or mix it. */
async function prepareCli(opts) {
  const builtCli = join(ROOT, 'dist', 'interfaces', 'cli', 'main.js')
  if (!opts.customCli && !existsSync(builtCli) && opts.build) {
    log('Codex CLI not built: npm run build')
    const b = await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 600_000 })
    if (!existsSync(builtCli)) note(`npm run build failed: ${tail(b.stderr, 400)}`)
  }
  if (!opts.customCli && opts.snapshot && existsSync(builtCli)) {
    opts.cli = snapshotDist(ROOT, WORK)
  }
  if (!existsSync(opts.cli)) return { ok: false, why: `Codex CLI not found at ${opts.cli} (npm run build, or --cli PATH)` }
  const r = await run(process.execPath, [opts.cli, 'generate', 'tests', '--help'], { cwd: TMP, timeoutMs: 60_000 })
  const text = `${r.stdout}\n${r.stderr}`
  if (/unknown generator\W+tests/i.test(text) || (r.code !== 0 && !text.includes('--framework')))
    return { ok: false, why: `the Codex CLI at ${opts.cli} has no \`generate tests\` (exit ${r.code}: ${tail(text, 200)})` }
  let version = '?'
  try {
    version = JSON.parse(readFileSync(join(dirname(opts.cli), '..', '..', '..', 'package.json'), 'utf8')).version
  } catch {
    /* a custom CLI outside a package */
  }
  return { ok: true, version }
}

/**
 * Writes the seed's test file: `generate tests` (timed: generation and the generator's own
 * validation), or a copy of a hand-written file with --tests-from.
 */
async function produceTests(opts, subject, pkg, seed, testFile) {
  rmSync(testFile, { force: true })
  mkdirSync(dirname(testFile), { recursive: true })
  if (opts.testsFrom) {
    const src = join(opts.testsFrom, `${subject.id}.test.js`)
    cpSync(src, testFile)
    return { source: relative(ROOT, src) }
  }
  rmSync(join(pkg.dir, '.codex'), { recursive: true, force: true })
  const args = [opts.cli, 'generate', 'tests', pkg.module, '--framework', 'mocha', '--out', testFile, '--seed', String(seed)]
  args.push('--budget', opts.budget, '--json', '--no-store')
  log(`${subject.id} seed ${seed}: codex-agent generate tests ${relative(pkg.dir, pkg.module)} (budget ${opts.budget})`)
  const r = await run(process.execPath, args, {
    cwd: pkg.dir,
    timeoutMs: opts.genTimeout * 1000,
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  let json
  try {
    json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')))
  } catch {
    json = undefined
  }
  const file = json?.files?.find((f) => resolve(pkg.dir, f.testFile ?? '') === testFile) ?? json?.files?.[0]
  const g = {
    ok: r.code === 0 && !r.timedOut,
    exit: r.code,
    timedOut: r.timedOut,
    ms: Math.round(r.ms),
    cpuMs: Math.round(r.cpuMs),
    runId: json?.runId,
    reportedDurationMs: json?.durationMs,
    claimed: file ? { tests: file.tests, coverage: file.coverage } : undefined,
  }
  if (!g.ok) {
    g.error = r.timedOut ? `killed after ${opts.genTimeout} s` : tail(json?.error?.message ?? r.stderr, 400)
    note(`${subject.id} seed ${seed}: generate tests failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${g.error}`)
  }
  log(`${subject.id} seed ${seed}: generated in ${(r.ms / 1000).toFixed(1)} s${g.claimed ? ` (${g.claimed.tests} tests claimed)` : ''}`)
  return g
}

/** One package, one seed: produce the tests, then measure them. */
async function measureSeed(opts, tools, subject, pkg, seed) {
  const testFile = join(pkg.dir, 'codex-tests', `seed-${seed}.test.js`)
  const dir = join(RUNS, subject.id, `seed-${seed}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const generation = await produceTests(opts, subject, pkg, seed, testFile)
  const out = { generation, testFile: relative(ROOT, testFile) }
  if (!existsSync(testFile)) {
    note(`${subject.id} seed ${seed}: no test file written`)
    return { ...out, tests: 0, passing: 0, nonTrivial: 0, list: [], figures: emptyFigures(generation) }
  }
  cpSync(testFile, join(dir, basename(testFile)))
  const t = opts.testTimeout * 1000

  // ---------------------------------------------------------------- list the tests
  const listed = await listTests({ tools, testFile, workDir: join(dir, 'list'), timeoutMs: t })
  if (!listed.ok) {
    const n = staticTestCount(testFile)
    note(`${subject.id} seed ${seed}: the test file does not load (${listed.error}); ${n} it()/test() calls counted, none passing`)
    return { ...out, tests: n, passing: 0, nonTrivial: 0, loadError: listed.error, list: [], figures: emptyFigures(generation, n) }
  }
  const groups = [...new Map(listed.tests.map((x) => [x.title, x])).values()]
  const dup = groups.filter((g) => g.group > 1)
  if (dup.length) note(`${subject.id} seed ${seed}: ${dup.length} full titles are shared by several tests; each such group runs together`)
  log(`${subject.id} seed ${seed}: ${listed.tests.length} tests; running each on its own under nyc (${opts.jobs} at a time)`)

  // ---------------------------------------------------------------- each test on its own, under nyc
  const results = await pool(groups, opts.jobs, (test, k) =>
    runTest({ tools, pkg, testFile, test, workDir: join(dir, `t${k}`), coverageDir: join(dir, `t${k}`, 'nyc'), timeoutMs: t }),
  )
  const passingGroups = groups.filter((_, k) => results[k].passed)
  const map = mergeCoverage({ tools, results })
  writeFileSync(join(dir, 'coverage-passing.json'), JSON.stringify(map.toJSON()))
  const coverage = coverageFigures(map, pkg.dir)
  for (const k of groups.keys()) rmSync(join(dir, `t${k}`), { recursive: true, force: true })

  // ---------------------------------------------------------------- non-trivial: against the stubs
  // A passing test is trivial when it also passes against the package stubbed with undefined and
  // against the package stubbed with opaque objects (the second run only for those that pass the first).
  log(`${subject.id} seed ${seed}: ${passingGroups.length} passing; running them against the stubbed package`)
  const stubRun = (tests, mode) =>
    pool(tests, opts.jobs, async (test, k) => {
      const r = await runTest({ tools, pkg, testFile, test, workDir: join(dir, `s${k}`), stub: mode, timeoutMs: t })
      rmSync(join(dir, `s${k}`), { recursive: true, force: true })
      return r
    })
  const underUndefined = await stubRun(passingGroups, 'undefined')
  const survivors = passingGroups.filter((_, k) => underUndefined[k].passed)
  const underOpaque = await stubRun(survivors, 'opaque')
  const trivialTitles = new Set(survivors.filter((_, k) => underOpaque[k].passed).map((g) => g.title))
  const passesStub = new Map(passingGroups.map((g, k) => [g.title, { undefined: underUndefined[k].passed }]))
  survivors.forEach((g, k) => (passesStub.get(g.title).opaque = underOpaque[k].passed))
  const nonTrivialTitles = new Set(passingGroups.filter((g) => !trivialTitles.has(g.title)).map((g) => g.title))

  // ---------------------------------------------------------------- mutation
  let mutation
  if (opts.mutation) {
    log(`${subject.id} seed ${seed}: StrykerJS on the passing tests`)
    const m = subject.mutate?.(pkg.dir)
    mutation = await mutationScore({
      tools,
      pkg,
      testFile,
      passingTitles: passingGroups.map((g) => g.title),
      mutate: m?.mutate,
      outDir: join(dir, 'stryker'),
      timeoutMs: opts.mutationTimeout * 1000,
    })
    if (!mutation.ok) note(`${subject.id} seed ${seed}: mutation score missing: ${mutation.note}`)
    else {
      if (mutation.note) note(`${subject.id} seed ${seed}: ${mutation.note}`)
      log(
        `${subject.id} seed ${seed}: mutation score ${mutation.score.toFixed(1)}% of ${mutation.mutants} mutants (${(mutation.ms / 1000).toFixed(0)} s)`,
      )
    }
  }

  const count = (gs) => gs.reduce((a, g) => a + g.group, 0)
  const tests = listed.tests.length
  const passing = count(passingGroups)
  const nonTrivial = count(passingGroups.filter((g) => nonTrivialTitles.has(g.title)))
  return {
    ...out,
    tests,
    passing,
    nonTrivial,
    coverage,
    mutation,
    list: groups.map((g, k) => ({
      title: g.title,
      tests: g.group,
      passed: results[k].passed,
      ms: results[k].ms,
      error: results[k].error,
      nonTrivial: results[k].passed ? nonTrivialTitles.has(g.title) : undefined,
      passesStub: passesStub.get(g.title),
    })),
    figures: {
      statementsLoaded: coverage.loaded.statements.pct,
      branchesLoaded: coverage.loaded.branches.pct,
      statementsAll: coverage.all.statements.pct,
      branchesAll: coverage.all.branches.pct,
      tests,
      passingPct: tests ? (100 * passing) / tests : NaN,
      nonTrivialPct: passing ? (100 * nonTrivial) / passing : NaN,
      mutationScore: mutation?.ok ? mutation.score : NaN,
      wallMs: generation.ms ?? NaN,
    },
  }
}

/** A seed that produced no runnable tests: nothing is covered. */
function emptyFigures(generation, tests = 0) {
  return {
    statementsLoaded: 0,
    branchesLoaded: 0,
    statementsAll: 0,
    branchesAll: 0,
    tests,
    passingPct: tests ? 0 : NaN,
    nonTrivialPct: NaN,
    mutationScore: 0,
    wallMs: generation.ms ?? NaN,
  }
}

const FIGURES = [
  'statementsLoaded',
  'branchesLoaded',
  'statementsAll',
  'branchesAll',
  'tests',
  'passingPct',
  'nonTrivialPct',
  'mutationScore',
  'wallMs',
]
const medians = (rows) => Object.fromEntries(FIGURES.map((k) => [k, median(rows.map((r) => r[k]))]))

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const started = Date.now()
  for (const d of [WORK, PKGS, RUNS, TMP]) mkdirSync(d, { recursive: true })
  const subjects = opts.only
    ? opts.only.map((x) => {
        const s = SUBJECTS.find((y) => y.id === x || y.id.replace(/\.js$/, '') === x)
        if (!s) throw new Error(`--only: unknown package ${x} (one of ${SUBJECTS.map((y) => y.id).join(', ')})`)
        return s
      })
    : SUBJECTS

  // ---------------------------------------------------------------- what is measured
  let codex = { ok: true, version: undefined }
  if (!opts.testsFrom) {
    codex = await prepareCli(opts)
    if (!codex.ok) {
      console.error(`[bench] cannot run: ${codex.why}.`)
      console.error('[bench] (check the harness itself with --tests-from fixtures)')
      process.exit(2)
    }
  }
  const runnable = opts.testsFrom ? subjects.filter((s) => existsSync(join(opts.testsFrom, `${s.id}.test.js`))) : subjects
  for (const s of subjects.filter((x) => !runnable.includes(x))) note(`${s.id}: no ${s.id}.test.js in ${opts.testsFrom}: skipped`)
  if (!runnable.length) throw new Error('nothing to measure')

  // ---------------------------------------------------------------- install
  if (opts.install) {
    const r = ensureTools(TOOLS_DIR)
    if (!r.ok) throw new Error(r.note)
  }
  const shared = ensureSharedMocha(PKGS, { install: opts.install })
  if (!shared.ok) throw new Error(shared.note)
  const tools = toolPaths(TOOLS_DIR)
  if (!tools.ok) throw new Error(`tools missing in ${TOOLS_DIR} (run without --skip-install)`)
  const gitRev = sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).stdout.trim()
  const gitDirty = sh('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT }).stdout.trim() !== ''

  // ---------------------------------------------------------------- measure
  const packages = {}
  for (const subject of runnable) {
    const pkg = ensureSubject(subject, PKGS, TMP, { install: opts.install })
    const m = subject.mutate?.(pkg.dir)
    if (subject.mutate && !m) note(`${subject.id}: the data-table markers moved; the whole bundle is mutated`)
    const p = (packages[subject.id] = {
      spec: pkg.spec,
      module: relative(pkg.dir, pkg.module),
      sourceFiles: pkg.sourceFiles,
      sourceNote: subject.why,
      mutate: m?.note ?? 'all the source files',
      dependencies: pkg.deps,
      seeds: {},
    })
    for (const seed of opts.seeds) p.seeds[seed] = await measureSeed(opts, tools, subject, pkg, seed)
    p.median = medians(Object.values(p.seeds).map((r) => r.figures))
    log(
      `${subject.id}: median statement ${p.median.statementsLoaded.toFixed(1)}% / branch ${p.median.branchesLoaded.toFixed(1)}% (loaded), ${p.median.statementsAll.toFixed(1)}% / ${p.median.branchesAll.toFixed(1)}% (--all)`,
    )
  }

  // ---------------------------------------------------------------- results
  const date = new Date().toISOString().slice(0, 10)
  const summary = {
    date,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), platform: process.platform },
    options: {
      seeds: opts.seeds,
      testsFrom: opts.testsFrom
        ? opts.testsFrom.startsWith(`${ROOT}/`)
          ? relative(ROOT, opts.testsFrom)
          : opts.testsFrom
        : 'codex-agent generate tests',
      budget: opts.budget,
      jobs: opts.jobs,
      mutation: opts.mutation,
      testTimeoutMs: TEST_TIMEOUT_MS,
      processTimeoutS: opts.testTimeout,
      genTimeoutS: opts.genTimeout,
      mutationTimeoutS: opts.mutationTimeout,
    },
    versions: {
      ...tools.versions,
      node: process.version,
      codex: opts.testsFrom ? 'not run (--tests-from)' : `${codex.version} (git ${gitRev}${gitDirty ? ', uncommitted src changes' : ''})`,
    },
    targets: TARGETS,
    notes,
    totalSeconds: 0,
    packages,
    overall: runnable.length > 1 ? medians(Object.values(packages).map((p) => p.median)) : undefined,
  }
  summary.totalSeconds = Math.round((Date.now() - started) / 1000)
  const full = !opts.testsFrom && !opts.only && opts.mutation && opts.seeds.join(',') === '1,2,3'
  const tag = [
    opts.testsFrom && (opts.testsFrom === join(HERE, 'fixtures') ? 'fixtures' : 'tests-from'),
    opts.only && opts.only.join('+'),
    opts.seeds.join(',') !== '1,2,3' && `seeds${opts.seeds.join('_')}`,
    !opts.mutation && 'nomut',
  ]
    .filter(Boolean)
    .join('-')
  const file = join(WORK, `results-${date}${full ? '' : `-${tag}`}.json`)
  writeFileSync(file, JSON.stringify(summary, null, 2))
  printReport(summary)
  console.log(`\nresults: ${file}  (total ${summary.totalSeconds} s)`)
}

main().catch((error) => {
  console.error(`[bench] failed: ${process.env.BENCH_DEBUG ? error?.stack : (error?.message ?? error)}`)
  process.exit(1)
})
