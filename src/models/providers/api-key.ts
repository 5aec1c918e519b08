/** The API key of a cloud provider: the explicit one, else its environment variable, else a clear error. */
import { ModelError } from '../../core/errors.js'
import { formatModelRef } from '../model-ref.js'
import type { ProviderOptions } from './provider-options.js'

export function requireApiKey(options: ProviderOptions, variable: string): string {
  const key = options.apiKey ?? options.env[variable]
  if (key) return key
  throw new ModelError(
    `${formatModelRef(options.ref)} needs an API key: set ${variable} in the environment (or choose a local model, e.g. ollama:qwen2.5-coder:7b).`,
    { code: 'model_not_configured' },
  )
}
