/** Baselines: an earlier JSON or SARIF report whose findings (by fingerprint) are not reported again. */
import { readFileSync } from 'node:fs'
import { UserInputError } from '../../core/errors.js'

export function readBaselineFingerprints(file: string, shownAs: string): Set<string> {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UserInputError(
      `Baseline ${shownAs} cannot be read as JSON (${(error as Error).message}); give a report written by \`analyze --format json\` or \`--format sarif\`.`,
      { field: 'baseline' },
    )
  }
  const fingerprints = new Set<string>()
  const report = data as {
    findings?: Array<{ fingerprint?: string }>
    runs?: Array<{ results?: Array<{ partialFingerprints?: Record<string, string> }> }>
  }
  for (const f of report.findings ?? []) if (f.fingerprint) fingerprints.add(f.fingerprint)
  for (const run of report.runs ?? []) {
    for (const r of run.results ?? []) {
      const fp = r.partialFingerprints?.['codexFingerprint/v1']
      if (fp) fingerprints.add(fp)
    }
  }
  if (!report.findings && !report.runs) {
    throw new UserInputError(`Baseline ${shownAs} is neither a Codex Agent JSON report nor a SARIF log.`, { field: 'baseline' })
  }
  return fingerprints
}
