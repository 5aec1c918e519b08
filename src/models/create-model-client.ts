/**
 * The one way to get a model: parses the reference, builds the provider and wraps it, outermost
 * first, in accounting → replay | (recording → cache → tool shim → retry → timeout → provider).
 */
import type { Logger } from '../core/context.js'
import { UserInputError } from '../core/errors.js'
import type { Budget } from './budget.js'
import { defaultCapabilities, type ModelCapabilities } from './capabilities.js'
import type { ModelClient } from './model.js'
import { formatModelRef, parseModelRef, type ModelRef } from './model-ref.js'
import { DEFAULT_PRICES, type PriceTable } from './prices.js'
import { createAnthropicClient } from './providers/anthropic.js'
import { createBuiltinClient } from './providers/builtin.js'
import { createLlamaCppClient } from './providers/llama-cpp.js'
import { createOpenAIClient } from './providers/openai.js'
import { createOpenAICompatibleClient } from './providers/openai-compatible.js'
import type { OpenAIApi, ProviderOptions } from './providers/provider-options.js'
import { createRedactor, redactingLogger, secretsFromEnv, type Redactor } from './redact.js'
import { createReplayClient } from './session/replay-client.js'
import { withAccounting, type ModelCallInfo } from './wrappers/accounting.js'
import { withRecording } from './session/recording.js'
import { withResponseCache } from './session/response-cache.js'
import { withRetry, type RetryOptions } from './wrappers/retry.js'
import { withTimeout } from './wrappers/timeout.js'
import { withToolShim } from './wrappers/tool-shim.js'

export const DEFAULT_TIMEOUT_MS = 300_000

export interface CreateModelClientOptions {
  /** `provider:model`; `builtin` for none. */
  ref: string
  /** Where keys and base URLs come from; default `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Directory a relative GGUF path is resolved against; default the current directory. */
  cwd?: string
  apiKey?: string
  /** Overrides the provider's base URL (config `api_endpoint`). */
  baseUrl?: string
  /** OpenAI only: `responses` (default) or `chat` (Chat Completions). */
  openaiApi?: OpenAIApi
  /** Overrides the provider defaults (e.g. a configured `context_window`, or a probe's answer). */
  capabilities?: Partial<ModelCapabilities>
  /** `auto` (default): native tool calls where the model has them, else the JSON shim. */
  toolMode?: 'auto' | 'native' | 'json'
  /** `false` disables retries. */
  retry?: RetryOptions | false
  /** Per attempt; default 5 minutes; 0 disables. */
  timeoutMs?: number
  /** The response cache directory (e.g. `.codex/cache/models`); no cache when unset. */
  cacheDir?: string
  noCache?: boolean
  /** Record the session into this directory. */
  recordDir?: string
  /** Answer from the session recorded in this directory; no model is called. */
  replayDir?: string
  budget?: Budget
  onCall?: (info: ModelCallInfo) => void
  logger?: Logger
  /** Prices added to or replacing the default table. */
  prices?: PriceTable
  fetch?: typeof fetch
  /** Loads node-llama-cpp; tests pass a stand-in. */
  importLlamaCpp?: () => Promise<unknown>
}

function createProvider(ref: ModelRef, options: ProviderOptions, importLlamaCpp?: () => Promise<unknown>): ModelClient {
  switch (ref.provider) {
    case 'openai':
      return createOpenAIClient(options)
    case 'anthropic':
      return createAnthropicClient(options)
    case 'ollama':
    case 'openai-compatible':
      return createOpenAICompatibleClient(options)
    case 'llama-cpp':
      return createLlamaCppClient({ ...options, ...(importLlamaCpp ? { importModule: importLlamaCpp } : {}) })
    case 'builtin':
      return createBuiltinClient()
  }
}

export function modelRedactor(env: NodeJS.ProcessEnv, apiKey?: string): Redactor {
  return createRedactor([...secretsFromEnv(env), ...(apiKey ? [apiKey] : [])])
}

export function createModelClient(options: CreateModelClientOptions): ModelClient {
  if (options.recordDir && options.replayDir) {
    throw new UserInputError('--record and --replay cannot be used together: a replayed session calls no model to record.', {
      field: 'record',
    })
  }
  const env = options.env ?? process.env
  const redactor = modelRedactor(env, options.apiKey)
  const logger = options.logger ? redactingLogger(options.logger, redactor) : undefined
  const accounting = {
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(logger ? { logger } : {}),
  }
  const ref = parseModelRef(options.ref)

  if (options.replayDir) {
    const replay = createReplayClient({
      dir: options.replayDir,
      redactor,
      ...(ref.provider === 'builtin' ? {} : { ref: formatModelRef(ref) }),
    })
    return withAccounting(replay, accounting)
  }
  if (ref.provider === 'builtin') return createBuiltinClient()

  const capabilities = { ...defaultCapabilities(ref), ...options.capabilities }
  let client = createProvider(
    ref,
    {
      ref,
      env,
      capabilities,
      cwd: options.cwd ?? process.cwd(),
      prices: { ...DEFAULT_PRICES, ...options.prices },
      redactor,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.openaiApi ? { openaiApi: options.openaiApi } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
    options.importLlamaCpp,
  )
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (timeoutMs > 0) client = withTimeout(client, { timeoutMs })
  if (options.retry !== false) client = withRetry(client, { ...options.retry, ...(logger ? { logger } : {}) })
  const toolMode = options.toolMode ?? 'auto'
  if (toolMode === 'json' || (toolMode === 'auto' && !capabilities.tools))
    client = withToolShim(client, { jsonMode: capabilities.jsonMode })
  if (options.cacheDir && !options.noCache) client = withResponseCache(client, { dir: options.cacheDir, ...(logger ? { logger } : {}) })
  if (options.recordDir) client = withRecording(client, { dir: options.recordDir, redactor })
  return withAccounting(client, accounting)
}
