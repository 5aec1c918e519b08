// Mutation score: StrykerJS with its mocha runner, on the passing tests only (mocha --grep with their
// exact full titles), mutating the package's source files (or a documented subset), concurrency 2,
// the whole run under a time limit.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { run } from '../../analyze/lib/proc.mjs'
import { grepAny, mochaJsonArgs, tail, TEST_TIMEOUT_MS } from './protocol.mjs'

/**
 * Runs Stryker in the package folder (it copies the folder to .stryker-tmp/ and links node_modules).
 * Returns { ok, score, coveredScore, counts, mutants, ms, note }. The score is Stryker's: (killed +
 * timeout) / (killed + timeout + survived + no coverage); coveredScore leaves out the mutants no
 * passing test reaches.
 */
export async function mutationScore({ tools, pkg, testFile, passingTitles, mutate, outDir, timeoutMs, concurrency = 2 }) {
  mkdirSync(outDir, { recursive: true })
  if (!passingTitles.length)
    return { ok: true, score: 0, coveredScore: 0, counts: {}, mutants: 0, ms: 0, note: 'no passing tests: score 0 (Stryker not run)' }
  const report = join(outDir, 'mutation.json')
  const config = join(outDir, 'stryker.config.json')
  rmSync(report, { force: true })
  const tempDirName = '.stryker-tmp'
  // Stryker runs the tests in a copy of the package folder. A test file that names the package by
  // absolute path would test the original, unmutated files: Stryker gets a copy of the file with
  // those paths made relative (same layout in the copy).
  let spec = testFile
  let note
  const src = readFileSync(testFile, 'utf8')
  if (src.includes(pkg.dir)) {
    const rel = relative(dirname(testFile), pkg.dir) || '.'
    const escaped = pkg.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    spec = testFile.replace(/(\.test)?\.([cm]?js)$/, '.stryker-copy.$2')
    writeFileSync(spec, src.replace(new RegExp(`(['"\`])${escaped}(?=[/'"\`])`, 'g'), `$1${rel}`))
    note = 'the test file names the package by absolute path: Stryker ran a copy with those paths made relative'
  }
  writeFileSync(
    config,
    JSON.stringify(
      {
        testRunner: 'mocha',
        plugins: [tools.require.resolve('@stryker-mutator/mocha-runner')],
        mutate: mutate ?? pkg.sourceFiles,
        mochaOptions: {
          spec: [relative(pkg.dir, spec)],
          grep: grepAny(passingTitles),
          'no-package': true,
        },
        coverageAnalysis: 'perTest',
        concurrency,
        // Stryker's mocha runner turns mocha's own timeout off; a mutant's run is cut at Stryker's
        // limit instead: the test's time without mutation × 1.5 + timeoutMS, and counts as detected.
        timeoutMS: TEST_TIMEOUT_MS,
        reporters: ['json'],
        jsonReporter: { fileName: report },
        tempDirName,
        cleanTempDir: 'always',
        fileLogLevel: 'off',
        logLevel: 'warn',
        allowConsoleColors: false,
        disableTypeChecks: false,
        incremental: false,
      },
      null,
      2,
    ),
  )
  // Stryker runs the tests together, in one process: its initial run must pass. Tests that pass on
  // their own but not after the others (one leaves state behind that another trips on) are left out
  // of the mutation run, and counted.
  const together = await passingTogether({ tools, pkg, spec, titles: passingTitles, outDir, timeoutMs: Math.min(timeoutMs, 300_000) })
  const left = passingTitles.filter((t) => !together.includes(t))
  if (left.length)
    note = [note, `${left.length} of ${passingTitles.length} passing tests fail when run after the others and were left out of mutation`]
      .filter(Boolean)
      .join('; ')
  if (!together.length) {
    if (spec !== testFile) rmSync(spec, { force: true })
    return { ok: true, score: 0, coveredScore: 0, counts: {}, mutants: 0, ms: 0, tests: 0, leftOut: left, note }
  }
  const cfg = JSON.parse(readFileSync(config, 'utf8'))
  cfg.mochaOptions.grep = grepAny(together)
  writeFileSync(config, JSON.stringify(cfg, null, 2))
  const r = await run(process.execPath, [tools.stryker, 'run', config], {
    cwd: pkg.dir,
    timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '' },
  })
  rmSync(join(pkg.dir, tempDirName), { recursive: true, force: true })
  if (spec !== testFile) rmSync(spec, { force: true })
  const ms = Math.round(r.ms)
  if (r.timedOut) return { ok: false, ms, note: `Stryker stopped after ${Math.round(timeoutMs / 1000)} s (raise --mutation-timeout)` }
  if (!existsSync(report)) return { ok: false, ms, note: `Stryker failed (exit ${r.code}): ${tail(r.stderr + r.stdout, 500)}` }
  const j = JSON.parse(readFileSync(report, 'utf8'))
  const counts = {}
  for (const f of Object.values(j.files ?? {})) for (const m of f.mutants ?? []) counts[m.status] = (counts[m.status] ?? 0) + 1
  const c = (k) => counts[k] ?? 0
  const detected = c('Killed') + c('Timeout')
  const valid = detected + c('Survived') + c('NoCoverage')
  const covered = detected + c('Survived')
  return {
    ok: true,
    score: valid ? (100 * detected) / valid : NaN,
    coveredScore: covered ? (100 * detected) / covered : NaN,
    counts,
    mutants: valid,
    ms,
    tests: together.length,
    leftOut: left,
    note,
  }
}

/**
 * The titles among `titles` that pass when they all run together in one mocha process (file order),
 * as Stryker will run them: those that do not pass are dropped and the rest run again, up to 5 rounds.
 */
async function passingTogether({ tools, pkg, spec, titles, outDir, timeoutMs }) {
  let keep = [...titles]
  for (let round = 0; round < 5 && keep.length; round++) {
    const out = join(outDir, `together-${round}.json`)
    rmSync(out, { force: true })
    await run(process.execPath, [...mochaJsonArgs(tools, grepAny(keep), out), spec], {
      cwd: pkg.dir,
      timeoutMs,
      env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '' },
    })
    let j
    try {
      j = JSON.parse(readFileSync(out, 'utf8'))
    } catch {
      return keep // no report (killed, crashed): let Stryker's own run say what is wrong
    }
    // Only tests reported as passed count (a failing hook also stops the tests after it).
    const passed = new Set((j.passes ?? []).map((t) => t.fullTitle))
    const next = keep.filter((t) => passed.has(t))
    if (next.length === keep.length) return keep
    keep = next
  }
  return keep
}
