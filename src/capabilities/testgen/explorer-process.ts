/**
 * Runs the explorer (explorer/main.ts) in the sandbox: no network, a private /tmp, the workspace
 * read-only, a wall-clock limit. Its messages stream back as they come, so a case found before a crash
 * or a time-out is not lost; a crash restarts it with the next seed while time remains.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import { dependencyFolders, runSandboxed } from '../../sandbox/index.js'
import type { ExplorerJob, ExplorerMessage } from './plan.js'

/** The compiled explorer; from the TypeScript sources (tests, tsx) it is the one in dist/. */
const EXPLORER = [
  new URL('./explorer/main.js', import.meta.url),
  new URL('../../../dist/capabilities/testgen/explorer/main.js', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((file) => existsSync(file)) as string
/** The package root of codex-agent: the explorer and its dependencies must be readable inside the sandbox. */
const PACKAGE_ROOT = resolve(dirname(EXPLORER ?? fileURLToPath(import.meta.url)), '../../../..')
const MESSAGE_MARK = '\u001ecodex '
/** Time the process gets beyond the job's own budget (start-up, instrumenting, the last call). */
const GRACE_MS = 20_000

export interface ExplorerRun {
  messages: ExplorerMessage[]
  /** How the process ended, when it did not end with a `done` message. */
  failure?: string
  warnings: string[]
}

export async function runExplorer(
  job: ExplorerJob,
  workspace: string,
  onMessage: (message: ExplorerMessage) => void,
  signal?: AbortSignal,
): Promise<ExplorerRun> {
  if (!EXPLORER) throw new Error('The test explorer is not built (dist/capabilities/testgen/explorer/main.js); run `npm run build`.')
  const messages: ExplorerMessage[] = []
  let pending = ''
  const take = (chunk: Buffer): void => {
    pending += chunk.toString('utf8')
    let newline = pending.indexOf('\n')
    while (newline >= 0) {
      const line = pending.slice(0, newline)
      pending = pending.slice(newline + 1)
      // Anything else on stdout was printed by the code under test.
      if (line.startsWith(MESSAGE_MARK)) {
        try {
          const message = JSON.parse(line.slice(MESSAGE_MARK.length)) as ExplorerMessage
          messages.push(message)
          onMessage(message)
        } catch {
          // A line cut by a crash.
        }
      }
      newline = pending.indexOf('\n')
    }
  }
  const result = await runSandboxed({
    command: process.execPath,
    args: ['--max-old-space-size=2048', '--stack-size=4000', EXPLORER],
    workspace,
    cwd: '.',
    stdin: JSON.stringify(job),
    policy: { sandbox: 'read-only', network: false },
    limits: {
      timeoutMs: job.budgetMs + GRACE_MS,
      cpuSeconds: Math.ceil((job.budgetMs + GRACE_MS) / 1000) + 30,
      maxOutputBytes: 256 * 1024 * 1024,
    },
    readOnlyPaths: [PACKAGE_ROOT, ...dependencyFolders(dirname(job.modulePath), workspace)],
    onOutput: (stream, chunk) => {
      if (stream === 'stdout') take(chunk)
    },
    ...(signal ? { signal } : {}),
  })
  const done = messages.some((m) => m.type === 'done')
  const error = messages.find((m): m is Extract<ExplorerMessage, { type: 'error' }> => m.type === 'error')
  let failure: string | undefined
  if (error) failure = error.message
  else if (!done) {
    failure = result.timedOut
      ? 'the explorer ran out of time'
      : `the explorer stopped (exit ${String(result.exitCode ?? result.signal)}): ${result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400)}`
  }
  return { messages, ...(failure ? { failure } : {}), warnings: result.warnings }
}
