/**
 * The taint engine's entry point: builds the IR from the tree already parsed for the pattern rules,
 * runs the analyzer under a budget, and returns matches (with their source → sink flow) in the same
 * shape as the other engines. Sources, sinks and sanitizers come from YAML (see loader.ts).
 */
import type { SgRoot } from '@ast-grep/napi'
import { SEVERITIES, type FlowStep } from '../../../../core/finding.js'
import type { Language } from '../../languages.js'
import type { RawMatch, RuleMeta } from '../raw-match.js'
import { mayHaveRegexes, scanRegexes } from '../redos.js'
import { FileAnalyzer, type ExternalCall } from './analyzer.js'
import { Budget, BudgetExceeded, DEFAULT_LIMITS, type Limits } from './budget.js'
import { buildJs, mayHavePropertyWriters, propertyWriters } from './build-js.js'
import { buildPython } from './build-python.js'
import { loadTaintSpecs, type TaintSpecs } from './loader.js'
import { ruleIdFor, type CompiledSpec, type KindInfo, type TaintLanguage } from './spec.js'
import { trailSteps, type Value } from './values.js'

export { loadTaintSpecs, type TaintSpecs } from './loader.js'

/** A data-flow finding (with its source → sink flow), or a regex the ReDoS analysis found (no flow). */
export type TaintMatch = RawMatch & { flow?: FlowStep[] }

/** What one file tells the cross-module pass: exported functions' parameter → sink facts, and calls out. */
export interface ModuleTaintInfo {
  language: TaintLanguage
  /** Exported function name -> parameters that reach a sink inside it. */
  exports: Record<
    string,
    Array<{
      param: number
      kind: string
      line: number
      column: number
      endLine: number
      endColumn: number
      sink: string
      flow: FlowStep[]
      /** A prototype-pollution write that needs request data (not a library caller's argument). */
      shallow?: boolean
    }>
  >
  calls: Array<{
    module: string
    name: string
    line: number
    column: number
    endLine: number
    endColumn: number
    args: Array<{
      index: number
      source: string
      confidence: 'high' | 'medium' | 'low'
      flow: FlowStep[]
      /** The kinds the source is untrusted for, when not all (library entry points). */
      kinds?: string[]
      /** A library entry point's argument (not request data). */
      library?: boolean
    }>
  }>
  /** Exported functions that were summarized (with or without facts). */
  summarized?: string[]
}

export interface TaintResult {
  matches: TaintMatch[]
  /** `line:kind` of sinks whose untrusted input was sanitized on every path (pattern findings there are dropped). */
  sanitized: string[]
  module?: ModuleTaintInfo
  /** Set when the file was too large or the budget ran out. */
  stopped?: string
}

export function taintLanguage(language: Language): TaintLanguage | undefined {
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return 'js'
  if (language === 'python') return 'python'
  return undefined
}

const ruleMetas = new Map<string, RuleMeta>()

export function taintRuleMeta(language: TaintLanguage, kind: KindInfo): RuleMeta {
  const id = ruleIdFor(language, kind.name)
  let meta = ruleMetas.get(id)
  if (!meta) {
    meta = {
      id,
      title: `${kind.title} (data flow)`,
      category: 'security',
      severity: kind.severity,
      confidence: 'high',
      cwe: kind.cwe,
      owasp: kind.owasp,
      message: kind.message,
      fix: kind.fix,
      references: kind.references,
    }
    ruleMetas.set(id, meta)
  }
  return meta
}

function toFlow(path: string, steps: ReturnType<typeof trailSteps>): FlowStep[] {
  return steps.map((s) => ({ file: s.file ?? path, line: Math.max(1, s.loc.line), column: Math.max(1, s.loc.col), message: s.message }))
}

export function runTaint(
  root: SgRoot,
  language: Language,
  path: string,
  specs: TaintSpecs,
  limits: Limits = DEFAULT_LIMITS,
  summarizeExports: string[] = [],
  text?: string,
): TaintResult {
  const lang = taintLanguage(language)
  if (!lang) return { matches: [], sanitized: [] }
  const spec: CompiledSpec = lang === 'js' ? specs.js : specs.python
  // Regular expressions that backtrack super-linearly (ReDoS), whatever their input.
  const regexes =
    lang === 'js' && summarizeExports.length === 0 && (text === undefined || mayHaveRegexes(text))
      ? scanRegexes(root.root(), text ?? root.root().text())
      : undefined
  const fromRegexes = (): TaintResult => ({
    matches: regexes ? [...regexes.matches] : [],
    sanitized: regexes ? regexes.settledLines.map((line) => `${line}:redos`) : [],
  })
  // Library code: functions that write properties by computed keys (deep merges, set-by-path) and a
  // module's exported API, whose parameters the library's callers control.
  const writerCandidates =
    lang === 'js' && spec.writerSources.length && summarizeExports.length === 0 && text !== undefined && mayHavePropertyWriters(text)
      ? propertyWriters(root.root(), text)
      : []
  const api = text !== undefined && spec.apiFileTest?.(text) === true
  const library = writerCandidates.length > 0 || api
  // A file that names no source has no flow of its own; its exported functions are summarized on
  // demand when another module passes them untrusted data (see cross-module.ts).
  const named = text === undefined || summarizeExports.length > 0 || spec.sourceWords.test(text)
  if (!named && !library) return fromRegexes()
  let analyzer: FileAnalyzer | undefined
  let stopped: string | undefined
  try {
    const ir = lang === 'js' ? buildJs(root.root(), limits.maxNodes) : buildPython(root.root(), limits.maxNodes)
    const writers = ir.funcAt ? writerCandidates.map((w) => ({ fn: ir.funcAt!(w.node), names: w.names })) : []
    const writersOnly = !named && !api
    analyzer = new FileAnalyzer(ir, spec, { file: path, budget: new Budget(limits), summarizeExports, writers, api, writersOnly })
    analyzer.run()
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error
    stopped = error.message
  }
  const result: TaintResult = fromRegexes()
  if (stopped !== undefined) result.stopped = stopped
  if (!analyzer) return result
  for (const hit of analyzer.hits.values()) {
    const meta = taintRuleMeta(lang, hit.kind)
    let rule = hit.confidence === meta.confidence ? meta : { ...meta, confidence: hit.confidence }
    if (hit.maxSeverity !== undefined && SEVERITIES.indexOf(hit.maxSeverity) > SEVERITIES.indexOf(rule.severity))
      rule = { ...rule, severity: hit.maxSeverity }
    result.matches.push({
      rule,
      engine: 'taint',
      line: hit.loc.line,
      column: hit.loc.col,
      endLine: hit.loc.endLine,
      endColumn: hit.loc.endCol,
      message: `Untrusted input from ${hit.sourceLabel} reaches ${hit.sink.title}: ${hit.kind.title.toLowerCase()}. ${hit.kind.message}`,
      flow: toFlow(path, hit.steps),
    })
  }
  result.sanitized.push(...analyzer.sanitized)
  const module = moduleInfo(analyzer, lang, path)
  if (module) result.module = module
  return result
}

function moduleInfo(analyzer: FileAnalyzer, language: TaintLanguage, path: string): ModuleTaintInfo | undefined {
  const exports: ModuleTaintInfo['exports'] = {}
  const summarized: string[] = []
  for (const [name, value] of analyzer.exported) {
    if (value.fn && analyzer.knownSummary(value.fn)) summarized.push(name)
    const facts = exportFacts(analyzer, value, path)
    if (facts.length) exports[name] = facts
  }
  const calls = analyzer.externalCalls.map((c: ExternalCall) => ({
    module: c.module,
    name: c.name,
    line: c.loc.line,
    column: c.loc.col,
    endLine: c.loc.endLine,
    endColumn: c.loc.endCol,
    args: c.args.flatMap((a) =>
      a.taints.flatMap((t) =>
        t.origin.kind === 'source'
          ? [
              {
                index: a.index,
                source: `${t.origin.label} (${t.origin.source.title})`,
                confidence: t.origin.confidence,
                flow: toFlow(path, trailSteps(t.trail)),
                ...(t.origin.source.kindMask !== undefined ? { kinds: analyzer.kindNames(t.origin.source.kindMask) } : {}),
                ...(t.origin.source.api_parameters !== undefined ? { library: true } : {}),
              },
            ]
          : [],
      ),
    ),
  }))
  if (Object.keys(exports).length === 0 && calls.length === 0) return undefined
  return { language, exports, calls, summarized }
}

function exportFacts(analyzer: FileAnalyzer, value: Value, path: string): ModuleTaintInfo['exports'][string] {
  if (!value.fn) return []
  const summary = analyzer.knownSummary(value.fn)
  if (!summary) return []
  const out: ModuleTaintInfo['exports'][string] = []
  for (const rec of summary.sinks) {
    if (rec.taint.origin.kind !== 'param' || rec.taint.origin.fn !== value.fn.fn.id || rec.taint.origin.path.length > 0) continue
    // A write into an object reached through untrusted keys needs the caller's walk: not a plain fact.
    if (rec.deep || rec.taint.origin.index < 0) continue
    out.push({
      ...(rec.shallow ? { shallow: true } : {}),
      param: rec.taint.origin.index,
      kind: rec.kind.name,
      line: rec.loc.line,
      column: rec.loc.col,
      endLine: rec.loc.endLine,
      endColumn: rec.loc.endCol,
      sink: rec.sink.title,
      flow: toFlow(path, [...trailSteps(rec.taint.trail), { loc: rec.loc, message: `${rec.sink.title}: ${rec.kind.title.toLowerCase()}` }]),
    })
  }
  return out.slice(0, 32)
}

/** For file-analyzer: loads (memoized) the taint data for the given user directories. */
export function taintSpecsFor(dirs: string[]): TaintSpecs {
  return loadTaintSpecs(dirs)
}
