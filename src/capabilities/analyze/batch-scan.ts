/**
 * Starts the batch ast-grep scan (engines/sg-cli.ts) over the files of a run that it can serve.
 * `CODEX_AST_GREP_CLI=0` turns it off (every file on the Node binding); `=always` uses it from one file.
 */
import { effectiveStandards, type Rule } from './engines/rule-schema.js'
import { metricScanRules } from './engines/metrics.js'
import { deriveRuleRequirement, RequirementIndex } from './engines/prefilter.js'
import {
  prepareScanRules,
  restrictedRuleFolder,
  runScan,
  scannable,
  SCAN_SYNTAX,
  SG_LANGUAGES,
  type ScanFile,
  type ScanMatch,
  type ScanRuleIds,
} from './engines/sg-cli.js'
import type { Language } from './languages.js'
import { matchesStandards, type RuleFilter } from './file-analyzer.js'
import type { SourceFile } from './source-file.js'

/** Below this many files the scanner's start (loading ~360 rules, ~0.1 s) costs more than the binding. */
export const MIN_FILES_FOR_SCAN = 16

export interface BatchScan {
  /** Files handed to the scanner (workspace-relative). */
  paths: Set<string>
  ruleIds: ScanRuleIds
  helpers: ScanRuleIds
  /** Matches by workspace-relative path; undefined when the scan failed (every file then uses the binding). */
  matches: Promise<Map<string, ScanMatch[]> | undefined>
}

/**
 * Whether a rule may match a file, by its literal pre-filter (prefilter.ts): one pass over each file
 * for all rules. Permissive, as `restrictedRuleFolder` needs: where it says no, the binding's own
 * check would drop the rule's matches anyway.
 */
function literalFilter(rules: Rule[], files: ScanFile[]): (ruleId: string, file: ScanFile) => boolean {
  const patternRules = rules.filter((r) => r.rule !== undefined)
  const index = new RequirementIndex(patternRules.map((r) => deriveRuleRequirement(r.rule, r.utils, r.constraints)))
  const position = new Map(patternRules.map((r, i) => [r.id, i]))
  const verdicts = new Map(files.map((f) => [f, index.mayMeet(f.text)]))
  return (ruleId, file) => {
    const i = position.get(ruleId)
    return i === undefined || verdicts.get(file)?.[i] !== false
  }
}

export function startBatchScan(
  pending: SourceFile[],
  onDisk: Map<string, string>,
  rules: Rule[],
  filter: RuleFilter,
  signal: AbortSignal,
  options: { minFiles?: number; onError?: (error: Error) => void } = {},
): BatchScan | undefined {
  const mode = process.env.CODEX_AST_GREP_CLI
  if (mode === '0') return undefined
  const minFiles = mode === 'always' ? 1 : (options.minFiles ?? MIN_FILES_FOR_SCAN)
  const candidates = pending.filter((f) => SG_LANGUAGES[f.language] !== undefined && onDisk.has(f.path))
  if (candidates.length < minFiles) return undefined
  const set = prepareScanRules(rules)
  if (!set) return undefined
  const files: ScanFile[] = []
  for (const f of candidates) {
    const file = { path: f.path, absolute: onDisk.get(f.path)!, language: f.language, text: f.text }
    if (scannable(file)) files.push(file)
  }
  if (files.length < minFiles) return undefined
  // Only the rules this run selects (types, standards), and the helper rules those need; when that is
  // everything in the rule folder, no filter.
  const selected = rules.filter((r) => filter.categories.includes(r.category) && matchesStandards(effectiveStandards(r), filter.standards))
  const wanted = new Set(selected.map((r) => r.id))
  const wantedHelpers = new Set([SCAN_SYNTAX])
  for (const rule of selected) {
    for (const language of Object.keys(SG_LANGUAGES) as Language[]) {
      for (const id of Object.keys(metricScanRules(rule, language))) wantedHelpers.add(id)
    }
  }
  const ruleIds: ScanRuleIds = {}
  const helpers: ScanRuleIds = {}
  for (const [language, ids] of Object.entries(set.ruleIds)) ruleIds[language as Language] = ids.filter((id) => wanted.has(id))
  for (const [language, ids] of Object.entries(set.helpers)) helpers[language as Language] = ids.filter((id) => wantedHelpers.has(id))
  const all = [...Object.values(set.ruleIds), ...Object.values(set.helpers)].flat()
  const kept = all.filter((id) => wanted.has(id) || wantedHelpers.has(id))
  if (!Object.values(ruleIds).some((ids) => ids.length > 0)) return undefined
  const subset = kept.length < all.length ? new Set(kept) : undefined
  const restricted = restrictedRuleFolder(set, files, subset, literalFilter(selected, files))
  const matches = runScan(set, files, subset, signal, restricted?.config)
    .then(
      (result) => result.matches,
      (error: Error) => {
        options.onError?.(error)
        return undefined
      },
    )
    .finally(() => restricted?.dispose())
  return { paths: new Set(files.map((f) => f.path)), ruleIds, helpers, matches }
}
