/**
 * What every library function does: a context for the workspace (the config loaded from it as the
 * CLI does, unless one is given) and the capability run through the same contract as the other doors.
 */
import { resolve } from 'node:path'
import type { z } from 'zod'
import { loadConfig } from '../config/load.js'
import type { CodexConfig } from '../config/schema.js'
import { runCapability, type Capability } from './capability.js'
import { createContext } from './context.js'
import type { EventSink } from './events.js'

export interface LibraryOptions {
  /** Workspace root; default the current directory. */
  workspace?: string
  /** A config to use as is; default: loaded from the workspace like the CLI does. */
  config?: CodexConfig
  onEvent?: EventSink
  signal?: AbortSignal
}

export async function runInWorkspace<Schema extends z.ZodType, Result>(
  capability: Capability<Schema, Result>,
  request: z.input<Schema>,
  options: LibraryOptions = {},
): Promise<Result> {
  const workspace = resolve(options.workspace ?? process.cwd())
  const config = options.config ?? loadConfig({ cwd: workspace }).config
  const ctx = createContext({
    workspace,
    config,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  })
  return runCapability(capability, request, ctx)
}
