import { describe, expect, it } from 'vitest'
import { UserInputError } from '../core/errors.js'
import { formatModelRef, parseModelRef } from './model-ref.js'

describe('parseModelRef', () => {
  it.each([
    ['openai:gpt-4.1', { provider: 'openai', model: 'gpt-4.1' }],
    ['anthropic:claude-sonnet-4-5', { provider: 'anthropic', model: 'claude-sonnet-4-5' }],
    ['ollama:qwen2.5-coder:7b', { provider: 'ollama', model: 'qwen2.5-coder:7b' }],
    [
      'openai-compatible:http://127.0.0.1:8080/v1#model',
      { provider: 'openai-compatible', model: 'model', baseUrl: 'http://127.0.0.1:8080/v1' },
    ],
    [
      'openai-compatible:https://host.example/v1/#org/model#2',
      { provider: 'openai-compatible', model: '2', baseUrl: 'https://host.example/v1/#org/model' },
    ],
    ['llama-cpp:./m.gguf', { provider: 'llama-cpp', model: './m.gguf' }],
    ['builtin', { provider: 'builtin', model: '' }],
  ])('parses %s', (text, expected) => {
    expect(parseModelRef(text)).toEqual(expected)
  })

  it('round-trips through formatModelRef', () => {
    for (const text of [
      'openai:gpt-4.1',
      'ollama:qwen2.5-coder:7b',
      'openai-compatible:http://127.0.0.1:8080/v1#m',
      'llama-cpp:./m.gguf',
      'builtin',
    ]) {
      expect(formatModelRef(parseModelRef(text))).toBe(text)
    }
  })

  it.each([
    ['', /empty/],
    ['gpt-4.1', /name the provider, e\.g\. openai:gpt-4\.1/],
    ['claude-sonnet-4-5', /anthropic:claude-sonnet-4-5/],
    ['mystery', /write it as provider:model/],
    ['azure:gpt-4', /unknown provider "azure" \(known: openai, anthropic/],
    ['openai:', /the model after "openai:" is missing/],
    ['openai-compatible:127.0.0.1:8080#m', /needs the server URL/],
    ['openai-compatible:http://127.0.0.1:8080/v1', /add the model name after "#"/],
  ])('rejects %j with a message saying what to write', (text, message) => {
    let error: unknown
    try {
      parseModelRef(text)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UserInputError)
    expect((error as UserInputError).message).toMatch(message)
    expect((error as UserInputError).field).toBe('model')
  })
})
