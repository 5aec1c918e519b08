import { describe, expect, it } from 'vitest'
import { parseModelRef } from './model-ref.js'
import { costOf, priceFor } from './prices.js'

describe('prices', () => {
  it('prices a model by exact id and its dated snapshots by prefix', () => {
    expect(priceFor(parseModelRef('openai:gpt-4.1'))).toEqual({ input: 2, output: 8 })
    expect(priceFor(parseModelRef('openai:gpt-4.1-2025-04-14'))).toEqual({ input: 2, output: 8 })
    expect(priceFor(parseModelRef('anthropic:claude-sonnet-4-5-20250929'))).toEqual({ input: 3, output: 15 })
  })

  it('prefers the longest matching key', () => {
    expect(priceFor(parseModelRef('openai:gpt-4.1-mini-2025-04-14'))).toEqual({ input: 0.4, output: 1.6 })
    expect(priceFor(parseModelRef('anthropic:claude-opus-4-1-20250805'))).toEqual({ input: 15, output: 75 })
    expect(priceFor(parseModelRef('anthropic:claude-opus-4-5'))).toEqual({ input: 5, output: 25 })
  })

  it('does not match a longer id without a dash boundary', () => {
    expect(priceFor(parseModelRef('openai:o30'))).toBeUndefined()
  })

  it('computes USD from tokens per million', () => {
    expect(costOf(parseModelRef('openai:gpt-4.1'), { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(6)
    expect(costOf(parseModelRef('anthropic:claude-sonnet-4-5'), { inputTokens: 25, outputTokens: 9 })).toBeCloseTo(
      (25 * 3 + 9 * 15) / 1e6,
      12,
    )
  })

  it('charges nothing for local and unknown models', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 }
    expect(costOf(parseModelRef('ollama:gpt-4.1'), usage)).toBe(0)
    expect(costOf(parseModelRef('openai-compatible:http://h/v1#gpt-4.1'), usage)).toBe(0)
    expect(costOf(parseModelRef('llama-cpp:./gpt-4.1.gguf'), usage)).toBe(0)
    expect(costOf(parseModelRef('openai:some-future-model'), usage)).toBe(0)
  })

  it('uses a custom table', () => {
    expect(
      costOf(parseModelRef('openai:custom'), { inputTokens: 2_000_000, outputTokens: 0 }, { 'openai:custom': { input: 1.5, output: 3 } }),
    ).toBe(3)
  })
})
