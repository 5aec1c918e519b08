/** What every CLI command shares: config loading, the store, the context, and error reporting. */
import { join, resolve } from 'node:path'
import { loadConfig } from '../../config/load.js'
import type { CodexConfig } from '../../config/schema.js'
import { createContext, type Context } from '../../core/context.js'
import { CodexError, toCodexError } from '../../core/errors.js'
import type { EventSink } from '../../core/events.js'
import type { Store } from '../../store/store.js'

export interface GlobalOptions {
  json?: boolean
  config?: string
  debug?: boolean
  workspace?: string
  store?: boolean
}

export function workspaceOf(options: GlobalOptions): string {
  return resolve(options.workspace ?? process.cwd())
}

export function loadCliConfig(options: GlobalOptions, overrides?: Record<string, unknown>): CodexConfig {
  return loadConfig({
    cwd: workspaceOf(options),
    ...(options.config ? { configFile: options.config } : {}),
    ...(overrides ? { overrides } : {}),
  }).config
}

/** The run store is the audit trail; if it cannot be opened the command still runs, with a warning. */
export async function openStore(workspace: string): Promise<Store | undefined> {
  try {
    const { SqliteStore } = await import('../../store/sqlite.js')
    return await SqliteStore.open(join(workspace, '.codex', 'state.db'))
  } catch (error) {
    process.stderr.write(`warning: run history not recorded (${(error as Error).message})\n`)
    return undefined
  }
}

export async function withContext<T>(
  options: GlobalOptions,
  config: CodexConfig,
  onEvent: EventSink,
  body: (ctx: Context) => Promise<T>,
): Promise<T> {
  const workspace = workspaceOf(options)
  const store = options.store === false ? undefined : await openStore(workspace)
  const controller = new AbortController()
  const onSignal = () => controller.abort()
  process.once('SIGINT', onSignal)
  try {
    const ctx = createContext({ workspace, config, onEvent, signal: controller.signal, ...(store ? { store } : {}) })
    return await body(ctx)
  } finally {
    process.off('SIGINT', onSignal)
    await store?.close()
  }
}

/** Prints an error the way a person can act on it; stack only with --debug. Returns the exit code. */
export function reportError(error: unknown, options: { debug?: boolean; json?: boolean }): number {
  const e = error instanceof CodexError ? error : toCodexError(error)
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`)
  } else {
    process.stderr.write(`error: ${e.message}\n`)
  }
  if (options.debug) process.stderr.write(`${(e.cause instanceof Error ? e.cause : e).stack ?? ''}\n`)
  else if (e.code === 'internal') process.stderr.write('Run again with --debug for details.\n')
  return e.exitCode
}

/** Program-level flags that commander has already read; a subcommand parsing raw argv skips them. */
const GLOBAL_FLAGS = new Set(['--json', '--debug', '--no-store'])
const GLOBAL_VALUE_FLAGS = new Set(['--config', '--workspace'])

export function withoutGlobalFlags(args: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const flag = arg.split('=')[0] as string
    if (GLOBAL_FLAGS.has(arg)) continue
    if (GLOBAL_VALUE_FLAGS.has(flag)) {
      if (!arg.includes('=')) i++
      continue
    }
    out.push(arg)
  }
  return out
}
