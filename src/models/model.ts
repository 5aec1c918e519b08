/**
 * The model contract: one small interface every provider, wrapper and test double implements, and
 * the only thing agents and capabilities talk to.
 */

/** A JSON Schema object (draft 7 / 2020-12 subset that providers accept for tool parameters). */
export type JsonSchema = Record<string, unknown>

/** A tool the model may call. The caller executes it; the model only asks. */
export interface ToolSpec {
  name: string
  description: string
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema
}

export interface ToolCall {
  /** Provider-issued id, echoed back in the tool result message. */
  id: string
  name: string
  /**
   * The parsed JSON arguments; the raw text when the model sent JSON that does not parse. Native
   * tool calls are not checked against the schema (or even the tool name): the caller validates
   * them and tells the model what was wrong.
   */
  arguments: unknown
}

export type ModelMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string; isError?: boolean }

export interface ModelRequest {
  system?: string
  messages: ModelMessage[]
  tools?: ToolSpec[]
  temperature?: number
  maxTokens?: number
  /** `json`: ask the model for one JSON object (JSON mode where the provider has it). */
  responseFormat?: 'text' | 'json'
}

export interface TokenUsage {
  inputTokens: number
  outputTokens: number
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other'

export interface ModelResponse {
  text: string
  toolCalls: ToolCall[]
  usage: TokenUsage
  finishReason: FinishReason
  /** What this call cost in USD (0 for local models, cache hits and unknown prices). */
  costUsd: number
  /** True when the response came from the response cache, not from the model. */
  cached: boolean
  /** The model id the provider reported (e.g. `gpt-4.1-2025-04-14`), else the requested one. */
  model: string
}

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number
  delayMs: number
  error: Error
}

export interface GenerateOptions {
  signal?: AbortSignal
  /** Streamed text as it arrives. */
  onDelta?: (text: string) => void
  /**
   * Called before a failed attempt is retried. Text already streamed through `onDelta` belongs to
   * the failed attempt; a renderer should discard it.
   */
  onRetry?: (event: RetryEvent) => void
}

export interface ModelClient {
  /** The model reference this client serves, `provider:model`. */
  readonly ref: string
  generate(request: ModelRequest, options?: GenerateOptions): Promise<ModelResponse>
}
