/**
 * The JSON tool-call shim: gives a model without native tool calling the same contract — the tools
 * go into the prompt, the JSON reply comes back as `toolCalls` — with one repair turn for a bad reply.
 */
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { ModelCallError } from '../model-call-error.js'
import { parseShimReply, REPLY_FORMAT, toolInstructions, toPlainMessages, type ShimReply } from './tool-shim-protocol.js'

export interface ToolShimOptions {
  /** The model has a JSON output mode worth asking for. */
  jsonMode: boolean
}

export function withToolShim(inner: ModelClient, options: ToolShimOptions): ModelClient {
  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const tools = request.tools
    if (!tools?.length) return inner.generate(request, callOptions)
    const messages = toPlainMessages(request.messages)
    const shimmed: ModelRequest = {
      ...request,
      system: [request.system, toolInstructions(tools)].filter(Boolean).join('\n\n'),
      messages,
      tools: undefined,
      ...(options.jsonMode ? { responseFormat: 'json' as const } : {}),
    }
    // The raw JSON is not for the reader: the final answer is streamed once it is known.
    const innerOptions: GenerateOptions = { ...callOptions, onDelta: undefined }
    const first = await inner.generate(shimmed, innerOptions)
    let reply: ShimReply
    let last = first
    let usage = { ...first.usage }
    let costUsd = first.costUsd
    try {
      reply = parseShimReply(first.text, tools, request.messages.length)
    } catch (firstProblem) {
      const repair: ModelRequest = {
        ...shimmed,
        messages: [
          ...messages,
          { role: 'assistant', content: first.text },
          {
            role: 'user',
            content: `Your reply could not be used: ${(firstProblem as Error).message}. Reply again with only ${REPLY_FORMAT}.`,
          },
        ],
      }
      last = await inner.generate(repair, innerOptions)
      usage = { inputTokens: usage.inputTokens + last.usage.inputTokens, outputTokens: usage.outputTokens + last.usage.outputTokens }
      costUsd += last.costUsd
      try {
        reply = parseShimReply(last.text, tools, request.messages.length)
      } catch (secondProblem) {
        throw new ModelCallError(
          `${inner.ref} did not answer in the JSON tool-call format twice in a row: ${(secondProblem as Error).message}. ` +
            'Use a model with native tool calling or a stronger local model.',
          { code: 'model_invalid_tool_call' },
        )
      }
    }
    const common = { usage, costUsd, cached: first.cached && last.cached, model: last.model }
    if (reply.kind === 'tool') return { ...common, text: '', toolCalls: [reply.call], finishReason: 'tool-calls' }
    if (reply.text) callOptions.onDelta?.(reply.text)
    return { ...common, text: reply.text, toolCalls: [], finishReason: last.finishReason }
  }

  return { ref: inner.ref, generate }
}
