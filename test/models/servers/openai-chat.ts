/**
 * OpenAI Chat Completions wire format (`POST /v1/chat/completions`, `stream: true`): the
 * `chat.completion.chunk` SSE frames, tool_calls deltas, the final usage chunk and `data: [DONE]`.
 * Ollama, llama.cpp server, vLLM and LM Studio serve the same format at their `/v1`.
 */
import { dataFrame, type Reply } from './loopback-server.js'

export interface ChatToolCallScript {
  id: string
  name: string
  /** The arguments JSON text, split into the pieces the server streams. */
  argumentPieces: string[]
}

export interface ChatStreamScript {
  model?: string
  /** Text pieces streamed as `delta.content`. */
  text?: string[]
  toolCalls?: ChatToolCallScript[]
  finishReason?: 'stop' | 'length' | 'tool_calls'
  usage?: { prompt: number; completion: number }
  /** Ollama-style fingerprint and no `usage: null` on ordinary chunks. */
  flavour?: 'openai' | 'ollama'
}

export function chatCompletionStream(script: ChatStreamScript): Reply {
  const model = script.model ?? 'gpt-4.1-2025-04-14'
  const openai = (script.flavour ?? 'openai') === 'openai'
  const base = {
    id: 'chatcmpl-Bq7x1',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model,
    system_fingerprint: openai ? 'fp_b3f1157249' : 'fp_ollama',
    ...(openai ? { service_tier: 'default' } : {}),
  }
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    dataFrame({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(openai ? { usage: null } : {}),
    })

  const frames: string[] = [chunk({ role: 'assistant', content: '', refusal: null })]
  for (const piece of script.text ?? []) frames.push(chunk({ content: piece }))
  for (const [index, call] of (script.toolCalls ?? []).entries()) {
    frames.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }))
    for (const piece of call.argumentPieces) frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }))
  }
  frames.push(chunk({}, script.finishReason ?? (script.toolCalls?.length ? 'tool_calls' : 'stop')))
  const usage = script.usage ?? { prompt: 12, completion: 5 }
  frames.push(
    dataFrame({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    }),
  )
  frames.push(dataFrame('[DONE]'))
  return { sse: frames, headers: { 'x-request-id': 'req_test_chat' } }
}

/** The JSON error body OpenAI (and compatible servers) send with a 4xx/5xx status. */
export function openaiError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error'
  return { status, headers, body: { error: { message, type, param: null, code: type } } }
}
