/**
 * The explorer process: reads an ExplorerJob as JSON on stdin, instruments and loads the module under
 * test, explores (or replays given cases), and writes ExplorerMessages as JSON lines on stdout. It runs
 * inside the sandbox (no network, private /tmp) with a wall-clock limit; its cwd is a scratch folder.
 */
import { readFileSync } from 'node:fs'
import type { ExplorerJob, ExplorerMessage } from '../plan.js'
import { hookCommonJs, hookEsModules } from './coverage.js'
import { guardFileDescriptors } from './fd-guard.js'
import { ModuleUnderTest } from './runtime.js'
import { explore, replay } from './search.js'

/** Lines of ours start with this, so what the code under test prints to stdout is told apart (and ignored). */
export const MESSAGE_MARK = '\u001ecodex '

function emit(message: ExplorerMessage): void {
  process.stdout.write(`${MESSAGE_MARK}${JSON.stringify(message)}\n`)
}

const exit = process.exit.bind(process)
// The code under test must not end the process or talk to the network; the sandbox also blocks it.
process.exit = ((code?: number) => {
  throw new Error(`process.exit(${String(code)}) called by the code under test`)
}) as typeof process.exit

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(0, 'utf8')) as ExplorerJob
  guardFileDescriptors()
  hookCommonJs(job.root)
  hookEsModules(job.root)
  const mut = new ModuleUnderTest(job.modulePath, job.root)
  try {
    await mut.load()
  } catch (error) {
    emit({ type: 'error', message: `Loading ${job.modulePath} failed: ${error instanceof Error ? error.message : String(error)}` })
    return
  }
  if (job.mode === 'explore') await explore(job, mut, emit)
  else await replay(job, mut, emit)
}

main().then(
  // Timers the code under test left behind must not keep the process alive (stdout to a pipe is synchronous on Linux).
  () => exit(0),
  (error: unknown) => {
    emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    exit(1)
  },
)
