/**
 * An embedded GGUF model through `node-llama-cpp`, an optional package (it is large and builds
 * llama.cpp for the machine): imported on first use, with a clear message when it or the file is missing.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ModelError } from '../../core/errors.js'
import { abortError } from '../abort.js'
import type { GenerateOptions, ModelClient, ModelMessage, ModelRequest, ModelResponse } from '../model.js'
import { toModelCallError } from '../model-call-error.js'
import { formatModelRef } from '../model-ref.js'
import type { ProviderOptions } from './provider-options.js'

/** The part of node-llama-cpp 3.x this provider uses. */
type ChatHistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] }

interface LlamaSequence {
  tokenMeter?: { usedInputTokens: number; usedOutputTokens: number }
}
interface LlamaContext {
  getSequence(): LlamaSequence
  dispose(): Promise<void> | void
}
interface LlamaModel {
  createContext(options?: { contextSize?: number }): Promise<LlamaContext>
  tokenize(text: string): ArrayLike<unknown>
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>
  getGrammarFor?(type: 'json'): Promise<unknown>
}
interface LlamaChatSession {
  setChatHistory(history: ChatHistoryItem[]): void
  prompt(
    text: string,
    options: { maxTokens?: number; temperature?: number; signal?: AbortSignal; grammar?: unknown; onTextChunk?: (text: string) => void },
  ): Promise<string>
  dispose?(): void
}
export interface LlamaCppModule {
  getLlama(): Promise<Llama>
  LlamaChatSession: new (options: { contextSequence: LlamaSequence; systemPrompt?: string }) => LlamaChatSession
}

export const NODE_LLAMA_CPP = 'node-llama-cpp'

export interface LlamaCppOptions extends ProviderOptions {
  /** Loads the module; default `import('node-llama-cpp')`. Tests pass a stand-in. */
  importModule?: () => Promise<unknown>
}

function asText(message: ModelMessage): string {
  if (message.role === 'tool') return `Result of tool "${message.toolName}"${message.isError ? ' (failed)' : ''}:\n${message.content}`
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return [message.content, ...message.toolCalls.map((call) => JSON.stringify({ tool: call.name, arguments: call.arguments }))]
      .filter(Boolean)
      .join('\n')
  }
  return message.content
}

function toHistory(request: ModelRequest): { history: ChatHistoryItem[]; prompt: string } {
  const last = request.messages.at(-1)
  if (!last || last.role === 'assistant') {
    throw new ModelError('llama-cpp: the conversation must end with a user or tool message.', { code: 'model_bad_request' })
  }
  const history: ChatHistoryItem[] = request.system ? [{ type: 'system', text: request.system }] : []
  for (const message of request.messages.slice(0, -1)) {
    history.push(message.role === 'assistant' ? { type: 'model', response: [asText(message)] } : { type: 'user', text: asText(message) })
  }
  return { history, prompt: asText(last) }
}

export function createLlamaCppClient(options: LlamaCppOptions): ModelClient {
  const ref = formatModelRef(options.ref)
  const modelPath = resolve(options.cwd, options.ref.model)
  if (!existsSync(modelPath)) {
    throw new ModelError(
      `${ref}: the GGUF file ${modelPath} does not exist. Download a GGUF model (e.g. from Hugging Face) and give its path.`,
      {
        code: 'model_not_found',
      },
    )
  }
  const importModule = options.importModule ?? (() => import(NODE_LLAMA_CPP))
  let loaded: Promise<{ module: LlamaCppModule; llama: Llama; model: LlamaModel }> | undefined

  const load = () => {
    loaded ??= (async () => {
      let module: LlamaCppModule
      try {
        module = (await importModule()) as LlamaCppModule
      } catch (error) {
        throw new ModelError(
          `${ref} needs the optional package node-llama-cpp, which is not installed. Install it with \`npm install node-llama-cpp\` ` +
            '(it downloads or builds llama.cpp for this machine), or use a local server instead (e.g. ollama:qwen2.5-coder:7b).',
          { code: 'model_not_configured', cause: error },
        )
      }
      const llama = await module.getLlama()
      return { module, llama, model: await llama.loadModel({ modelPath }) }
    })()
    // A failed load is not cached: installing the package and trying again must work.
    loaded.catch(() => (loaded = undefined))
    return loaded
  }

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const { signal, onDelta } = callOptions
    if (signal?.aborted) throw abortError(signal)
    const { module, llama, model } = await load()
    const { history, prompt } = toHistory(request)
    const context = await model.createContext()
    try {
      const sequence = context.getSequence()
      const session = new module.LlamaChatSession({ contextSequence: sequence })
      session.setChatHistory(history)
      const grammar = request.responseFormat === 'json' && llama.getGrammarFor ? await llama.getGrammarFor('json') : undefined
      const text = await session.prompt(prompt, {
        ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(signal ? { signal } : {}),
        ...(grammar ? { grammar } : {}),
        ...(onDelta ? { onTextChunk: onDelta } : {}),
      })
      session.dispose?.()
      const meter = sequence.tokenMeter
      const inputText = [request.system ?? '', ...request.messages.map(asText)].join('\n')
      return {
        text,
        toolCalls: [],
        usage: {
          inputTokens: meter?.usedInputTokens ?? model.tokenize(inputText).length,
          outputTokens: meter?.usedOutputTokens ?? model.tokenize(text).length,
        },
        finishReason: 'stop',
        costUsd: 0,
        cached: false,
        model: options.ref.model,
      }
    } catch (error) {
      if (signal?.aborted) throw abortError(signal)
      throw toModelCallError(error, { ref, provider: 'llama-cpp' })
    } finally {
      await context.dispose()
    }
  }

  return { ref, generate }
}
