/**
 * The price table: USD per million tokens per cloud model, and the cost of a call. Local models
 * (Ollama, OpenAI-compatible servers, llama.cpp) and models missing from the table cost 0.
 */
import type { TokenUsage } from './model.js'
import { isLocalProvider, type ModelRef } from './model-ref.js'

export interface Price {
  /** USD per million input tokens. */
  input: number
  /** USD per million output tokens. */
  output: number
}

/** Keyed by `provider:model`; a key also prices dated snapshots (`gpt-4.1` prices `gpt-4.1-2025-04-14`). */
export type PriceTable = Record<string, Price>

/** List prices at the time of writing; override or extend them with the `prices` option. */
export const DEFAULT_PRICES: PriceTable = {
  'openai:gpt-5': { input: 1.25, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4 },
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:o1': { input: 15, output: 60 },
  'openai:o3': { input: 2, output: 8 },
  'openai:o3-mini': { input: 1.1, output: 4.4 },
  'openai:o4-mini': { input: 1.1, output: 4.4 },
  'anthropic:claude-opus-4-5': { input: 5, output: 25 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75 },
  'anthropic:claude-opus-4': { input: 15, output: 75 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15 },
  'anthropic:claude-3-7-sonnet': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4 },
}

/** The price of a model: an exact key, else the longest key the model id extends with `-suffix`. */
export function priceFor(ref: ModelRef, table: PriceTable = DEFAULT_PRICES): Price | undefined {
  if (isLocalProvider(ref.provider)) return undefined
  const exact = table[`${ref.provider}:${ref.model}`]
  if (exact) return exact
  let best: { length: number; price: Price } | undefined
  for (const [key, price] of Object.entries(table)) {
    const [provider, ...rest] = key.split(':')
    const model = rest.join(':')
    if (provider !== ref.provider || !ref.model.startsWith(`${model}-`)) continue
    if (!best || model.length > best.length) best = { length: model.length, price }
  }
  return best?.price
}

export function costOf(ref: ModelRef, usage: TokenUsage, table: PriceTable = DEFAULT_PRICES): number {
  const price = priceFor(ref, table)
  if (!price) return 0
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000
}
