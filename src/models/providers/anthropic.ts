/** Anthropic's Messages API through `@ai-sdk/anthropic`. */
import { createAnthropic } from '@ai-sdk/anthropic'
import type { ModelClient } from '../model.js'
import { createAiSdkClient } from './ai-sdk-client.js'
import { requireApiKey } from './api-key.js'
import { providerBaseUrl } from './base-url.js'
import type { ProviderOptions } from './provider-options.js'

export function createAnthropicClient(options: ProviderOptions): ModelClient {
  const baseURL = providerBaseUrl(options.ref, options.env, options.baseUrl)
  const provider = createAnthropic({
    apiKey: requireApiKey(options, 'ANTHROPIC_API_KEY'),
    ...(baseURL ? { baseURL } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  return createAiSdkClient(options, provider.messages(options.ref.model))
}
