/**
 * What a model can do — native tool calling, JSON mode, context size — from per-provider defaults,
 * refined by a live probe of local servers (Ollama `/api/show`, llama.cpp `/props`, vLLM `/v1/models`).
 */
import { z } from 'zod'
import type { ModelRef } from './model-ref.js'
import { trimTrailingSlashes } from '../core/text.js'

export interface ModelCapabilities {
  /** Native tool calling; without it the JSON tool-call shim is used. */
  tools: boolean
  /** A JSON output mode (`response_format: json_object` or equivalent). */
  jsonMode: boolean
  /** Context window in tokens. */
  contextWindow: number
}

const OPENAI_CONTEXT: Array<[prefix: string, tokens: number]> = [
  ['gpt-4.1', 1_047_576],
  ['gpt-5', 400_000],
  ['gpt-4o', 128_000],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4', 200_000],
]

/** Ollama model families whose templates support tools. */
const OLLAMA_TOOL_FAMILIES =
  /^(?:qwen2\.5|qwen3|qwq|llama3\.[123]|llama4|mistral|mixtral|command-r|hermes3|granite3|gpt-oss|devstral|firefunction|smollm2|phi4-mini)/

export function defaultCapabilities(ref: ModelRef): ModelCapabilities {
  switch (ref.provider) {
    case 'openai':
      return { tools: true, jsonMode: true, contextWindow: OPENAI_CONTEXT.find(([p]) => ref.model.startsWith(p))?.[1] ?? 128_000 }
    case 'anthropic':
      return { tools: true, jsonMode: false, contextWindow: 200_000 }
    case 'ollama':
      // Ollama's own default num_ctx; a Modelfile or OLLAMA_CONTEXT_LENGTH can raise it (the probe reads num_ctx).
      return { tools: OLLAMA_TOOL_FAMILIES.test(ref.model), jsonMode: true, contextWindow: 4096 }
    case 'openai-compatible':
      // llama.cpp needs --jinja and vLLM --enable-auto-tool-choice for tools: assume neither.
      return { tools: false, jsonMode: true, contextWindow: 8192 }
    case 'llama-cpp':
      return { tools: false, jsonMode: false, contextWindow: 4096 }
    case 'builtin':
      return { tools: false, jsonMode: false, contextWindow: 0 }
  }
}

const OllamaShow = z.object({
  capabilities: z.array(z.string()).optional(),
  parameters: z.string().optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
})
const LlamaCppProps = z.object({ default_generation_settings: z.object({ n_ctx: z.number().int().positive() }) })
const OpenAIModels = z.object({ data: z.array(z.object({ id: z.string(), max_model_len: z.number().int().positive().optional() })) })

export interface ProbeOptions {
  /** Base URL of the server (for Ollama without `/v1`). */
  baseUrl: string
  fetch?: typeof fetch
  signal?: AbortSignal
  timeoutMs?: number
}

async function getJson(url: string, options: ProbeOptions, init: RequestInit = {}): Promise<unknown> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 3000), ...(options.signal ? [options.signal] : [])]
  const response = await (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.any(signals) })
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return response.json()
}

/**
 * Asks a local server what the model can do. Never throws: when the server does not answer or
 * does not know the question, the defaults stand.
 */
export async function probeCapabilities(ref: ModelRef, options: ProbeOptions): Promise<ModelCapabilities & { probed: boolean }> {
  const capabilities = defaultCapabilities(ref)
  const base = trimTrailingSlashes(options.baseUrl)
  try {
    if (ref.provider === 'ollama') {
      const show = OllamaShow.parse(
        await getJson(`${base.replace(/\/v1$/, '')}/api/show`, options, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: ref.model }),
        }),
      )
      if (show.capabilities) capabilities.tools = show.capabilities.includes('tools')
      const numCtx = /^num_ctx\s+(\d+)/m.exec(show.parameters ?? '')?.[1]
      if (numCtx) capabilities.contextWindow = Number(numCtx)
      return { ...capabilities, probed: true }
    }
    if (ref.provider === 'openai-compatible') {
      const root = base.replace(/\/v1$/, '')
      const props = LlamaCppProps.safeParse(await getJson(`${root}/props`, options).catch(() => undefined))
      if (props.success) return { ...capabilities, contextWindow: props.data.default_generation_settings.n_ctx, probed: true }
      const models = OpenAIModels.parse(await getJson(`${base}/models`, options))
      const maxLen = models.data.find((m) => m.id === ref.model)?.max_model_len
      if (maxLen) capabilities.contextWindow = maxLen
      return { ...capabilities, probed: true }
    }
  } catch {
    // A probe is advice: the defaults are a safe answer when the server cannot give a better one.
  }
  return { ...capabilities, probed: false }
}
