/**
 * OpenAI-compatible servers through `@ai-sdk/openai-compatible`: Ollama (its `/v1`), llama.cpp
 * server, vLLM and LM Studio. No key is needed; one is sent when given (vLLM `--api-key`).
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import type { ModelClient } from '../model.js'
import { createAiSdkClient } from './ai-sdk-client.js'
import { providerBaseUrl } from './base-url.js'
import type { ProviderOptions } from './provider-options.js'

export function createOpenAICompatibleClient(options: ProviderOptions): ModelClient {
  const apiKey = options.apiKey ?? options.env.OPENAI_COMPATIBLE_API_KEY
  const provider = createOpenAICompatible({
    name: options.ref.provider,
    baseURL: providerBaseUrl(options.ref, options.env, options.baseUrl) ?? '',
    ...(apiKey ? { apiKey } : {}),
    // Ask for the usage chunk at the end of the stream (Ollama, llama.cpp server and vLLM send it).
    includeUsage: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  return createAiSdkClient(options, provider.chatModel(options.ref.model))
}
