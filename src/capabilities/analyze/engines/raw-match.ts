/** What a rule engine returns before suppression, fingerprinting and Finding assembly. */
import type { Category, Confidence, EngineName, Severity } from '../../../core/finding.js'

/** The metadata a finding copies from its rule; YAML rules and external-tool mappings both provide it. */
export interface RuleMeta {
  id: string
  title: string
  category: Category
  severity: Severity
  confidence: Confidence
  cwe: number[]
  owasp?: string | undefined
  message: string
  fix?: string | undefined
  references: string[]
}

export interface RawMatch {
  rule: RuleMeta
  engine: EngineName
  /** 1-based. */
  line: number
  column: number
  endLine: number
  endColumn: number
  /** Overrides the rule's message (external tools give per-match messages). */
  message?: string
}
