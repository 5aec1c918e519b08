/** Context: what a capability gets from its door — workspace, config, store, event sink, cancellation. */
import { randomUUID } from 'node:crypto'
import type { CodexConfig } from '../config/schema.js'
import type { Store } from '../store/store.js'
import { CancelledError } from './errors.js'
import { EVENT_VERSION, type EventSink, type RunEvent, type RunEventBody } from './events.js'

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
}

export interface Context {
  /** Absolute path of the workspace root: no capability reads or writes outside it. */
  workspace: string
  config: CodexConfig
  runId: string
  emit(event: RunEventBody): void
  signal: AbortSignal
  logger: Logger
  store?: Store
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} }

export interface ContextOptions {
  workspace: string
  config: CodexConfig
  onEvent?: EventSink
  signal?: AbortSignal
  logger?: Logger
  store?: Store
  runId?: string
}

export function createContext(options: ContextOptions): Context {
  const runId = options.runId ?? randomUUID()
  const sinks: EventSink[] = []
  if (options.onEvent) sinks.push(options.onEvent)
  const store = options.store
  return {
    workspace: options.workspace,
    config: options.config,
    runId,
    signal: options.signal ?? new AbortController().signal,
    logger: options.logger ?? silentLogger,
    ...(store ? { store } : {}),
    emit(body) {
      const event = { v: EVENT_VERSION, runId, at: new Date().toISOString(), ...body } as RunEvent
      store?.appendEvent(event)
      for (const sink of sinks) sink(event)
    },
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError()
}
