/** The analyze capability: discovers files, runs every engine (in parallel, cached) and reports findings. */
import { join, relative } from 'node:path'
import type { Capability } from '../../core/capability.js'
import { throwIfCancelled, type Context } from '../../core/context.js'
import { CATEGORIES, atLeast, compareFindings, type Category, type Diagnostic, type Finding, type Severity } from '../../core/finding.js'
import { sha256 } from '../../core/hash.js'
import { readBaselineFingerprints } from './baseline.js'
import { startBatchScan } from './batch-scan.js'
import { AnalysisCache } from './cache.js'
import { discoverFiles, resolveInsideWorkspace, toPosix } from './discover.js'
import { loadRules } from './engines/rule-loader.js'
import type { Rule } from './engines/rule-schema.js'
import { runShellCheck, shellcheckAvailable } from './engines/shellcheck.js'
import { parseSource } from './engines/ast-grep.js'
import { crossModuleMatches, missingExports } from './engines/taint/cross-module.js'
import { loadTaintSpecs } from './engines/taint/loader.js'
import { runTaint, taintLanguage, taintRuleMeta, type ModuleTaintInfo } from './engines/taint/index.js'
import { keepExternal, toFindings, type FileOutcome, type RuleFilter } from './file-analyzer.js'
import { guessLanguage, LANGUAGE_EXTENSION } from './guess-language.js'
import { REQUEST_LANGUAGES } from './languages.js'
import { analyzeInPool } from './pool.js'
import { AnalyzeRequest } from './request.js'
import { classifySource, readSource, type SourceFile } from './source-file.js'

export { AnalyzeRequest } from './request.js'

/** Bumped when engine behaviour changes, so old cache entries are not reused. */
const ENGINE_VERSION = '2'

/** Rule metadata for reports (SARIF `tool.driver.rules`). */
export interface RuleDescriptor {
  id: string
  title: string
  description: string
  fix?: string
  category: Category
  severity: Severity
  cwe: number[]
  owasp?: string
  references: string[]
}

export interface AnalyzeResult {
  /** Absolute workspace root; finding paths are relative to it. */
  root: string
  findings: Finding[]
  diagnostics: Diagnostic[]
  rules: RuleDescriptor[]
  /** True when some finding is at or above `fail_on`. */
  failed: boolean
  failOn: Severity | 'none'
  stats: {
    files: number
    analyzed: number
    cached: number
    skipped: number
    suppressedByBaseline: number
    rules: number
    durationMs: number
    shellcheck: boolean
  }
}

function describe(
  rule: Pick<Rule, 'id' | 'title' | 'message' | 'fix' | 'category' | 'severity' | 'cwe' | 'owasp' | 'references'>,
): RuleDescriptor {
  const d: RuleDescriptor = {
    id: rule.id,
    title: rule.title,
    description: rule.message,
    category: rule.category,
    severity: rule.severity,
    cwe: rule.cwe,
    references: rule.references,
  }
  if (rule.fix !== undefined) d.fix = rule.fix
  if (rule.owasp !== undefined) d.owasp = rule.owasp
  return d
}

interface Inputs {
  files: SourceFile[]
  /** Absolute paths on disk, for tools that read files themselves; undefined for inline content. */
  onDisk: Map<string, string>
  diagnostics: Diagnostic[]
  total: number
}

async function collectInputs(request: AnalyzeRequest, ctx: Context): Promise<Inputs> {
  const maxBytes = ctx.config.analyze.max_file_bytes
  const inputs: Inputs = { files: [], onDisk: new Map(), diagnostics: [], total: 0 }
  const accept = (outcome: Awaited<ReturnType<typeof readSource>>, absolute?: string) => {
    if ('skip' in outcome) return
    inputs.total++
    if ('diagnostic' in outcome) inputs.diagnostics.push(outcome.diagnostic)
    else {
      inputs.files.push(outcome.file)
      if (absolute) inputs.onDisk.set(outcome.file.path, absolute)
    }
  }
  if (request.code !== undefined) {
    const language = request.language ? REQUEST_LANGUAGES[request.language]! : guessLanguage(request.code)
    const ext = LANGUAGE_EXTENSION[language]
    const name = language === 'dockerfile' ? 'Dockerfile' : `snippet.${ext}`
    accept(classifySource(name, Buffer.from(request.code, 'utf8'), maxBytes))
    if (inputs.files[0]) inputs.files[0].language = language
    return inputs
  }
  const paths: string[] = []
  for (const item of request.files ?? []) {
    if (typeof item === 'string') paths.push(item)
    else {
      const absolute = resolveInsideWorkspace(ctx.workspace, item.path)
      accept(classifySource(toPosix(relative(ctx.workspace, absolute)), Buffer.from(item.content, 'utf8'), maxBytes))
    }
  }
  if (request.path !== undefined) paths.push(...(Array.isArray(request.path) ? request.path : [request.path]))
  if (paths.length === 0) return inputs
  const absolutes = discoverFiles({ workspace: ctx.workspace, paths, exclude: ctx.config.analyze.exclude })
  // Reads are I/O bound: overlap them in modest batches.
  for (let i = 0; i < absolutes.length; i += 64) {
    throwIfCancelled(ctx.signal)
    const batch = absolutes.slice(i, i + 64)
    const outcomes = await Promise.all(batch.map((abs) => readSource(abs, toPosix(relative(ctx.workspace, abs)), maxBytes)))
    outcomes.forEach((outcome, j) => accept(outcome, batch[j]))
  }
  return inputs
}

async function runShellCheckOn(files: SourceFile[], inputs: Inputs, filter: RuleFilter): Promise<Map<string, FileOutcome>> {
  const out = new Map<string, FileOutcome>()
  const shell = files.filter((f) => f.language === 'bash')
  if (shell.length === 0) return out
  const onDisk = shell.filter((f) => inputs.onDisk.has(f.path))
  const byAbsolute = await runShellCheck({ paths: onDisk.map((f) => inputs.onDisk.get(f.path)!) })
  const collect = (file: SourceFile, matches: Parameters<typeof keepExternal>[0][]) => {
    const kept = matches.filter((m) => keepExternal(m, filter))
    out.set(file.path, { findings: toFindings(file.path, file.text.split('\n'), kept), diagnostics: [] })
  }
  for (const file of onDisk) collect(file, byAbsolute.get(inputs.onDisk.get(file.path)!) ?? [])
  for (const file of shell.filter((f) => !inputs.onDisk.has(f.path))) {
    collect(file, (await runShellCheck({ inline: file.text })).get('-') ?? [])
  }
  return out
}

/** Findings at calls that pass untrusted data into another analyzed module's sink (not cached: they depend on both files). */
function crossModuleFindings(
  outcomes: Map<string, FileOutcome>,
  files: SourceFile[],
  specs: NonNullable<ReturnType<typeof loadTaintSpecs>>,
): Finding[] {
  const infos = new Map<string, ModuleTaintInfo>()
  for (const [path, outcome] of outcomes) if (outcome.taint) infos.set(path, outcome.taint)
  if (!infos.size) return []
  const byPath = new Map(files.map((f) => [f.path, f]))
  const paths = new Set(byPath.keys())
  // Exported functions nothing in their own file reached: summarize them now, for these callers only.
  for (const [path, names] of missingExports(infos, paths)) {
    const file = byPath.get(path)!
    if (!taintLanguage(file.language)) continue
    const extra = runTaint(parseSource(file.language, file.text), file.language, path, specs, undefined, names).module
    if (!extra) continue
    const info = infos.get(path)
    infos.set(path, info ? { ...info, exports: { ...info.exports, ...extra.exports } } : { ...extra, calls: [] })
  }
  const out: Finding[] = []
  for (const [path, matches] of crossModuleMatches(infos, specs, paths)) {
    const existing = new Set((outcomes.get(path)?.findings ?? []).map((f) => `${f.ruleId}:${f.line}`))
    const fresh = matches.filter((m) => !existing.has(`${m.rule.id}:${m.line}`))
    const text = byPath.get(path)?.text
    if (text !== undefined && fresh.length) out.push(...toFindings(path, text.split('\n'), fresh))
  }
  return out
}

export async function runAnalyze(request: AnalyzeRequest, ctx: Context): Promise<AnalyzeResult> {
  const started = performance.now()
  const settings = ctx.config.analyze
  const filter: RuleFilter = {
    categories: request.analysis_type ?? settings.types ?? [...CATEGORIES],
    standards: (request.standards ?? settings.standards ?? []).map((s) => s.toLowerCase()),
  }
  const failOn = request.fail_on ?? settings.fail_on ?? 'high'
  const ruleDirs = settings.rules_dirs.map((d) => join(ctx.workspace, d))
  ctx.emit({ type: 'step.started', step: 'load-rules' })
  const ruleSet = loadRules(ruleDirs)
  // Data-flow analysis: on unless `analyze.taint: false`; a project adds frameworks in .codex/taint/.
  const taintDirs = [join(ctx.workspace, '.codex', 'taint')]
  const taintSpecs = settings.taint !== false && filter.categories.includes('security') ? loadTaintSpecs(taintDirs) : undefined
  if (taintSpecs) filter.taint = { dirs: taintDirs, hash: taintSpecs.hash }
  const baseline = request.baseline
    ? readBaselineFingerprints(resolveInsideWorkspace(ctx.workspace, request.baseline), request.baseline)
    : undefined

  ctx.emit({ type: 'step.started', step: 'discover' })
  const inputs = await collectInputs(request, ctx)
  const useShellCheck = inputs.files.some((f) => f.language === 'bash') && (await shellcheckAvailable())
  const cacheable = request.code === undefined && request.cache !== false
  const cache = cacheable
    ? AnalysisCache.open(ctx.workspace, sha256(ENGINE_VERSION, ruleSet.hash, JSON.stringify(filter), String(useShellCheck)))
    : undefined

  const outcomes = new Map<string, FileOutcome>()
  const hashes = new Map<string, string>()
  const pending: SourceFile[] = []
  for (const file of inputs.files) {
    const hash = sha256(file.text)
    hashes.set(file.path, hash)
    const hit = cache?.get(file.path, hash)
    if (hit) outcomes.set(file.path, hit)
    else pending.push(file)
  }
  const cached = outcomes.size
  const total = inputs.files.length
  ctx.emit({ type: 'step.started', step: 'analyze', detail: `${total} files (${cached} cached)` })
  ctx.emit({ type: 'progress', step: 'analyze', done: cached, total })

  const shellcheckRun = useShellCheck ? runShellCheckOn(pending, inputs, filter) : Promise.resolve(new Map<string, FileOutcome>())
  let done = cached
  // ast-grep's scanner runs the pattern rules over all files at once; the other engines run beside it.
  const scan = startBatchScan(pending, inputs.onDisk, ruleSet.rules, filter, ctx.signal, {
    onError: (error) =>
      ctx.emit({ type: 'step.started', step: 'ast-grep-scan', detail: `failed, using the Node binding: ${error.message}` }),
  })
  if (scan) ctx.emit({ type: 'step.started', step: 'ast-grep-scan', detail: `${scan.paths.size} files` })
  await analyzeInPool(pending, {
    rules: ruleSet.rules,
    filter,
    workers: settings.workers,
    signal: ctx.signal,
    scan,
    onDone(file, outcome) {
      done++
      if ('error' in outcome) {
        outcomes.set(file.path, { findings: [], diagnostics: [{ file: file.path, kind: 'engine-error', message: outcome.error }] })
      } else {
        outcomes.set(file.path, outcome)
      }
      ctx.emit({ type: 'progress', step: 'analyze', done, total, item: file.path })
    },
  })
  throwIfCancelled(ctx.signal)
  for (const [path, extra] of await shellcheckRun) {
    const outcome = outcomes.get(path)
    if (outcome) outcomes.set(path, { findings: [...outcome.findings, ...extra.findings], diagnostics: outcome.diagnostics })
  }
  if (cache) {
    for (const file of pending) {
      const outcome = outcomes.get(file.path)
      if (outcome && !outcome.diagnostics.some((d) => d.kind === 'engine-error')) cache.set(file.path, hashes.get(file.path)!, outcome)
    }
    cache.save()
  }

  let findings = [...outcomes.values()].flatMap((o) => o.findings)
  if (taintSpecs) findings.push(...crossModuleFindings(outcomes, inputs.files, taintSpecs))
  // In the order the files were found, whichever thread finished first.
  const diagnostics = [...inputs.diagnostics, ...inputs.files.flatMap((f) => outcomes.get(f.path)?.diagnostics ?? [])]
  const before = findings.length
  if (baseline) findings = findings.filter((f) => !baseline.has(f.fingerprint))
  findings.sort(compareFindings)
  for (const finding of findings) ctx.emit({ type: 'finding', finding })
  for (const diagnostic of diagnostics) ctx.emit({ type: 'diagnostic', diagnostic })

  const descriptors = new Map<string, RuleDescriptor>()
  const byId = new Map<string, Parameters<typeof describe>[0]>(ruleSet.rules.map((r) => [r.id, r]))
  if (taintSpecs) {
    for (const language of ['js', 'python'] as const) {
      for (const kind of taintSpecs[language].kinds) {
        const meta = taintRuleMeta(language, kind)
        byId.set(meta.id, meta)
      }
    }
  }
  for (const f of findings) {
    if (descriptors.has(f.ruleId)) continue
    const rule = byId.get(f.ruleId)
    descriptors.set(
      f.ruleId,
      describe(
        rule ?? {
          id: f.ruleId,
          title: f.title,
          message: f.title,
          fix: f.fix,
          category: f.category,
          severity: f.severity,
          cwe: f.cwe,
          owasp: f.owasp,
          references: f.references,
        },
      ),
    )
  }

  return {
    root: ctx.workspace,
    findings,
    diagnostics,
    rules: [...descriptors.values()].sort((a, b) => a.id.localeCompare(b.id)),
    failed: failOn !== 'none' && findings.some((f) => atLeast(f.severity, failOn)),
    failOn,
    stats: {
      files: inputs.total,
      analyzed: pending.length,
      cached,
      skipped: inputs.diagnostics.length,
      suppressedByBaseline: before - findings.length,
      rules: ruleSet.rules.length,
      durationMs: Math.round(performance.now() - started),
      shellcheck: useShellCheck,
    },
  }
}

export const analyzeCapability: Capability<typeof AnalyzeRequest, AnalyzeResult> = {
  name: 'analyze',
  description:
    'Static analysis of JavaScript, TypeScript, Python, Bash, YAML (GitHub Actions, Compose, Kubernetes), JSON and Dockerfiles for security (CWE/OWASP), performance, quality and compatibility issues.',
  request: AnalyzeRequest,
  run: runAnalyze,
  summarize(result) {
    const bySeverity: Record<string, number> = {}
    for (const f of result.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1
    return { findings: result.findings.length, bySeverity, failed: result.failed, ...result.stats }
  },
}
