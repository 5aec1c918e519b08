/** The JSON report: the result as is, minus the absolute root's private detail. */
import type { AnalyzeResult } from '../index.js'

export function toJsonReport(result: AnalyzeResult, toolVersion: string) {
  return {
    tool: { name: 'codex-agent', version: toolVersion },
    failed: result.failed,
    failOn: result.failOn,
    stats: result.stats,
    findings: result.findings,
    diagnostics: result.diagnostics,
    rules: result.rules,
  }
}
