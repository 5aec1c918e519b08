import { describe, expect, it } from 'vitest'
import { ModelError } from '../../core/errors.js'
import { createBuiltinClient } from './builtin.js'

describe('builtin', () => {
  it('fails with exit code 3 and says how to configure a model', async () => {
    const error = await createBuiltinClient()
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).exitCode).toBe(3)
    expect((error as ModelError).code).toBe('model_not_configured')
    const message = (error as ModelError).message
    for (const hint of [
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'ollama:qwen2.5-coder:7b',
      'openai-compatible:http://127.0.0.1:8080/v1#',
      'npm install node-llama-cpp',
      'llama-cpp:./model.gguf',
    ]) {
      expect(message).toContain(hint)
    }
  })
})
