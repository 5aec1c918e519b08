/**
 * Model references, `provider:model`: `openai:gpt-4.1`, `anthropic:claude-sonnet-4-5`,
 * `ollama:qwen2.5-coder:7b`, `openai-compatible:http://127.0.0.1:8080/v1#model`, `llama-cpp:./m.gguf`,
 * `builtin`.
 */
import { UserInputError } from '../core/errors.js'
import { trimTrailingSlashes } from '../core/text.js'

export const PROVIDERS = ['openai', 'anthropic', 'ollama', 'openai-compatible', 'llama-cpp', 'builtin'] as const
export type ProviderName = (typeof PROVIDERS)[number]

export interface ModelRef {
  provider: ProviderName
  /** The model id the provider knows (for `llama-cpp`, the GGUF path as written). */
  model: string
  /** Only for `openai-compatible`: the server's base URL, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl?: string
}

const EXAMPLES =
  'openai:gpt-4.1, anthropic:claude-sonnet-4-5, ollama:qwen2.5-coder:7b, openai-compatible:http://127.0.0.1:8080/v1#model, llama-cpp:./m.gguf'

function invalid(ref: string, why: string): UserInputError {
  return new UserInputError(`Invalid model reference "${ref}": ${why}. Examples: ${EXAMPLES}.`, {
    field: 'model',
    code: 'invalid_model_ref',
  })
}

function guessProvider(model: string): string | undefined {
  if (/^(gpt-|o\d|chatgpt-)/.test(model)) return 'openai'
  if (model.startsWith('claude-')) return 'anthropic'
  if (model.endsWith('.gguf')) return 'llama-cpp'
  return undefined
}

export function parseModelRef(ref: string): ModelRef {
  const text = ref.trim()
  if (text === '') throw invalid(ref, 'it is empty')
  if (text === 'builtin' || text === 'builtin:') return { provider: 'builtin', model: '' }
  const colon = text.indexOf(':')
  if (colon < 0) {
    const guess = guessProvider(text)
    throw invalid(ref, guess ? `name the provider, e.g. ${guess}:${text}` : 'write it as provider:model')
  }
  const provider = text.slice(0, colon)
  const rest = text.slice(colon + 1)
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw invalid(ref, `unknown provider "${provider}" (known: ${PROVIDERS.join(', ')})`)
  }
  if (provider === 'openai-compatible') {
    const hash = rest.lastIndexOf('#')
    const baseUrl = hash < 0 ? rest : rest.slice(0, hash)
    const model = hash < 0 ? '' : rest.slice(hash + 1)
    if (!/^https?:\/\/[^/]+/.test(baseUrl))
      throw invalid(ref, 'openai-compatible needs the server URL, e.g. http://127.0.0.1:8080/v1#model')
    if (model === '') throw invalid(ref, 'add the model name after "#", e.g. openai-compatible:http://127.0.0.1:8080/v1#qwen2.5-coder')
    return { provider, model, baseUrl: trimTrailingSlashes(baseUrl) }
  }
  if (rest === '') throw invalid(ref, `the model after "${provider}:" is missing`)
  return { provider: provider as ProviderName, model: rest }
}

/** The canonical text of a reference (the inverse of `parseModelRef`). */
export function formatModelRef(ref: ModelRef): string {
  if (ref.provider === 'builtin') return 'builtin'
  if (ref.provider === 'openai-compatible') return `openai-compatible:${ref.baseUrl ?? ''}#${ref.model}`
  return `${ref.provider}:${ref.model}`
}

/** Local models run on this machine or a server the user runs: they cost nothing per token. */
export function isLocalProvider(provider: ProviderName): boolean {
  return provider === 'ollama' || provider === 'openai-compatible' || provider === 'llama-cpp' || provider === 'builtin'
}
