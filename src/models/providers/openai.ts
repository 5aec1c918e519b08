/** OpenAI through `@ai-sdk/openai`: the Responses API by default, Chat Completions on request. */
import { createOpenAI } from '@ai-sdk/openai'
import type { ModelClient } from '../model.js'
import { createAiSdkClient } from './ai-sdk-client.js'
import { requireApiKey } from './api-key.js'
import { providerBaseUrl } from './base-url.js'
import type { ProviderOptions } from './provider-options.js'

export function createOpenAIClient(options: ProviderOptions): ModelClient {
  const { env } = options
  const baseURL = providerBaseUrl(options.ref, env, options.baseUrl)
  const provider = createOpenAI({
    apiKey: requireApiKey(options, 'OPENAI_API_KEY'),
    ...(baseURL ? { baseURL } : {}),
    ...(env.OPENAI_ORG_ID ? { organization: env.OPENAI_ORG_ID } : {}),
    ...(env.OPENAI_PROJECT_ID ? { project: env.OPENAI_PROJECT_ID } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const id = options.ref.model
  return createAiSdkClient(options, options.openaiApi === 'chat' ? provider.chat(id) : provider.responses(id))
}
