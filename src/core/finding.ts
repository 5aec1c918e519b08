/** The Finding model every analysis engine reports into, and severity ordering. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export const CATEGORIES = ['security', 'performance', 'quality', 'compatibility'] as const
export type Category = (typeof CATEGORIES)[number]

export const CONFIDENCES = ['high', 'medium', 'low'] as const
export type Confidence = (typeof CONFIDENCES)[number]

export type EngineName = 'ast-grep' | 'ruff' | 'shellcheck' | 'dockerfile' | 'metrics' | 'taint'

/** One step of a data-flow path: where untrusted data came from, went through, and ended up. */
export interface FlowStep {
  /** Path relative to the analysis root (the finding's file unless the flow crosses modules). */
  file: string
  /** 1-based. */
  line: number
  column: number
  message: string
}

export interface Finding {
  ruleId: string
  title: string
  category: Category
  severity: Severity
  confidence: Confidence
  message: string
  /** Path relative to the analysis root, POSIX separators. */
  file: string
  /** 1-based line and column of the start and end of the matched region. */
  line: number
  column: number
  endLine: number
  endColumn: number
  cwe: number[]
  owasp?: string
  fix?: string
  references: string[]
  engine: EngineName
  /** Taint findings: the path from the source to the sink, in order. */
  flow?: FlowStep[]
  /** Stable across edits elsewhere in the file: rule, file, normalized line text, occurrence. */
  fingerprint: string
}

/** Lower rank = more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold)
}

/** A per-file note that is not a finding: a file skipped or only partly analyzed, and why. */
export interface Diagnostic {
  file: string
  kind: 'unreadable' | 'binary' | 'encoding' | 'too-large' | 'syntax-error' | 'minified' | 'engine-error'
  message: string
  line?: number
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId)
}
