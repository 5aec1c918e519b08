/**
 * The library door: `import { analyze } from 'codex-agent'`. Same capability, same request schema,
 * same result as the CLI, HTTP API and MCP tool.
 */
import { resolve } from 'node:path'
import { runCapability } from './core/capability.js'
import { loadConfig } from './config/load.js'
import type { CodexConfig } from './config/schema.js'
import { createContext } from './core/context.js'
import type { EventSink } from './core/events.js'
import { analyzeCapability, type AnalyzeResult } from './capabilities/analyze/index.js'
import type { AnalyzeRequest } from './capabilities/analyze/request.js'
import type { z } from 'zod'

export interface LibraryOptions {
  /** Workspace root; default the current directory. */
  workspace?: string
  /** A config to use as is; default: loaded from the workspace like the CLI does. */
  config?: CodexConfig
  onEvent?: EventSink
  signal?: AbortSignal
}

export async function analyze(request: z.input<typeof AnalyzeRequest>, options: LibraryOptions = {}): Promise<AnalyzeResult> {
  const workspace = resolve(options.workspace ?? process.cwd())
  const config = options.config ?? loadConfig({ cwd: workspace }).config
  const ctx = createContext({
    workspace,
    config,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  })
  return runCapability(analyzeCapability, request, ctx)
}

export { AnalyzeRequest } from './capabilities/analyze/request.js'
export type { AnalyzeResult, RuleDescriptor } from './capabilities/analyze/index.js'
export { generate, GenerateTaskRequest, type GenerateOptions, type GenerateTaskResult } from './capabilities/generate/task/library.js'
export { toSarif } from './capabilities/analyze/reporters/sarif.js'
export { toJsonReport } from './capabilities/analyze/reporters/json.js'
export type { Finding, Diagnostic, Severity, Category } from './core/finding.js'
export type { RunEvent } from './core/events.js'
export { CodexError, UserInputError, ConfigError, ForbiddenPathError, EXIT } from './core/errors.js'
export { loadConfig } from './config/load.js'
export { CodexConfigSchema, type CodexConfig } from './config/schema.js'
