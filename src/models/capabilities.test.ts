import { describe, expect, it } from 'vitest'
import { defaultCapabilities } from './capabilities.js'
import { parseModelRef } from './model-ref.js'

describe('default capabilities', () => {
  it.each([
    ['openai:gpt-4.1', { tools: true, jsonMode: true, contextWindow: 1_047_576 }],
    ['openai:gpt-4o-mini', { tools: true, jsonMode: true, contextWindow: 128_000 }],
    ['anthropic:claude-sonnet-4-5', { tools: true, jsonMode: false, contextWindow: 200_000 }],
    ['ollama:qwen2.5-coder:7b', { tools: true, jsonMode: true, contextWindow: 4096 }],
    ['ollama:codellama:7b', { tools: false, jsonMode: true, contextWindow: 4096 }],
    ['openai-compatible:http://127.0.0.1:8080/v1#m', { tools: false, jsonMode: true, contextWindow: 8192 }],
    ['llama-cpp:./m.gguf', { tools: false, jsonMode: false, contextWindow: 4096 }],
  ])('%s', (ref, expected) => {
    expect(defaultCapabilities(parseModelRef(ref))).toEqual(expected)
  })
})
