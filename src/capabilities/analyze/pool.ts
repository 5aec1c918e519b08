/** Spreads file analysis over worker threads; falls back to the calling thread for small jobs. */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Rule } from './engines/rule-schema.js'
import type { ScanMatch, ScanRuleIds } from './engines/sg-cli.js'
import {
  analyzeText,
  finishAnalysis,
  startAnalysis,
  type FileOutcome,
  type PendingAnalysis,
  type RuleFilter,
  type ScannedRules,
  type ScanPlan,
} from './file-analyzer.js'
import type { Language } from './languages.js'
import type { SourceFile } from './source-file.js'

export interface PoolOptions {
  rules: Rule[]
  filter: RuleFilter
  /** 0 = one per core. */
  workers: number
  signal: AbortSignal
  onDone(file: SourceFile, outcome: FileOutcome | { error: string }): void
  /**
   * The batch ast-grep scan (engines/sg-cli.ts), when one runs: the files it scans, the pattern and
   * helper rules it runs per language, and its matches per file (undefined if it failed). A file
   * without scan matches gets everything from the Node binding.
   */
  scan?: ScanHandle
}

export interface ScanHandle {
  paths: ReadonlySet<string>
  ruleIds: ScanRuleIds
  helpers: ScanRuleIds
  matches: Promise<Map<string, ScanMatch[]> | undefined>
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 24

// Compiled builds run workers from dist/; tests running TypeScript sources analyze in-thread.
const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url))

/** What the scan runs per language, as sets. */
export function scanPlans(scan: Pick<ScanHandle, 'ruleIds' | 'helpers'> | undefined): Map<Language, ScanPlan> {
  const plans = new Map<Language, ScanPlan>()
  const languages = new Set([...Object.keys(scan?.ruleIds ?? {}), ...Object.keys(scan?.helpers ?? {})]) as Set<Language>
  for (const language of languages) {
    plans.set(language, { ruleIds: new Set(scan?.ruleIds[language]), helpers: new Set(scan?.helpers[language]) })
  }
  return plans
}

const NOTHING: ScanPlan = { ruleIds: new Set(), helpers: new Set() }

/** The `scanned` argument of analyzeText for one file. */
export function scannedFor(
  language: Language,
  plans: Map<Language, ScanPlan>,
  matches: readonly ScanMatch[] | undefined,
): ScannedRules | undefined {
  return matches ? { ...(plans.get(language) ?? NOTHING), matches } : undefined
}

interface Task {
  id: number
  file: SourceFile
}

type Outcome = FileOutcome | { error: string }

function safely(run: () => FileOutcome): Outcome {
  try {
    return run()
  } catch (error) {
    return { error: (error as Error).message }
  }
}

const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Worker threads taking files from the front of `queue` (the largest, when it is sorted) until it is
 * empty, once `scanned` (the batch scan's matches) is settled; they start up meanwhile. Each has two
 * files in flight, so it never waits for the main thread to hand it the next.
 */
function startWorkers(count: number, queue: Task[], options: PoolOptions, scanned: Promise<Map<string, ScanMatch[]> | undefined>) {
  const workerData = {
    rules: options.rules,
    filter: options.filter,
    scan: options.scan && { ruleIds: options.scan.ruleIds, helpers: options.scan.helpers },
  }
  const workers = Array.from({ length: count }, () => new Worker(workerFile, { workerData }))
  const done = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const inFlight = new Map<number, SourceFile>()
          let matches: Map<string, ScanMatch[]> | undefined
          const fill = () => {
            while (inFlight.size < 2 && !options.signal.aborted) {
              const task = queue.shift()
              if (!task) break
              inFlight.set(task.id, task.file)
              worker.postMessage({ ...task, scanned: matches?.get(task.file.path) })
            }
            if (inFlight.size === 0) resolve()
          }
          worker.on('message', (reply: { id: number; outcome?: FileOutcome; error?: string }) => {
            const file = inFlight.get(reply.id)
            inFlight.delete(reply.id)
            if (file) options.onDone(file, reply.outcome ?? { error: reply.error ?? 'unknown worker error' })
            fill()
          })
          worker.once('error', reject)
          scanned.then((m) => {
            matches = m
            fill()
          }, reject)
        }),
    ),
  )
  return { done, terminate: () => Promise.all(workers.map((w) => w.terminate())) }
}

/** Estimated main-thread time left above which starting workers pays (a worker's start is ~0.3 s). */
const WORKERS_WORTH_MS = 1500

/**
 * With the batch scan: the main thread runs the other engines on files while the scanner runs (the
 * scanner uses the cores too, and a worker's start costs about what one core does in 0.3-0.5 s), then
 * completes them with the scan's matches. Files left when the scan ends are shared between the main
 * thread and, when what is left would take long enough to pay for their start, `maxWorkers` workers.
 */
async function analyzeWithScan(files: SourceFile[], options: PoolOptions, scan: ScanHandle, maxWorkers: number): Promise<void> {
  const plans = scanPlans(scan)
  const queue: Task[] = files.map((file, id) => ({ id, file })).sort((a, b) => b.file.text.length - a.file.text.length)
  let scanned: Map<string, ScanMatch[]> | undefined
  let scanDone = false
  const scanEnd = scan.matches.then((matches) => {
    scanned = matches
    scanDone = true
  })
  const started: Array<[SourceFile, PendingAnalysis | { error: string }]> = []
  let busyMs = 0
  let busyBytes = 0
  let leftBytes = files.reduce((n, f) => n + f.text.length, 0)
  let slice = performance.now()
  let workers: ReturnType<typeof startWorkers> | undefined
  // Workers when what is left would keep the main thread long enough to pay for their start; decided
  // early when it is clear, so they start up while the scan runs.
  const decide = (final: boolean) => {
    if (workers || maxWorkers === 0 || (!final && busyMs < 250)) return
    const estimateMs = busyBytes > 0 ? (busyMs * leftBytes) / busyBytes : Infinity
    if (estimateMs > WORKERS_WORTH_MS) workers = startWorkers(maxWorkers, queue, options, scan.matches)
  }
  while (!scanDone && queue.length > 0 && !options.signal.aborted) {
    const { file } = queue.pop()!
    const at = performance.now()
    try {
      const plan = scan.paths.has(file.path) ? plans.get(file.language) : undefined
      started.push([file, startAnalysis(file.path, file.language, file.text, options.rules, options.filter, plan)])
    } catch (error) {
      started.push([file, { error: (error as Error).message }])
    }
    busyMs += performance.now() - at
    busyBytes += file.text.length
    leftBytes -= file.text.length
    decide(false)
    if (performance.now() - slice > 20) {
      await yieldToEvents()
      slice = performance.now()
    }
  }
  try {
    await scanEnd
    for (const [file, pending] of started) {
      if (options.signal.aborted) return
      options.onDone(file, 'path' in pending ? safely(() => finishAnalysis(pending, scanned?.get(file.path))) : pending)
      if (workers) await yieldToEvents()
    }
    decide(true)
    // The main thread takes the smallest files; the workers the largest.
    while (queue.length > 0 && !options.signal.aborted) {
      const { file } = queue.pop()!
      options.onDone(
        file,
        safely(() =>
          analyzeText(
            file.path,
            file.language,
            file.text,
            options.rules,
            options.filter,
            scannedFor(file.language, plans, scanned?.get(file.path)),
          ),
        ),
      )
      if (workers) await yieldToEvents()
    }
    await workers?.done
  } finally {
    await workers?.terminate()
  }
}

export async function analyzeInPool(files: SourceFile[], options: PoolOptions): Promise<void> {
  const count = Math.min(options.workers || availableParallelism(), Math.ceil(files.length / 8))
  const workersPossible = files.length >= MIN_FILES_FOR_WORKERS && count >= 2 && existsSync(workerFile)
  // With the scan, the main thread is one of the `count` threads.
  if (options.scan) return analyzeWithScan(files, options, options.scan, workersPossible ? count - 1 : 0)
  if (!workersPossible) {
    for (const file of files) {
      if (options.signal.aborted) return
      options.onDone(
        file,
        safely(() => analyzeText(file.path, file.language, file.text, options.rules, options.filter)),
      )
    }
    return
  }
  // Largest files first so one big file does not finish last on a single worker.
  const queue = files.map((file, id) => ({ id, file })).sort((a, b) => b.file.text.length - a.file.text.length)
  const workers = startWorkers(count, queue, options, Promise.resolve(undefined))
  try {
    await workers.done
  } finally {
    await workers.terminate()
  }
}
