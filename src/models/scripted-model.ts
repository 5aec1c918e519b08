/**
 * A scripted ModelClient for other modules' tests: answers from a list, in order, records every
 * request, streams text through `onDelta`, and fails clearly when the script runs out.
 */
import { ModelError } from '../core/errors.js'
import { abortError } from './abort.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from './model.js'

export type ScriptedReply =
  | Partial<ModelResponse>
  | Error
  | ((request: ModelRequest, index: number) => Partial<ModelResponse> | Error | Promise<Partial<ModelResponse> | Error>)

export interface ScriptedModelOptions {
  /** Default `mock:scripted`. */
  ref?: string
}

export interface ScriptedModel extends ModelClient {
  /** Every request received, in order. */
  readonly requests: ModelRequest[]
  /** Replies not used yet. */
  readonly remaining: number
}

export function createScriptedModel(replies: ScriptedReply[], options: ScriptedModelOptions = {}): ScriptedModel {
  const ref = options.ref ?? 'mock:scripted'
  const requests: ModelRequest[] = []
  const queue = [...replies]

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    if (callOptions.signal?.aborted) throw abortError(callOptions.signal)
    const index = requests.length
    // A copy, so a caller that reuses and mutates its message list does not rewrite history.
    requests.push(structuredClone(request))
    const next = queue.shift()
    if (next === undefined) {
      throw new ModelError(`${ref}: the script has ${replies.length} replies; call ${index + 1} has none.`, { code: 'mock_exhausted' })
    }
    const reply = typeof next === 'function' ? await next(request, index) : next
    if (reply instanceof Error) throw reply
    const text = reply.text ?? ''
    // Stream word by word, as a real provider streams pieces.
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) callOptions.onDelta?.(piece)
    const toolCalls = reply.toolCalls ?? []
    return {
      text,
      toolCalls,
      usage: reply.usage ?? { inputTokens: 0, outputTokens: 0 },
      finishReason: reply.finishReason ?? (toolCalls.length ? 'tool-calls' : 'stop'),
      costUsd: reply.costUsd ?? 0,
      cached: reply.cached ?? false,
      model: reply.model ?? ref,
    }
  }

  return {
    ref,
    requests,
    get remaining() {
      return queue.length
    },
    generate,
  }
}
