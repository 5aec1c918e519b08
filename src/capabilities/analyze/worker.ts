/** Worker thread entry: analyzes files sent by the pool with the main thread's rule set. */
import { parentPort, workerData } from 'node:worker_threads'
import type { Rule } from './engines/rule-schema.js'
import type { ScanMatch, ScanRuleIds } from './engines/sg-cli.js'
import { analyzeText, type RuleFilter } from './file-analyzer.js'
import { scanPlans, scannedFor } from './pool.js'
import type { SourceFile } from './source-file.js'

// The rules come parsed from the main thread (re-reading and validating the YAML costs ~0.2 s per worker).
const { rules, filter, scan } = workerData as { rules: Rule[]; filter: RuleFilter; scan?: { ruleIds: ScanRuleIds; helpers: ScanRuleIds } }
const plans = scanPlans(scan)

parentPort!.on('message', (task: { id: number; file: SourceFile; scanned?: ScanMatch[] }) => {
  try {
    const scanned = scannedFor(task.file.language, plans, task.scanned)
    const outcome = analyzeText(task.file.path, task.file.language, task.file.text, rules, filter, scanned)
    parentPort!.postMessage({ id: task.id, outcome })
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: (error as Error).message })
  }
})
