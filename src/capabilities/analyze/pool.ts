/** Spreads file analysis over worker threads; falls back to the calling thread for small jobs. */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Rule } from './engines/rule-schema.js'
import { analyzeText, type FileOutcome, type RuleFilter } from './file-analyzer.js'
import type { SourceFile } from './source-file.js'

export interface PoolOptions {
  rules: Rule[]
  ruleDirs: string[]
  filter: RuleFilter
  /** 0 = one per core. */
  workers: number
  signal: AbortSignal
  onDone(file: SourceFile, outcome: FileOutcome | { error: string }): void
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 24

// Compiled builds run workers from dist/; tests running TypeScript sources analyze in-thread.
const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url))

function analyzeSafely(file: SourceFile, options: PoolOptions): FileOutcome | { error: string } {
  try {
    return analyzeText(file.path, file.language, file.text, options.rules, options.filter)
  } catch (error) {
    return { error: (error as Error).message }
  }
}

export async function analyzeInPool(files: SourceFile[], options: PoolOptions): Promise<void> {
  const count = Math.min(options.workers || availableParallelism(), Math.ceil(files.length / 8))
  if (files.length < MIN_FILES_FOR_WORKERS || count < 2 || !existsSync(workerFile)) {
    for (const file of files) {
      if (options.signal.aborted) return
      options.onDone(file, analyzeSafely(file, options))
    }
    return
  }
  // Largest files first so one big file does not finish last on a single worker.
  const queue = files.map((file, id) => ({ id, file })).sort((a, b) => b.file.text.length - a.file.text.length)
  const workers = Array.from(
    { length: count },
    () => new Worker(workerFile, { workerData: { ruleDirs: options.ruleDirs, filter: options.filter } }),
  )
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const task = options.signal.aborted ? undefined : queue.shift()
              if (!task) return resolve()
              worker.once('message', (reply: { id: number; outcome?: FileOutcome; error?: string }) => {
                options.onDone(task.file, reply.outcome ?? { error: reply.error ?? 'unknown worker error' })
                next()
              })
              worker.postMessage(task)
            }
            worker.once('error', reject)
            next()
          }),
      ),
    )
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
