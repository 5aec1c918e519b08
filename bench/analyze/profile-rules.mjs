#!/usr/bin/env node
// Diagnostic: where Codex Agent's ast-grep time goes. Parses every JS/TS/Python file under a folder once
// and times each built-in rule on it (and the ruff engine on Python files) the way the Node binding runs
// them (same pre-filter), then prints the rules by total time and the slowest (rule, file) pairs; then
// times ast-grep's batch scanner (the path `analyze` takes for JS/TS batches) on the same JS/TS files,
// one thread. Uses dist/ internals, so run `npm run build` first; single-threaded, so totals are CPU
// time on one core.
//
//   node bench/analyze/profile-rules.mjs [folder] [--top N]
//   (default folder: bench/.work/corpora/js-ts, filled by run.mjs; bench/.work/corpora/python/django too)
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const args = process.argv.slice(2)
const topIdx = args.indexOf('--top')
const top = topIdx >= 0 ? Number(args.splice(topIdx, 2)[1]) : 15
const dir = resolve(args[0] ?? join(ROOT, 'bench', '.work', 'corpora', 'js-ts'))

const dist = (p) => pathToFileURL(join(ROOT, 'dist', 'capabilities', 'analyze', 'engines', p)).href
const { loadRules } = await import(dist('rule-loader.js'))
const { parseSource, runAstGrepRules } = await import(dist('ast-grep.js'))
const { ruleLanguageCovers } = await import(pathToFileURL(join(ROOT, 'dist', 'capabilities', 'analyze', 'languages.js')).href)

const LANG = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
}
let runRuff
try {
  ;({ runRuff } = await import(dist('ruff.js')))
} catch {
  runRuff = undefined
}
function walk(d, out = []) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.codex') continue
    const p = join(d, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (e.isFile() && LANG[extname(e.name)] && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

const { rules } = loadRules()
const perRule = new Map()
const pairs = []
let parseMs = 0
const files = walk(dir)
for (const file of files) {
  const language = LANG[extname(file)]
  const text = readFileSync(file, 'utf8')
  let t = performance.now()
  const root = parseSource(language, text)
  parseMs += performance.now() - t
  if (language === 'python' && runRuff) {
    t = performance.now()
    runRuff(text)
    const ms = performance.now() - t
    perRule.set('engine/ruff (all ruff rules)', (perRule.get('engine/ruff (all ruff rules)') ?? 0) + ms)
    if (ms > 200) pairs.push([ms, 'engine/ruff', relative(dir, file)])
  }
  for (const rule of rules) {
    if (!rule.rule || !ruleLanguageCovers(rule.language, language)) continue
    t = performance.now()
    runAstGrepRules(root, text, [rule])
    const ms = performance.now() - t
    const key = `${rule.category}/${rule.id}`
    perRule.set(key, (perRule.get(key) ?? 0) + ms)
    if (ms > 200) pairs.push([ms, key, relative(dir, file)])
  }
}
const total = [...perRule.values()].reduce((a, b) => a + b, 0)
console.log(`${files.length} files under ${dir}: parse ${(parseMs / 1000).toFixed(1)} s, rules ${(total / 1000).toFixed(1)} s (one core)`)
console.log('\nrules by total time:')
for (const [k, ms] of [...perRule].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${(ms / 1000).toFixed(2).padStart(8)} s  ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${k}`)
console.log('\nslowest (rule, file) pairs over 200 ms:')
for (const [ms, k, f] of pairs.sort((a, b) => b[0] - a[0]).slice(0, top)) console.log(`${(ms / 1000).toFixed(2).padStart(8)} s  ${k}  ${f}`)

// The batch scanner on the JS/TS files: all pattern and helper rules in one process, one thread.
const { prepareScanRules, SG_LANGUAGES } = await import(dist('sg-cli.js'))
const set = prepareScanRules(rules)
const scanned = files.filter((f) => SG_LANGUAGES[LANG[extname(f)]])
if (set && scanned.length) {
  const { spawnSync } = await import('node:child_process')
  const t = performance.now()
  const r = spawnSync(set.binary, ['scan', '-j', '1', '-c', set.config, '--json=stream', ...scanned], { maxBuffer: 1 << 30 })
  const ms = performance.now() - t
  const matches = String(r.stdout).split('\n').filter(Boolean).length
  console.log(
    `\nbatch scanner (ast-grep CLI), one thread: ${(ms / 1000).toFixed(2)} s for ${scanned.length} JS/TS files, ${matches} matches (incl. helper rules)`,
  )
} else console.log('\nbatch scanner: not available (no @ast-grep/cli binary for this platform, or no JS/TS files)')
