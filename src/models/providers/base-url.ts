/**
 * Where each provider's server is: an explicit override, else the environment (OPENAI_BASE_URL,
 * ANTHROPIC_BASE_URL, OLLAMA_HOST), else the provider's public default.
 */
import type { ModelRef } from '../model-ref.js'
import { trimTrailingSlashes } from '../../core/text.js'

const OLLAMA_DEFAULT = 'http://127.0.0.1:11434'

/** `OLLAMA_HOST` is also Ollama's bind address: `0.0.0.0`, `host`, `host:port` and full URLs all occur. */
export function ollamaRoot(host: string | undefined): string {
  const value = host?.trim()
  if (!value) return OLLAMA_DEFAULT
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`
  const url = new URL(withScheme)
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1'
  if (!url.port && !/^https?:\/\/[^/]+:\d+/.test(withScheme)) url.port = url.protocol === 'https:' ? '443' : '11434'
  return trimTrailingSlashes(url.toString())
}

/** The base URL the AI SDK provider gets (ending in `/v1` for OpenAI-style and Anthropic servers). */
export function providerBaseUrl(ref: ModelRef, env: NodeJS.ProcessEnv, override?: string): string | undefined {
  switch (ref.provider) {
    case 'openai': {
      const url = override ?? env.OPENAI_BASE_URL
      return url ? trimTrailingSlashes(url) : undefined
    }
    case 'anthropic': {
      const url = override ?? env.ANTHROPIC_BASE_URL
      if (!url) return undefined
      // Anthropic's own SDKs take ANTHROPIC_BASE_URL without `/v1`, the AI SDK with it: accept both.
      const trimmed = trimTrailingSlashes(url)
      return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`
    }
    case 'ollama': {
      if (override) return trimTrailingSlashes(override)
      return `${ollamaRoot(env.OLLAMA_HOST)}/v1`
    }
    case 'openai-compatible':
      return trimTrailingSlashes(override ?? ref.baseUrl ?? '')
    case 'llama-cpp':
    case 'builtin':
      return undefined
  }
}
