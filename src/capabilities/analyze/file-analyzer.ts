/** Analyzes one file's text with every engine that applies, and turns raw matches into Findings. */
import type { Category, Diagnostic, Finding, FlowStep } from '../../core/finding.js'
import { sha256 } from '../../core/hash.js'
import { findSyntaxError, parseSource, runAstGrepRules } from './engines/ast-grep.js'
import { parseDockerfile, runDockerfileRules } from './engines/dockerfile.js'
import { runMetricRules } from './engines/metrics.js'
import type { RawMatch } from './engines/raw-match.js'
import { effectiveStandards, type Rule } from './engines/rule-schema.js'
import { runRuff } from './engines/ruff.js'
import { runTaint, taintLanguage, taintSpecsFor, type ModuleTaintInfo } from './engines/taint/index.js'
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

/** Runs ast-grep/dockerfile/metric rules and Ruff on one file. ShellCheck runs separately, in batch. */
export function analyzeText(path: string, language: Language, text: string, rules: Rule[], filter: RuleFilter): FileOutcome {
  const diagnostics: Diagnostic[] = []
  const selected = selectRules(rules, language, path, text, filter)
  const matches: Match[] = []
  let taintInfo: ModuleTaintInfo | undefined
  /** `line:family` the taint engine decided: flagged, or sanitized on every path. */
  const taintDecided = new Set<string>()
  if (language === 'dockerfile') {
    matches.push(...runDockerfileRules(parseDockerfile(text), selected))
  } else {
    const root = parseSource(language, text)
    const syntax = findSyntaxError(root)
    if (syntax && language !== 'python') {
      diagnostics.push({ file: path, kind: 'syntax-error', line: syntax.line, message: syntax.message })
    }
    matches.push(
      ...runAstGrepRules(
        root,
        text,
        selected.filter((r) => r.rule !== undefined),
        (rule, error) =>
          diagnostics.push({ file: path, kind: 'engine-error', message: `rule ${rule.id} (${rule.source}) failed: ${error.message}` }),
      ),
    )
    matches.push(
      ...runMetricRules(
        root,
        text,
        language,
        selected.filter((r) => r.metric !== undefined),
      ),
    )
    if (
      filter.taint &&
      filter.categories.includes('security') &&
      taintLanguage(language) &&
      matchesStandards(['owasp', 'cwe'], filter.standards)
    ) {
      const taint = runTaint(root, language, path, taintSpecsFor(filter.taint.dirs), undefined, [], text)
      if (taint.module) taintInfo = taint.module
      if (taint.stopped !== undefined)
        diagnostics.push({ file: path, kind: 'too-large', message: `data-flow analysis incomplete: ${taint.stopped}` })
      for (const m of taint.matches) {
        const family = familyOf({ id: m.rule.id, cwe: m.rule.cwe })
        if (family) taintDecided.add(`${m.line}:${family}`)
      }
      const specs = taintSpecsFor(filter.taint.dirs)
      const kinds = (taintLanguage(language) === 'js' ? specs.js : specs.python).kindByName
      for (const key of taint.sanitized) {
        const [line, kind] = key.split(':')
        const info = kinds.get(kind!)
        const family = info ? familyOf({ id: kind!, cwe: info.cwe }) : undefined
        if (family) taintDecided.add(`${line}:${family}`)
      }
      // Where the data flow settled a line for a family, the pattern rule's guess there is dropped.
      const keep = (m: Match) => {
        if (m.rule.category !== 'security') return true
        const family = familyOf({ id: m.rule.id, cwe: m.rule.cwe })
        return !family || !taintDecided.has(`${m.line}:${family}`)
      }
      const kept = matches.filter(keep)
      matches.length = 0
      matches.push(...kept, ...taint.matches)
    }
  }
  if (language === 'python') {
    const ruff = runRuff(text)
    if (ruff.syntaxError) {
      diagnostics.push({ file: path, kind: 'syntax-error', line: ruff.syntaxError.line, message: ruff.syntaxError.message })
    }
    // Where a rule of ours and a Ruff code flag the same weakness on the same line, ours is the more
    // precise (it looked at the data's origin); report it once.
    const ours = new Set(matches.flatMap((m) => m.rule.cwe.map((cwe) => `${m.line}:${cwe}`)))
    matches.push(
      ...ruff.matches.filter((m) => {
        if (!keepExternal(m, filter) || m.rule.cwe.some((cwe) => ours.has(`${m.line}:${cwe}`))) return false
        const family = m.rule.category === 'security' ? familyOf({ id: m.rule.id, cwe: m.rule.cwe }) : undefined
        return !family || !taintDecided.has(`${m.line}:${family}`)
      }),
    )
  }
  const outcome: FileOutcome = { findings: toFindings(path, text.split('\n'), matches), diagnostics }
  if (taintInfo) outcome.taint = taintInfo
  return outcome
}
