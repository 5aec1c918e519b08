// Runs each tool on one input folder and turns its output into one shape:
// { files, findings: [{ file (relative to the input folder, POSIX), line, ruleId, family, security }],
//   parseErrors, raw }.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { familyOfBanditTest, familyOfCwes, familyOfEslintRule } from '../families.mjs'
import { run } from './proc.mjs'

const posix = (p) => p.split(sep).join('/')

/** Normalizes a reported path (absolute, relative to cwd, or relative to the input) to input-relative. */
function relTo(root, file, cwd = root) {
  if (isAbsolute(file)) return posix(relative(root, file))
  const a = resolve(root, file)
  if (existsSync(a)) return posix(relative(root, a))
  return posix(relative(root, resolve(cwd, file)))
}

function loadJson(file) {
  const text = readFileSync(file, 'utf8')
  return text.trim() ? JSON.parse(text) : undefined
}

// ---------------------------------------------------------------------------------------------- ESLint
export async function runEslint({ peersDir, configFile, root, outFile, timeoutMs, cache = false, cacheFile }) {
  const bin = join(peersDir, 'node_modules', 'eslint', 'bin', 'eslint.js')
  const args = [bin, '-c', configFile, '-f', 'json', '-o', outFile, '--no-warn-ignored', '.']
  if (cache) args.push('--cache', '--cache-strategy', 'content', '--cache-location', cacheFile)
  const r = await run(process.execPath, args, { cwd: root, timeoutMs })
  return { ...r, ok: !r.timedOut && (r.code === 0 || r.code === 1) }
}

export function parseEslint(outFile, root) {
  const results = loadJson(outFile) ?? []
  const findings = []
  let parseErrors = 0
  for (const res of results) {
    const file = relTo(root, res.filePath)
    for (const m of res.messages) {
      if (m.fatal) {
        parseErrors++
        continue
      }
      if (!m.ruleId) continue // "eslint-disable has no effect because noInlineConfig" notices
      const family = familyOfEslintRule(m.ruleId)
      const security = /^(security|no-unsanitized)\//.test(m.ruleId)
      findings.push({ file, line: m.line, ruleId: m.ruleId, family: security ? family : undefined, security })
    }
  }
  return { files: results.length, findings, parseErrors }
}

// -------------------------------------------------------------------------------------------- Codex
export async function runCodex({ cli, root, outFile, timeoutMs, noCache = true, types, env }) {
  const args = [cli, 'analyze', '.', '--format', 'json', '--no-progress', '--fail-on', 'none']
  if (types) args.push('--type', types)
  if (noCache) args.push('--no-cache')
  const r = await run(process.execPath, args, { cwd: root, timeoutMs, stdoutFile: outFile, env: env && { ...process.env, ...env } })
  let json
  try {
    json = loadJson(outFile)
  } catch (error) {
    r.stderr += `\nunparseable JSON on stdout: ${error.message}`
  }
  return { ...r, ok: !r.timedOut && (r.code === 0 || r.code === 1) && json !== undefined, json }
}

export function parseCodex(json, root) {
  const findings = []
  for (const f of json?.findings ?? []) {
    const file = relTo(root, f.file)
    const security = f.category === 'security'
    const family = security ? familyOfCwes(f.cwe, file) : undefined
    findings.push({ file, line: f.line, ruleId: f.ruleId, family, security, category: f.category, cwe: f.cwe })
  }
  const diagnostics = json?.diagnostics ?? []
  return {
    files: json?.stats?.files ?? 0,
    analyzed: json?.stats?.analyzed,
    durationMs: json?.stats?.durationMs,
    findings,
    parseErrors: diagnostics.filter((d) => /syntax|parse/i.test(d.kind ?? '')).length,
    diagnostics,
  }
}

/** Removes the cache and the run store Codex keeps in the analyzed folder (cold start for the next run). */
export function clearCodexState(root) {
  rmSync(join(root, '.codex'), { recursive: true, force: true })
}

// ------------------------------------------------------------------------------------------- Bandit
export async function runBandit({ root, outFile, timeoutMs }) {
  // -q: no progress; exit 1 = issues found. .codex/ (Codex's own state) holds no Python.
  const r = await run('bandit', ['-r', '.', '-f', 'json', '-q', '-o', outFile], { cwd: root, timeoutMs })
  return { ...r, ok: !r.timedOut && (r.code === 0 || r.code === 1) && existsSync(outFile) }
}

export function parseBandit(outFile, root) {
  const j = loadJson(outFile) ?? { results: [], errors: [], metrics: {} }
  const findings = j.results.map((x) => ({
    file: relTo(root, x.filename),
    line: x.line_number,
    ruleId: x.test_id,
    family: familyOfBanditTest(x.test_id),
    security: true,
  }))
  const files = Object.keys(j.metrics ?? {}).filter((k) => k !== '_totals').length
  return { files, findings, parseErrors: (j.errors ?? []).length }
}

// ---------------------------------------------------------------------------------------- ShellCheck
export async function runShellcheck({ root, files, outFile, timeoutMs }) {
  // One process over the whole list (as a CI step would); -x not set (no sourcing of other files).
  const rels = files.map((f) => posix(relative(root, f)))
  const listFile = `${outFile}.list`
  writeFileSync(listFile, rels.join('\n'))
  const r = await run('sh', ['-c', `xargs -d '\\n' shellcheck -f json1 < "$0"`, listFile], {
    cwd: root,
    timeoutMs,
    stdoutFile: outFile,
  })
  // shellcheck exits 1 when it reports something; xargs turns that into 123.
  return { ...r, ok: !r.timedOut && [0, 1, 123].includes(r.code) }
}

export function parseShellcheck(outFile, root, nFiles) {
  // xargs may split the list into several invocations: one JSON object per invocation.
  const text = readFileSync(outFile, 'utf8')
  const findings = []
  let parseErrors = 0
  for (const chunk of text.split(/\n(?=\{)/)) {
    if (!chunk.trim()) continue
    for (const c of JSON.parse(chunk).comments ?? []) {
      if (c.level === 'error' && c.code >= 1000 && c.code < 1200) parseErrors++
      findings.push({ file: relTo(root, c.file), line: c.line, ruleId: `SC${c.code}`, family: undefined, security: false })
    }
  }
  return { files: nFiles, findings, parseErrors }
}

export function ensureDir(d) {
  mkdirSync(d, { recursive: true })
  return d
}
