#!/usr/bin/env node
// Analysis benchmark: Codex Agent's `analyze` against ESLint + eslint-plugin-security +
// eslint-plugin-no-unsanitized (JS/TS), Bandit (Python) and ShellCheck (shell), on the same inputs in
// the same run. See bench/README.md, "## analyze".
//
//   node bench/analyze/run.mjs [--runs N] [--adv-runs N] [--only js,adv,py,sh] [--skip-install] [--no-build]
//                              [--no-snapshot] [--timeout SECONDS] [--cli PATH]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { has, median, run, sh, snapshotDist } from './lib/proc.mjs'
import { LINE_TOLERANCE, score } from './lib/score.mjs'
import {
  ensureAdvisories,
  ensureAptTools,
  ensureDebCorpus,
  ensureJsCorpus,
  ensurePeers,
  PEERS,
  PY_CORPUS,
  SH_CORPUS,
  shellFiles,
  verifyLabels,
  writeEslintConfig,
} from './lib/setup.mjs'
import {
  clearCodexState,
  parseBandit,
  parseCodex,
  parseEslint,
  parseShellcheck,
  runBandit,
  runCodex,
  runEslint,
  runShellcheck,
} from './lib/tools.mjs'
import { printReport } from './lib/report.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work')
const PEERS_DIR = join(WORK, 'peers')
const TMP = join(WORK, 'tmp')
const OUT = join(WORK, 'out')

function parseArgs(argv) {
  const o = {
    runs: 3,
    advRuns: 1,
    snapshot: true,
    customCli: false,
    only: ['js', 'adv', 'py', 'sh'],
    install: true,
    build: true,
    timeout: 600,
    cli: join(ROOT, 'dist', 'interfaces', 'cli', 'main.js'),
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = () => argv[++i]
    if (a === '--runs') o.runs = Math.max(1, Number(val()))
    else if (a === '--adv-runs') o.advRuns = Math.max(1, Number(val()))
    else if (a === '--only') o.only = val().split(',')
    else if (a === '--skip-install') o.install = false
    else if (a === '--no-build') o.build = false
    else if (a === '--timeout') o.timeout = Number(val())
    else if (a === '--cli') {
      o.cli = resolve(val())
      o.customCli = true
    } else if (a === '--no-snapshot') o.snapshot = false
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: node bench/analyze/run.mjs [--runs N] [--adv-runs N] [--only js,adv,py,sh] [--skip-install] [--no-build] [--no-snapshot] [--timeout S] [--cli PATH]',
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

const log = (...a) => console.error('[bench]', ...a)
const notes = []

function failNote(label, i, r) {
  const why = String(r.stderr)
    .trim()
    .split('\n')
    .filter((x) => /error|Error|failed/.test(x))
    .slice(0, 2)
    .join(' / ')
    .slice(0, 300)
  notes.push(`${label}: run ${i + 1} failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${why}`)
  log(`${label}: FAILED`, String(r.stderr).trim().slice(-400))
}

/**
 * Runs each of `jobs` ({ label, fn }) n times, interleaved (a1 b1 a2 b2 ...), so that the tools being
 * compared share the machine's load of the moment (the machine is shared: load moves times by ±50%).
 * Returns one timing per job, and the per-round ratios jobs[0]/jobs[k] when several jobs ran.
 */
async function timedRounds(n, jobs) {
  const res = jobs.map(() => ({ runsMs: [], cpuMs: [], ok: true, last: undefined }))
  for (let i = 0; i < n; i++) {
    for (const [k, job] of jobs.entries()) {
      if (!res[k].ok) continue
      const r = await job.fn(i)
      res[k].last = r
      if (!r.ok) {
        failNote(job.label, i, r)
        res[k].ok = false
        continue
      }
      res[k].runsMs.push(r.ms)
      res[k].cpuMs.push(r.cpuMs)
      log(`${job.label}: run ${i + 1}/${n} ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s)`)
    }
  }
  for (const r of res) {
    r.ok = r.ok && r.runsMs.length > 0
    r.medianMs = median(r.runsMs)
    r.medianCpuMs = median(r.cpuMs)
  }
  for (let k = 1; k < jobs.length; k++) {
    const pairs = res[0].runsMs.map((a, i) => a / res[k].runsMs[i]).filter(Number.isFinite)
    res[k].pairedRatios = pairs
    res[k].pairedRatio = median(pairs)
  }
  return res
}

const timed = async (label, n, fn) => (await timedRounds(n, [{ label, fn }]))[0]

function codexColdJob(opts, name, root, types, env, variant) {
  const tag = [types ? `${name}-${types.replace(/,/g, '+')}` : name, variant].filter(Boolean).join('-')
  const outFile = join(OUT, `codex-${tag}.json`)
  return {
    label: `codex ${tag} cold`,
    tag,
    outFile,
    fn: () => {
      clearCodexState(root)
      return runCodex({ cli: opts.cli, root, outFile, timeoutMs: opts.timeout * 1000, types, env })
    },
  }
}

/**
 * Codex: cold runs (--no-cache, state cleared; `cold` when they were already run interleaved with a
 * peer), then one priming cached run and N unchanged re-runs.
 */
async function codexOn(opts, name, root, { types, warm = true, cold, env, variant } = {}) {
  const job = codexColdJob(opts, name, root, types, env, variant)
  const t = opts.timeout * 1000
  cold ??= await timed(job.label, opts.runs, job.fn)
  const parsed = cold.ok ? parseCodex(cold.last.json, root) : undefined
  let warmRes
  if (warm && cold.ok) {
    clearCodexState(root)
    const prime = await runCodex({ cli: opts.cli, root, outFile: `${job.outFile}.prime`, timeoutMs: t, noCache: false, types })
    if (prime.ok) {
      warmRes = await timed(`codex ${job.tag} unchanged re-run`, opts.runs, () =>
        runCodex({ cli: opts.cli, root, outFile: `${job.outFile}.warm`, timeoutMs: t, noCache: false, types }),
      )
      if (warmRes.ok) {
        const s = warmRes.last.json?.stats ?? {}
        warmRes.cached = s.cached
        warmRes.analyzed = s.analyzed
        warmRes.sameFindings = warmRes.last.json?.findings?.length === cold.last.json?.findings?.length
      }
    } else notes.push(`codex ${job.tag}: priming cached run failed: ${prime.stderr.slice(-300)}`)
  }
  clearCodexState(root)
  return { cold, warm: warmRes, parsed, version: cold.last?.json?.tool?.version }
}

function summarize(tool) {
  if (!tool?.parsed) return undefined
  const f = tool.parsed.findings
  return {
    files: tool.parsed.files,
    findings: f.length,
    securityFindings: f.filter((x) => x.security).length,
    scoredFindings: f.filter((x) => x.family).length,
    parseErrors: tool.parsed.parseErrors,
    medianMs: tool.cold?.medianMs ?? tool.timing?.medianMs,
    medianCpuMs: tool.cold?.medianCpuMs ?? tool.timing?.medianCpuMs,
    pairedRatio: tool.cold?.pairedRatio,
    pairedRatios: tool.cold?.pairedRatios,
    runsMs: tool.cold?.runsMs ?? tool.timing?.runsMs,
    warmMedianMs: tool.warm?.medianMs,
    warmRunsMs: tool.warm?.runsMs,
    warmCached: tool.warm?.cached,
    warmSameFindings: tool.warm?.sameFindings,
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const started = Date.now()
  for (const d of [WORK, TMP, OUT]) mkdirSync(d, { recursive: true })
  const labelsAll = JSON.parse(readFileSync(join(HERE, 'labels.json'), 'utf8'))

  // ------------------------------------------------------------------ install what is missing
  const peers = opts.install ? ensurePeers(PEERS_DIR) : { ok: existsSync(join(PEERS_DIR, 'node_modules', 'eslint')) }
  if (!peers.ok) notes.push(peers.note ?? 'ESLint peers missing (run without --skip-install)')
  const missingApt = opts.install ? ensureAptTools({ bandit: 'python3-bandit', shellcheck: 'shellcheck' }) : {}
  for (const [k, v] of Object.entries(missingApt)) notes.push(`${k}: ${v}`)
  const inputs = {}
  const js = opts.only.includes('js') ? ensureJsCorpus(join(WORK, 'corpora', 'js-ts'), TMP) : undefined
  if (js) inputs.js = js.inputs.join(' + ')
  const py = opts.only.includes('py') ? ensureDebCorpus(PY_CORPUS, join(WORK, 'corpora', 'python'), TMP) : undefined
  if (py?.missing) notes.push(py.missing)
  else if (py) inputs.py = py.input
  const shc = opts.only.includes('sh') ? ensureDebCorpus(SH_CORPUS, join(WORK, 'corpora', 'shell'), TMP) : undefined
  if (shc?.missing) notes.push(shc.missing)
  else if (shc) inputs.sh = shc.input
  const advRoot = join(WORK, 'advisories')
  let labels = []
  if (opts.only.includes('adv')) {
    const specs = ensureAdvisories(labelsAll, advRoot, TMP)
    const v = verifyLabels(labelsAll, advRoot)
    labels = v.ok
    for (const b of v.bad)
      notes.push(`label NOT verified (excluded): ${b.package}@${b.version} ${b.file}:${b.line} found ${JSON.stringify(b.found)}`)
    inputs.adv = `${specs.length} npm package versions with advisories, ${labels.length} verified labels`
  }
  const eslintSec = join(WORK, 'eslint.security.config.mjs')
  const eslintRec = join(WORK, 'eslint.recommended.config.mjs')
  if (peers.ok) {
    writeEslintConfig(eslintSec, PEERS_DIR, { recommended: false })
    writeEslintConfig(eslintRec, PEERS_DIR, { recommended: true })
  }

  // ------------------------------------------------------------------ Codex Agent build
  const distRules = join(ROOT, 'dist', 'capabilities', 'analyze', 'rules')
  const builtCli = join(ROOT, 'dist', 'interfaces', 'cli', 'main.js')
  if (!opts.customCli && !(existsSync(builtCli) && existsSync(distRules)) && opts.build) {
    log('Codex CLI not built: npm run build')
    const b = await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 600_000 })
    if (!existsSync(builtCli)) notes.push(`npm run build failed: ${b.stderr.slice(-400)}`)
  }
  if (!opts.customCli && opts.snapshot && existsSync(builtCli) && existsSync(distRules)) {
    opts.cli = snapshotDist(ROOT, WORK)
  }
  const codexOk = existsSync(opts.cli)
  if (!codexOk) notes.push(`Codex CLI not found at ${opts.cli}: Codex columns are empty`)
  const gitRev = sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).stdout.trim()
  const gitDirty = sh('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT }).stdout.trim() !== ''

  const res = { corpora: {} }
  const t = opts.timeout * 1000

  // ------------------------------------------------------------------ JS/TS corpus
  if (js) {
    const r = (res.corpora.js = { input: inputs.js })
    const out = join(OUT, 'eslint-js.json')
    const out2 = join(OUT, 'eslint-rec-js.json')
    const jobs = []
    if (peers.ok) {
      jobs.push({
        label: 'eslint+security js-ts',
        fn: () => runEslint({ peersDir: PEERS_DIR, configFile: eslintSec, root: js.root, outFile: out, timeoutMs: t }),
      })
      jobs.push({
        label: 'eslint recommended+security js-ts',
        fn: () => runEslint({ peersDir: PEERS_DIR, configFile: eslintRec, root: js.root, outFile: out2, timeoutMs: t }),
      })
    }
    if (codexOk) jobs.push(codexColdJob(opts, 'js-ts', js.root))
    const timings = await timedRounds(opts.runs, jobs)
    if (peers.ok) {
      const [sec, rec] = timings
      r.eslint = { timing: sec, parsed: sec.ok ? parseEslint(out, js.root) : undefined }
      r.eslintRecommended = { timing: rec, parsed: rec.ok ? parseEslint(out2, js.root) : undefined }
      const cacheFile = join(OUT, 'eslint-js.cache')
      await runEslint({ peersDir: PEERS_DIR, configFile: eslintSec, root: js.root, outFile: out, timeoutMs: t, cache: true, cacheFile })
      r.eslint.warm = await timed('eslint+security js-ts --cache re-run', opts.runs, () =>
        runEslint({
          peersDir: PEERS_DIR,
          configFile: eslintSec,
          root: js.root,
          outFile: `${out}.warm`,
          timeoutMs: t,
          cache: true,
          cacheFile,
        }),
      )
    }
    if (codexOk) {
      r.codex = await codexOn(opts, 'js-ts', js.root, { cold: timings.at(-1) })
      // One run: an extra row for the security-only comparison, kept short (the full run is the target).
      r.codexSecurity = await codexOn({ ...opts, runs: 1 }, 'js-ts', js.root, { types: 'security', warm: false })
      // One run without ast-grep's batch scanner (every rule on the Node binding): what the scanner
      // saves, and a check that it changes no finding.
      r.codexBinding = await codexOn({ ...opts, runs: 1 }, 'js-ts', js.root, {
        warm: false,
        env: { CODEX_AST_GREP_CLI: '0' },
        variant: 'binding',
      })
      const a = r.codex.cold.last?.json
      const b = r.codexBinding.cold.last?.json
      if (a && b) {
        const same =
          JSON.stringify(a.findings) === JSON.stringify(b.findings) && JSON.stringify(a.diagnostics) === JSON.stringify(b.diagnostics)
        notes.push(
          `js-ts: findings and diagnostics with the batch scanner ${same ? 'identical to' : 'DIFFER from'} the Node binding only run`,
        )
      }
    }
  }

  // ------------------------------------------------------------------ advisories (accuracy)
  if (opts.only.includes('adv')) {
    const r = (res.corpora.adv = { input: inputs.adv })
    const out = join(OUT, 'eslint-adv.json')
    const jobs = []
    if (peers.ok)
      jobs.push({
        label: 'eslint+security advisories',
        fn: () => runEslint({ peersDir: PEERS_DIR, configFile: eslintSec, root: advRoot, outFile: out, timeoutMs: t }),
      })
    if (codexOk) jobs.push(codexColdJob(opts, 'advisories', advRoot))
    const timings = await timedRounds(opts.advRuns, jobs)
    if (peers.ok) {
      r.eslint = { timing: timings[0], parsed: timings[0].ok ? parseEslint(out, advRoot) : undefined }
      if (r.eslint.parsed) r.eslint.score = score(labels, r.eslint.parsed.findings)
    }
    if (codexOk) {
      r.codex = await codexOn({ ...opts, runs: opts.advRuns }, 'advisories', advRoot, { warm: false, cold: timings.at(-1) })
      if (r.codex.parsed) r.codex.score = score(labels, r.codex.parsed.findings)
    }
  }

  // ------------------------------------------------------------------ Python corpus
  if (py && !py.missing) {
    const r = (res.corpora.py = { input: inputs.py })
    const out = join(OUT, 'bandit-py.json')
    const jobs = []
    if (has('bandit')) jobs.push({ label: 'bandit python', fn: () => runBandit({ root: py.root, outFile: out, timeoutMs: t }) })
    if (codexOk) jobs.push(codexColdJob(opts, 'python', py.root))
    const timings = await timedRounds(opts.runs, jobs)
    if (has('bandit')) r.bandit = { timing: timings[0], parsed: timings[0].ok ? parseBandit(out, py.root) : undefined }
    if (codexOk) r.codex = await codexOn(opts, 'python', py.root, { cold: timings.at(-1) })
  }

  // ------------------------------------------------------------------ shell corpus
  if (shc && !shc.missing) {
    const r = (res.corpora.sh = { input: inputs.sh })
    const files = shellFiles(shc.root)
    r.shellFiles = files.length
    const out = join(OUT, 'shellcheck-sh.json')
    const jobs = []
    if (has('shellcheck'))
      jobs.push({ label: 'shellcheck shell', fn: () => runShellcheck({ root: shc.root, files, outFile: out, timeoutMs: t }) })
    if (codexOk) jobs.push(codexColdJob(opts, 'shell', shc.root))
    const timings = await timedRounds(opts.runs, jobs)
    if (has('shellcheck'))
      r.shellcheck = { timing: timings[0], parsed: timings[0].ok ? parseShellcheck(out, shc.root, files.length) : undefined }
    if (codexOk) r.codex = await codexOn(opts, 'shell', shc.root, { cold: timings.at(-1) })
  }

  // ------------------------------------------------------------------ results
  const date = new Date().toISOString().slice(0, 10)
  const versions = {
    ...PEERS,
    bandit: has('bandit') ? sh('bandit', ['--version']).stdout.split('\n')[0] : 'missing',
    shellcheck: has('shellcheck') ? sh('shellcheck', ['--version']).stdout.split('\n')[1] : 'missing',
    codex: codexOk
      ? `${Object.values(res.corpora).find((c) => c.codex?.version)?.codex.version ?? '?'} (git ${gitRev}${gitDirty ? ', uncommitted src changes' : ''})`
      : 'not built',
    node: process.version,
  }
  const summary = {
    date,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), platform: process.platform },
    runs: opts.runs,
    lineTolerance: LINE_TOLERANCE,
    versions,
    inputs,
    notes,
    totalSeconds: 0,
    corpora: {},
  }
  for (const [k, c] of Object.entries(res.corpora)) {
    summary.corpora[k] = { input: c.input }
    for (const tool of ['eslint', 'eslintRecommended', 'codex', 'codexSecurity', 'codexBinding', 'bandit', 'shellcheck']) {
      if (!c[tool]) continue
      const s = summarize(c[tool])
      if (s && tool === 'eslint' && c.eslint.warm?.ok) s.warmMedianMs = c.eslint.warm.medianMs
      if (s && tool === 'eslint' && c.eslint.warm?.ok) s.warmRunsMs = c.eslint.warm.runsMs
      if (s) summary.corpora[k][tool] = s
      if (c[tool].score) summary.corpora[k][tool].score = c[tool].score
      if (tool.startsWith('codex') && c[tool].parsed) {
        const byRule = {}
        for (const f of c[tool].parsed.findings) byRule[`${f.category}:${f.ruleId}`] = (byRule[`${f.category}:${f.ruleId}`] ?? 0) + 1
        summary.corpora[k][tool].byRule = byRule
        summary.corpora[k][tool].diagnostics = c[tool].parsed.diagnostics.slice(0, 50)
        summary.corpora[k][tool].statsDurationMs = c[tool].parsed.durationMs
      }
    }
    if (c.shellFiles !== undefined) summary.corpora[k].shellFiles = c.shellFiles
  }
  summary.totalSeconds = Math.round((Date.now() - started) / 1000)
  const full = ['js', 'adv', 'py', 'sh'].every((x) => opts.only.includes(x))
  const file = join(WORK, `results-${date}${full ? '' : `-${opts.only.join('+')}`}.json`)
  writeFileSync(file, JSON.stringify(summary, null, 2))
  printReport(summary)
  console.log(`\nresults: ${file}  (total ${summary.totalSeconds} s)`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
