/**
 * A ModelClient over any AI SDK language model: translates our request into `streamText`, streams
 * the text, collects tool calls and usage, and turns every failure into a ModelCallError.
 */
import {
  jsonSchema,
  Output,
  streamText,
  tool,
  type JSONSchema7,
  type LanguageModel,
  type ModelMessage as SdkMessage,
  type ToolSet,
} from 'ai'
import { abortError } from '../abort.js'
import type { FinishReason, GenerateOptions, ModelClient, ModelMessage, ModelRequest, ModelResponse, ToolCall } from '../model.js'
import { ModelCallError, toModelCallError } from '../model-call-error.js'
import { formatModelRef } from '../model-ref.js'
import { costOf } from '../prices.js'
import type { ProviderOptions } from './provider-options.js'

const JSON_INSTRUCTION = 'Answer with one JSON object and nothing else: no prose, no code fences.'

export function toSdkMessages(messages: ModelMessage[]): SdkMessage[] {
  return messages.map((message): SdkMessage => {
    if (message.role === 'user') return { role: 'user', content: message.content }
    if (message.role === 'assistant') {
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content }
      return {
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.toolCalls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: call.arguments,
          })),
        ],
      }
    }
    return {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: message.toolCallId,
          toolName: message.toolName,
          output: message.isError ? { type: 'error-text', value: message.content } : { type: 'text', value: message.content },
        },
      ],
    }
  })
}

function toSdkTools(request: ModelRequest): ToolSet | undefined {
  if (!request.tools?.length) return undefined
  const tools: ToolSet = {}
  // No `execute`: the SDK only reports the calls; the agent loop runs the tools.
  for (const spec of request.tools)
    tools[spec.name] = tool({ description: spec.description, inputSchema: jsonSchema(spec.parameters as JSONSchema7) })
  return tools
}

function toFinishReason(reason: string): FinishReason {
  return reason === 'stop' || reason === 'length' || reason === 'tool-calls' || reason === 'content-filter' ? reason : 'other'
}

/** A client for `model`, which the provider factory built from `options`. */
export function createAiSdkClient(options: ProviderOptions, model: LanguageModel): ModelClient {
  const parsedRef = options.ref
  const ref = formatModelRef(parsedRef)
  // Without a JSON mode, JSON is asked for in the system prompt.
  const jsonMode = options.capabilities.jsonMode
  const fail = (error: unknown) =>
    toModelCallError(error, { ref, provider: parsedRef.provider, ...(options.redactor ? { redactor: options.redactor } : {}) })

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const { signal, onDelta } = callOptions
    if (signal?.aborted) throw abortError(signal)
    const wantsJson = request.responseFormat === 'json'
    const system = wantsJson && !jsonMode ? [request.system, JSON_INSTRUCTION].filter(Boolean).join('\n\n') : request.system
    const tools = toSdkTools(request)
    let text = ''
    const toolCalls: ToolCall[] = []
    let finish: { reason: string; raw: string | undefined; input?: number; output?: number } | undefined
    let modelId = parsedRef.model
    try {
      const result = streamText({
        model,
        ...(system ? { system } : {}),
        messages: toSdkMessages(request.messages),
        ...(tools ? { tools } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
        ...(wantsJson && jsonMode ? { output: Output.json() } : {}),
        // Retries, timeouts and logging are ours (wrappers); the SDK must not retry or print.
        maxRetries: 0,
        ...(signal ? { abortSignal: signal } : {}),
        onError: () => {},
      })
      for await (const part of result.fullStream) {
        switch (part.type) {
          case 'text-delta':
            text += part.text
            onDelta?.(part.text)
            break
          case 'tool-call':
            toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input })
            break
          case 'finish-step':
            if (part.response.modelId) modelId = part.response.modelId
            break
          case 'finish':
            finish = {
              reason: part.finishReason,
              raw: part.rawFinishReason,
              input: part.totalUsage.inputTokens,
              output: part.totalUsage.outputTokens,
            }
            break
          case 'error':
            throw part.error
          case 'abort':
            throw signal?.aborted ? abortError(signal) : new ModelCallError(`${ref}: the call was aborted.`, { code: 'model_aborted' })
        }
      }
    } catch (error) {
      if (signal?.aborted) throw abortError(signal)
      throw fail(error)
    }
    // A stream that ends with no finish reason and no usage was cut off (a proxy or server died mid-answer).
    if (!finish || (finish.reason === 'other' && finish.raw === undefined && finish.input === undefined)) {
      throw new ModelCallError(
        `${ref}: the response stream ended before the model finished (no finish reason); the connection may have dropped.`,
        {
          code: 'model_stream_truncated',
          retryable: true,
        },
      )
    }
    const usage = { inputTokens: finish.input ?? 0, outputTokens: finish.output ?? 0 }
    return {
      text,
      toolCalls,
      usage,
      finishReason: toFinishReason(finish.reason),
      costUsd: costOf(parsedRef, usage, options.prices),
      cached: false,
      model: modelId,
    }
  }

  return { ref, generate }
}
