/** Worker thread entry: analyzes files sent by the pool with the same rule set as the main thread. */
import { parentPort, workerData } from 'node:worker_threads'
import { loadRules } from './engines/rule-loader.js'
import { analyzeText, type RuleFilter } from './file-analyzer.js'
import type { SourceFile } from './source-file.js'

const { ruleDirs, filter } = workerData as { ruleDirs: string[]; filter: RuleFilter }
const { rules } = loadRules(ruleDirs)

parentPort!.on('message', (task: { id: number; file: SourceFile }) => {
  try {
    const outcome = analyzeText(task.file.path, task.file.language, task.file.text, rules, filter)
    parentPort!.postMessage({ id: task.id, outcome })
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: (error as Error).message })
  }
})
