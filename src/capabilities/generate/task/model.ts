/**
 * Which model the free-form generator uses and with which settings: the request's `model`, else the
 * `code_generator` agent's, else the config's `model:` defaults. With none (and no session to
 * replay) the run fails at once with how to configure one.
 */
import { isAbsolute, join, resolve } from 'node:path'
import type { CodexConfig } from '../../../config/schema.js'
import { ModelError } from '../../../core/errors.js'
import { NO_MODEL_MESSAGE, parseModelRef } from '../../../models/index.js'
import type { GenerateTaskRequest } from './request.js'

/** The agent in `.codex/config.yml` (`agents:` or `cloud_agents:`) whose settings free-form generation uses. */
export const GENERATOR_AGENT = 'code_generator'

/** Environment variables that set record/replay for doors with no flag for it (the HTTP server, MCP). */
export const REPLAY_DIR_ENV = 'CODEX_AGENT_REPLAY_DIR'
export const RECORD_DIR_ENV = 'CODEX_AGENT_RECORD_DIR'

export const OFFLINE_COMMANDS =
  'Without a model these work offline: analyze, init, runs, serve, mcp, doctor, and the scaffolds `generate <kind>` (`generate --list`).'

export const DEFAULT_MAX_TURNS = 40

export interface ModelSettings {
  /** `provider:model`; undefined when replaying a session without naming the model. */
  ref: string | undefined
  temperature?: number
  maxTokens?: number
  contextWindow?: number
  baseUrl?: string
  recordDir?: string
  replayDir?: string
  cacheDir?: string
}

/**
 * Hybrid routing: the model for an agent's deployment mode (`models.local` / `models.cloud`). An agent
 * without a mode follows the project's `mode`; `hybrid` prefers the local model and falls back to cloud.
 */
export function modelForMode(config: CodexConfig, agentMode: 'local' | 'cloud' | 'hybrid' | undefined): string | undefined {
  const mode = agentMode ?? config.mode
  if (mode === 'cloud') return config.models?.cloud
  if (mode === 'local') return config.models?.local
  return config.models?.local ?? config.models?.cloud
}

function pick<T>(...values: Array<T | undefined>): T | undefined {
  return values.find((v) => v !== undefined)
}

export function resolveModelSettings(
  request: GenerateTaskRequest,
  config: CodexConfig,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
  /** A client is supplied by the caller (the library with its own ModelClient): no reference needed. */
  clientGiven = false,
): ModelSettings {
  const agent = config.agents[GENERATOR_AGENT] ?? config.cloud_agents[GENERATOR_AGENT]
  const defaults = config.model
  const inWorkspace = (dir: string | undefined) => (dir === undefined ? undefined : isAbsolute(dir) ? dir : resolve(workspace, dir))
  const replayDir = inWorkspace(request.replay_dir ?? (env[REPLAY_DIR_ENV] || undefined))
  const recordDir = inWorkspace(request.record_dir ?? (env[RECORD_DIR_ENV] || undefined))
  const active = agent?.enabled === false ? undefined : agent
  const ref = pick(request.model, active?.model, modelForMode(config, active?.mode), defaults?.model)
  const named = ref !== undefined && parseModelRef(ref).provider !== 'builtin'
  if (!named && replayDir === undefined && !clientGiven) {
    throw new ModelError(`${NO_MODEL_MESSAGE}\n${OFFLINE_COMMANDS}`, {
      code: 'model_not_configured',
    })
  }
  const settings: ModelSettings = { ref: named ? ref : undefined }
  const temperature = pick(agent?.temperature, defaults?.temperature)
  const maxTokens = pick(agent?.max_tokens, defaults?.max_tokens)
  const contextWindow = pick(agent?.context_window, defaults?.context_window)
  const baseUrl = pick(agent?.api_endpoint, defaults?.api_endpoint)
  if (temperature !== undefined) settings.temperature = temperature
  if (maxTokens !== undefined) settings.maxTokens = maxTokens
  if (contextWindow !== undefined) settings.contextWindow = contextWindow
  if (baseUrl !== undefined) settings.baseUrl = baseUrl
  if (replayDir !== undefined) settings.replayDir = replayDir
  if (recordDir !== undefined) settings.recordDir = recordDir
  if (!request.no_cache) settings.cacheDir = join(workspace, '.codex', 'cache', 'models')
  return settings
}
