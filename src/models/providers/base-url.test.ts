import { describe, expect, it } from 'vitest'
import { parseModelRef } from '../model-ref.js'
import { ollamaRoot, providerBaseUrl } from './base-url.js'

describe('provider base URLs', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['127.0.0.1:11500', 'http://127.0.0.1:11500'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:8000', 'http://127.0.0.1:8000'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['http://gpu-box:80/', 'http://gpu-box'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['http://gpu-box', 'http://gpu-box:11434'],
  ])('reads OLLAMA_HOST=%s as %s', (host, root) => {
    expect(ollamaRoot(host)).toBe(root)
  })

  it('gives Ollama its OpenAI-compatible /v1', () => {
    expect(providerBaseUrl(parseModelRef('ollama:qwen2.5-coder:7b'), { OLLAMA_HOST: '127.0.0.1:9999' })).toBe('http://127.0.0.1:9999/v1')
  })

  it('takes OPENAI_BASE_URL as is and leaves the SDK default otherwise', () => {
    expect(providerBaseUrl(parseModelRef('openai:gpt-4.1'), { OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1/' })).toBe(
      'http://127.0.0.1:1234/v1',
    )
    expect(providerBaseUrl(parseModelRef('openai:gpt-4.1'), {})).toBeUndefined()
  })

  it('accepts ANTHROPIC_BASE_URL with or without /v1', () => {
    const ref = parseModelRef('anthropic:claude-sonnet-4-5')
    expect(providerBaseUrl(ref, { ANTHROPIC_BASE_URL: 'http://127.0.0.1:5000' })).toBe('http://127.0.0.1:5000/v1')
    expect(providerBaseUrl(ref, { ANTHROPIC_BASE_URL: 'http://127.0.0.1:5000/v1/' })).toBe('http://127.0.0.1:5000/v1')
  })

  it('lets an explicit endpoint win over the reference and the environment', () => {
    expect(providerBaseUrl(parseModelRef('openai-compatible:http://a:1/v1#m'), {}, 'http://b:2/v1')).toBe('http://b:2/v1')
    expect(providerBaseUrl(parseModelRef('openai-compatible:http://a:1/v1#m'), {})).toBe('http://a:1/v1')
    expect(providerBaseUrl(parseModelRef('openai:gpt-4.1'), { OPENAI_BASE_URL: 'http://env/v1' }, 'http://flag/v1')).toBe('http://flag/v1')
  })
})
