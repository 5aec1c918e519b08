import { describe, expect, it } from 'vitest'
import { CodexConfigSchema } from '../../../config/schema.js'
import { ModelError } from '../../../core/errors.js'
import { modelForMode, resolveModelSettings } from './model.js'
import type { GenerateTaskRequest } from './request.js'

const request = { task: 'x', language: 'python' } as unknown as GenerateTaskRequest
const config = (input: unknown) => CodexConfigSchema.parse(input)

describe('hybrid routing of the generator model', () => {
  const models = { local: 'ollama:qwen2.5-coder:7b', cloud: 'openai:gpt-4.1' }

  it('gives an agent the model of its mode, and the project mode to agents without one', () => {
    expect(modelForMode(config({ mode: 'local', models }), undefined)).toBe(models.local)
    expect(modelForMode(config({ mode: 'local', models }), 'cloud')).toBe(models.cloud)
    expect(modelForMode(config({ mode: 'hybrid', models }), 'hybrid')).toBe(models.local)
    expect(modelForMode(config({ mode: 'hybrid', models: { cloud: models.cloud } }), undefined)).toBe(models.cloud)
  })

  it('prefers the request, then the agent model, then the mode model, then model.model', () => {
    const base = { mode: 'hybrid', models, model: { model: 'anthropic:claude-sonnet-4-5' } }
    const cloudAgent = config({ ...base, agents: { code_generator: { mode: 'cloud' } } })
    expect(resolveModelSettings(request, cloudAgent, '/w', {}).ref).toBe(models.cloud)
    const pinned = config({ ...base, agents: { code_generator: { mode: 'cloud', model: 'ollama:llama3' } } })
    expect(resolveModelSettings(request, pinned, '/w', {}).ref).toBe('ollama:llama3')
    expect(resolveModelSettings({ ...request, model: 'openai:o4-mini' } as GenerateTaskRequest, pinned, '/w', {}).ref).toBe(
      'openai:o4-mini',
    )
    const noModes = config({ model: { model: 'anthropic:claude-sonnet-4-5' } })
    expect(resolveModelSettings(request, noModes, '/w', {}).ref).toBe('anthropic:claude-sonnet-4-5')
  })

  it('still fails fast when nothing names a model', () => {
    expect(() => resolveModelSettings(request, config({ mode: 'cloud' }), '/w', {})).toThrowError(ModelError)
  })
})
