/** Analyzes one file's text with every engine that applies, and turns raw matches into Findings. */
import type { Category, Diagnostic, Finding, FlowStep } from '../../core/finding.js'
import { sha256 } from '../../core/hash.js'
import { astGrepScanMatches, findSyntaxError, LazyTree, runAstGrepRules, syntaxErrorFromScan } from './engines/ast-grep.js'
import { parseDockerfile, runDockerfileRules } from './engines/dockerfile.js'
import { runMetricRules } from './engines/metrics.js'
import type { RawMatch } from './engines/raw-match.js'
import { effectiveStandards, type Rule } from './engines/rule-schema.js'
import { runRuff } from './engines/ruff.js'
import { SCAN_SYNTAX, type ScanMatch } from './engines/sg-cli.js'
import { runTaint, taintLanguage, taintSpecsFor, type ModuleTaintInfo, type TaintSpecs } from './engines/taint/index.js'
import { familyOf } from './families.js'
import { detectDocumentKind, ruleLanguageCovers, type Language } from './languages.js'
import { parseSuppressions } from './suppressions.js'

export interface RuleFilter {
  categories: Category[]
  /** Lower-case standard names; empty = no restriction. */
  standards: string[]
  /**
   * Data-flow (taint) analysis for security, on JavaScript/TypeScript and Python: present = on.
   * `dirs` are extra taint-data folders (a project's `.codex/taint/`); `hash` keys the cache.
   */
  taint?: { dirs: string[]; hash: string }
}

export interface FileOutcome {
  findings: Finding[]
  diagnostics: Diagnostic[]
  /** Exported functions' parameter → sink facts and calls into project modules (cross-module taint). */
  taint?: ModuleTaintInfo
}

type Match = RawMatch & { flow?: FlowStep[] }

export function matchesStandards(ruleStandards: string[], wanted: string[]): boolean {
  return wanted.length === 0 || ruleStandards.some((s) => wanted.includes(s.toLowerCase()))
}

const fileRegexes = new Map<string, RegExp>()

function fileRegex(source: string): RegExp {
  let regex = fileRegexes.get(source)
  if (!regex) {
    regex = new RegExp(source, 'm')
    fileRegexes.set(source, regex)
  }
  return regex
}

/** A rule's whole-file conditions (`file.containing` / `file.not_containing`). */
function fileConditionsHold(rule: Rule, text: string): boolean {
  if (!rule.file) return true
  if (rule.file.containing !== undefined && !fileRegex(rule.file.containing).test(text)) return false
  if (rule.file.not_containing !== undefined && fileRegex(rule.file.not_containing).test(text)) return false
  return true
}

export function selectRules(rules: Rule[], language: Language, path: string, text: string, filter: RuleFilter): Rule[] {
  const kind = detectDocumentKind(path, language, text)
  return rules.filter(
    (r) =>
      ruleLanguageCovers(r.language, language) &&
      (r.document === undefined || r.document === kind) &&
      filter.categories.includes(r.category) &&
      matchesStandards(effectiveStandards(r), filter.standards) &&
      fileConditionsHold(r, text),
  )
}

/** External-tool matches carry their own standards; filter them like rules. */
export function keepExternal(match: RawMatch & { standards: string[] }, filter: RuleFilter): boolean {
  const standards = [...match.standards]
  if (match.rule.category === 'security') standards.push('owasp', 'cwe')
  if (match.rule.category === 'performance') standards.push('performance_best_practices')
  return filter.categories.includes(match.rule.category) && matchesStandards(standards, filter.standards)
}

/** Turns raw matches into findings: drops suppressed ones, adds fingerprints, dedupes same rule+line. */
export function toFindings(path: string, lines: string[], matches: Match[]): Finding[] {
  const suppressions = parseSuppressions(lines)
  const seen = new Set<string>()
  const occurrences = new Map<string, number>()
  const findings: Finding[] = []
  for (const m of matches.sort((a, b) => a.line - b.line || a.column - b.column)) {
    if (suppressions.isSuppressed(m.rule.id, m.line)) continue
    const key = `${m.rule.id}:${m.line}`
    if (seen.has(key)) continue
    seen.add(key)
    const lineText = (lines[m.line - 1] ?? '').replace(/\s+/g, ' ').trim()
    const occurrenceKey = `${m.rule.id}\0${lineText}`
    const occurrence = (occurrences.get(occurrenceKey) ?? 0) + 1
    occurrences.set(occurrenceKey, occurrence)
    const finding: Finding = {
      ruleId: m.rule.id,
      title: m.rule.title,
      category: m.rule.category,
      severity: m.rule.severity,
      confidence: m.rule.confidence,
      message: m.message ?? m.rule.message,
      file: path,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      cwe: m.rule.cwe,
      references: m.rule.references,
      engine: m.engine,
      fingerprint: sha256(m.rule.id, path, lineText, String(occurrence)).slice(0, 32),
    }
    if (m.rule.owasp !== undefined) finding.owasp = m.rule.owasp
    if (m.rule.fix !== undefined) finding.fix = m.rule.fix
    if (m.flow) finding.flow = m.flow
    findings.push(finding)
  }
  return findings
}

/**
 * This file's matches from the batch ast-grep scan (engines/sg-cli.ts): `ruleIds` are the rules the
 * scan ran for this language; the binding runs the file's other ast-grep rules.
 */
export interface ScannedRules extends ScanPlan {
  matches: readonly ScanMatch[]
}

/** What the batch scan runs for a file's language: its pattern rules and helper rules (sg-cli.ts). */
export interface ScanPlan {
  ruleIds: ReadonlySet<string>
  helpers: ReadonlySet<string>
}

/** What `startAnalysis` found before the batch scan's matches are in; `finishAnalysis` completes it. */
export interface PendingAnalysis {
  path: string
  language: Language
  text: string
  diagnostics: Diagnostic[]
  /** Matches of the engines run so far: pattern rules on the binding, metrics, Dockerfile rules. */
  matches: Match[]
  /** Selected pattern rules whose matches come from the batch scan. */
  delegated: Rule[]
  /** When the taint engine ran: its matches, and the `line:family` pairs it decided (flagged, or sanitized on every path). */
  taint?: { matches: Match[]; decided: Set<string> }
  /** Ruff's matches (Python) that the filter keeps, before the overlap with ours is dropped. */
  ruff?: Match[]
  taintInfo?: ModuleTaintInfo
  /** With the batch scan: the syntax check and the metric rules wait for its matches. */
  deferred?: { tree: LazyTree; metricRules: Rule[]; helpers: ReadonlySet<string> }
}

/**
 * The taint data for a run's filter, loaded once: loading checks every data file (reads and hashes
 * them), which cost more than the analysis on most files when done per file.
 */
const taintSpecsByFilter = new WeakMap<NonNullable<RuleFilter['taint']>, TaintSpecs>()

function taintSpecsOf(taint: NonNullable<RuleFilter['taint']>): TaintSpecs {
  let specs = taintSpecsByFilter.get(taint)
  if (!specs) {
    specs = taintSpecsFor(taint.dirs)
    taintSpecsByFilter.set(taint, specs)
  }
  return specs
}

function ruleErrorReporter(path: string, diagnostics: Diagnostic[]) {
  return (rule: Rule, error: Error) =>
    diagnostics.push({ file: path, kind: 'engine-error', message: `rule ${rule.id} (${rule.source}) failed: ${error.message}` })
}

/**
 * Runs every engine on one file except what the batch scan provides (`scan`: the pattern rules it runs
 * for this language, and the syntax check and metrics, which use its helper matches in
 * `finishAnalysis`). The tree is parsed only if an engine asks for it. ShellCheck runs separately.
 */
export function startAnalysis(
  path: string,
  language: Language,
  text: string,
  rules: Rule[],
  filter: RuleFilter,
  scan?: ScanPlan,
): PendingAnalysis {
  const diagnostics: Diagnostic[] = []
  const selected = selectRules(rules, language, path, text, filter)
  const pending: PendingAnalysis = { path, language, text, diagnostics, matches: [], delegated: [] }
  const matches = pending.matches
  if (language === 'dockerfile') {
    matches.push(...runDockerfileRules(parseDockerfile(text), selected))
  } else {
    const tree = new LazyTree(language, text)
    const metricRules = selected.filter((r) => r.metric !== undefined)
    let patternRules = selected.filter((r) => r.rule !== undefined)
    if (scan) {
      pending.delegated = patternRules.filter((r) => scan.ruleIds.has(r.id))
      patternRules = patternRules.filter((r) => !scan.ruleIds.has(r.id))
      pending.deferred = { tree, metricRules, helpers: scan.helpers }
    } else {
      const syntax = findSyntaxError(tree.sgRoot())
      if (syntax && language !== 'python') {
        diagnostics.push({ file: path, kind: 'syntax-error', line: syntax.line, message: syntax.message })
      }
    }
    matches.push(...runAstGrepRules(tree, text, patternRules, ruleErrorReporter(path, diagnostics)))
    if (!scan) matches.push(...runMetricRules(tree, text, language, metricRules))
    if (
      filter.taint &&
      filter.categories.includes('security') &&
      taintLanguage(language) &&
      matchesStandards(['owasp', 'cwe'], filter.standards)
    ) {
      const specs = taintSpecsOf(filter.taint)
      // The taint engine parses only files that name a source (through the lazy tree).
      const taint = runTaint(tree.asSgRoot(), language, path, specs, undefined, [], text)
      if (taint.module) pending.taintInfo = taint.module
      if (taint.stopped !== undefined)
        diagnostics.push({ file: path, kind: 'too-large', message: `data-flow analysis incomplete: ${taint.stopped}` })
      const taintDecided = new Set<string>()
      for (const m of taint.matches) {
        const family = familyOf({ id: m.rule.id, cwe: m.rule.cwe })
        if (family) taintDecided.add(`${m.line}:${family}`)
      }
      const kinds = (taintLanguage(language) === 'js' ? specs.js : specs.python).kindByName
      for (const key of taint.sanitized) {
        const [line, kind] = key.split(':')
        const info = kinds.get(kind!)
        const family = info ? familyOf({ id: kind!, cwe: info.cwe }) : undefined
        if (family) taintDecided.add(`${line}:${family}`)
      }
      pending.taint = { matches: taint.matches, decided: taintDecided }
    }
  }
  if (language === 'python') {
    const ruff = runRuff(text)
    if (ruff.syntaxError) {
      diagnostics.push({ file: path, kind: 'syntax-error', line: ruff.syntaxError.line, message: ruff.syntaxError.message })
    }
    pending.ruff = ruff.matches.filter((m) => keepExternal(m, filter))
  }
  return pending
}

/**
 * Completes a file's analysis with the batch scan's matches for it; without them (the scan failed or
 * skipped the file) the binding runs the delegated rules here.
 */
export function finishAnalysis(pending: PendingAnalysis, scanned: readonly ScanMatch[] | undefined): FileOutcome {
  const { path, language, text, diagnostics } = pending
  let matches: Match[] = [...pending.matches]
  const deferred = pending.deferred
  const tree = deferred?.tree ?? new LazyTree(language, text)
  if (deferred) {
    const syntax = scanned && deferred.helpers.has(SCAN_SYNTAX) ? syntaxErrorFromScan(scanned) : findSyntaxError(deferred.tree.sgRoot())
    if (syntax && language !== 'python') {
      // First, where the binding-only order has it.
      diagnostics.unshift({ file: path, kind: 'syntax-error', line: syntax.line, message: syntax.message })
    }
    matches.push(...runMetricRules(tree, text, language, deferred.metricRules, scanned && { helpers: deferred.helpers, matches: scanned }))
  }
  if (pending.delegated.length > 0) {
    matches.push(
      ...(scanned
        ? astGrepScanMatches(text, pending.delegated, scanned)
        : runAstGrepRules(tree, text, pending.delegated, ruleErrorReporter(path, diagnostics))),
    )
  }
  const taintDecided = pending.taint?.decided ?? new Set<string>()
  if (pending.taint) {
    // Where the data flow settled a line for a family, the pattern rule's guess there is dropped.
    const keep = (m: Match) => {
      if (m.rule.category !== 'security') return true
      const family = familyOf({ id: m.rule.id, cwe: m.rule.cwe })
      return !family || !taintDecided.has(`${m.line}:${family}`)
    }
    matches = [...matches.filter(keep), ...pending.taint.matches]
  }
  if (pending.ruff) {
    // Where a rule of ours and a Ruff code flag the same weakness on the same line, ours is the more
    // precise (it looked at the data's origin); report it once.
    const ours = new Set(matches.flatMap((m) => m.rule.cwe.map((cwe) => `${m.line}:${cwe}`)))
    matches.push(
      ...pending.ruff.filter((m) => {
        if (m.rule.cwe.some((cwe) => ours.has(`${m.line}:${cwe}`))) return false
        const family = m.rule.category === 'security' ? familyOf({ id: m.rule.id, cwe: m.rule.cwe }) : undefined
        return !family || !taintDecided.has(`${m.line}:${family}`)
      }),
    )
  }
  const outcome: FileOutcome = { findings: toFindings(path, text.split('\n'), matches), diagnostics }
  if (pending.taintInfo) outcome.taint = pending.taintInfo
  return outcome
}

/** Runs ast-grep/dockerfile/metric rules and Ruff on one file. ShellCheck runs separately, in batch. */
export function analyzeText(
  path: string,
  language: Language,
  text: string,
  rules: Rule[],
  filter: RuleFilter,
  scanned?: ScannedRules,
): FileOutcome {
  return finishAnalysis(startAnalysis(path, language, text, rules, filter, scanned), scanned?.matches)
}
