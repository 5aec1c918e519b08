/**
 * The library door of free-form generation: `import { generate } from 'codex-agent'`. Same
 * capability, request schema and result as `generate --task`, POST /api/codex/generate and the MCP tool.
 */
import { resolve } from 'node:path'
import { loadConfig } from '../../../config/load.js'
import type { CodexConfig } from '../../../config/schema.js'
import { runCapability } from '../../../core/capability.js'
import { createContext } from '../../../core/context.js'
import type { EventSink } from '../../../core/events.js'
import type { ModelClient } from '../../../models/index.js'
import type { Approver } from '../../../sandbox/index.js'
import { createGenerateTaskCapability, type GenerateTaskResult } from './index.js'
import type { GenerateTaskInput } from './request.js'

export interface GenerateOptions {
  /** Workspace root; default the current directory. */
  workspace?: string
  /** A config to use as is; default: loaded from the workspace like the CLI does. */
  config?: CodexConfig
  onEvent?: EventSink
  signal?: AbortSignal
  /** Decides sandboxed commands when `sandbox.approval` is `ask`. */
  approver?: Approver
  env?: NodeJS.ProcessEnv
  /** Your own model client instead of one made from `request.model` and the config. */
  model?: ModelClient
}

export async function generate(request: GenerateTaskInput, options: GenerateOptions = {}): Promise<GenerateTaskResult> {
  const workspace = resolve(options.workspace ?? process.cwd())
  const config = options.config ?? loadConfig({ cwd: workspace, ...(options.env ? { env: options.env } : {}) }).config
  const ctx = createContext({
    workspace,
    config,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  })
  const capability = createGenerateTaskCapability({
    ...(options.approver ? { approver: options.approver } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.model ? { model: options.model } : {}),
  })
  return runCapability(capability, request, ctx)
}

export { GenerateTaskRequest, type GenerateTaskInput } from './request.js'
export type { GenerateTaskResult, GeneratedFile, CheckResult } from './index.js'
