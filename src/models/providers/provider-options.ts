/** What every provider factory gets: the parsed reference, where to find keys and servers, and pricing. */
import type { ModelCapabilities } from '../capabilities.js'
import type { ModelRef } from '../model-ref.js'
import type { PriceTable } from '../prices.js'
import type { Redactor } from '../redact.js'

export type OpenAIApi = 'responses' | 'chat'

export interface ProviderOptions {
  ref: ModelRef
  /** Where API keys and base URLs are read from; default `process.env`. */
  env: NodeJS.ProcessEnv
  /** Overrides the key from the environment. */
  apiKey?: string
  /** Overrides the base URL from the reference or the environment (config `api_endpoint`). */
  baseUrl?: string
  /** OpenAI only: the Responses API (default) or Chat Completions. */
  openaiApi?: OpenAIApi
  capabilities: ModelCapabilities
  /** Directory a relative GGUF path is resolved against. */
  cwd: string
  fetch?: typeof fetch
  prices?: PriceTable
  redactor?: Redactor
}
