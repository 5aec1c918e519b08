import { describe, expect, it, vi } from 'vitest'
import { ModelError } from '../../core/errors.js'
import { Budget } from '../budget.js'
import type { ModelRequest } from '../model.js'
import { createScriptedModel } from '../scripted-model.js'
import { withAccounting } from './accounting.js'

const ask = (content: string): ModelRequest => ({ messages: [{ role: 'user', content }], temperature: 0 })

describe('accounting and budget', () => {
  it('reports each call through onCall and totals the budget', async () => {
    const budget = new Budget()
    const onCall = vi.fn()
    const inner = createScriptedModel(
      [
        { text: 'a', usage: { inputTokens: 100, outputTokens: 10 }, costUsd: 0.002 },
        { text: 'b', usage: { inputTokens: 50, outputTokens: 5 }, costUsd: 0, cached: true },
      ],
      { ref: 'openai:gpt-4.1' },
    )
    const client = withAccounting(inner, { budget, onCall })
    await client.generate(ask('1'))
    await client.generate(ask('2'))
    expect(onCall.mock.calls.map(([info]) => info)).toEqual([
      { model: 'openai:gpt-4.1', inputTokens: 100, outputTokens: 10, costUsd: 0.002, cacheHit: false },
      { model: 'openai:gpt-4.1', inputTokens: 50, outputTokens: 5, costUsd: 0, cacheHit: true },
    ])
    expect(budget.spent).toEqual({ spentUsd: 0.002, turns: 2, inputTokens: 150, outputTokens: 15 })
  })

  it('refuses a call once the money is spent', async () => {
    const budget = new Budget({ maxCostUsd: 0.01 })
    const inner = createScriptedModel([{ text: 'a', costUsd: 0.006 }, { text: 'b', costUsd: 0.006 }, { text: 'never' }], {
      ref: 'openai:gpt-4.1',
    })
    const client = withAccounting(inner, { budget })
    await client.generate(ask('1'))
    await client.generate(ask('2'))
    const error = await client.generate(ask('3')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).code).toBe('model_budget_exceeded')
    expect((error as ModelError).exitCode).toBe(3)
    expect((error as ModelError).message).toMatch(/spent \$0\.0120 of its \$0\.0100 budget \(--max-cost\) in 2 model calls/)
    expect(inner.requests).toHaveLength(2)
  })

  it('refuses a call past maxTurns, counting calls shared between clients', async () => {
    const budget = new Budget({ maxTurns: 2 })
    const designer = withAccounting(createScriptedModel([{ text: 'plan' }], { ref: 'anthropic:claude-sonnet-4-5' }), { budget })
    const implementer = withAccounting(createScriptedModel([{ text: 'code' }, { text: 'never' }], { ref: 'ollama:qwen2.5-coder:7b' }), {
      budget,
    })
    await designer.generate(ask('plan'))
    await implementer.generate(ask('code'))
    await expect(implementer.generate(ask('more'))).rejects.toThrow(
      /limit of 2 model calls \(--max-turns\) before calling ollama:qwen2\.5-coder:7b/,
    )
  })
})
