/**
 * ModelCallError: a ModelError that knows whether trying again can help and how long the server
 * asked us to wait; and the translation of provider, HTTP and network failures into it.
 */
import { APICallError } from 'ai'
import { CodexError, ModelError } from '../core/errors.js'
import type { Redactor } from './redact.js'
import { parseRetryAfter } from './retry-after.js'

export interface ModelCallErrorOptions {
  code: string
  retryable?: boolean
  /** HTTP status of the failed call, when there was one. */
  status?: number
  /** How long the server asked us to wait before the next attempt. */
  retryAfterMs?: number
  cause?: unknown
}

export class ModelCallError extends ModelError {
  readonly retryable: boolean
  readonly status?: number
  readonly retryAfterMs?: number

  constructor(message: string, options: ModelCallErrorOptions) {
    super(message, { code: options.code, cause: options.cause })
    this.retryable = options.retryable ?? false
    if (options.status !== undefined) this.status = options.status
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ModelCallError && error.retryable
}

/** Where each provider's key comes from, for messages that say what to fix. */
const KEY_HINT: Record<string, string> = {
  openai: 'check OPENAI_API_KEY',
  anthropic: 'check ANTHROPIC_API_KEY',
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  let current = error
  while (current && chain.length < 6) {
    chain.push(current)
    current = (current as { cause?: unknown }).cause
  }
  return chain
}

function isNetworkFailure(error: unknown): boolean {
  return causeChain(error).some((link) => {
    const code = (link as { code?: unknown }).code
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true
    const message = link instanceof Error ? link.message : ''
    return link instanceof TypeError && /^(?:terminated|fetch failed|other side closed)/.test(message)
  })
}

function describeCause(error: unknown): string {
  const last = causeChain(error).at(-1)
  const code = (last as { code?: unknown } | undefined)?.code
  const message = last instanceof Error ? last.message : String(last)
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message
}

function fromApiCallError(error: APICallError, ref: string, provider: string): ModelCallError {
  const status = error.statusCode
  const detail = error.message
  // The SDK's wording for a body that failed while being read after a 2xx status: the stream broke.
  if (/^Failed to process successful response/.test(detail) || (status !== undefined && status < 300)) {
    return new ModelCallError(`${ref}: the response stream broke off (${describeCause(error)}).`, {
      code: 'model_stream_truncated',
      retryable: true,
      cause: error,
    })
  }
  if (status === undefined) {
    return new ModelCallError(`${ref}: could not reach ${error.url} (${describeCause(error)}). Is the server running and the URL right?`, {
      code: 'model_network',
      retryable: true,
      cause: error,
    })
  }
  const retryAfterMs = parseRetryAfter(error.responseHeaders)
  const common = { status, cause: error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  if (status === 429)
    return new ModelCallError(`${ref}: rate limited (429): ${detail}`, { code: 'model_rate_limited', retryable: true, ...common })
  if (status >= 500)
    return new ModelCallError(`${ref}: server error (${status}): ${detail}`, { code: 'model_server_error', retryable: true, ...common })
  if (status === 401 || status === 403) {
    const hint = KEY_HINT[provider] ?? 'check the API key'
    return new ModelCallError(`${ref}: the API key was refused (${status}): ${detail}; ${hint}.`, { code: 'model_auth', ...common })
  }
  if (status === 404)
    return new ModelCallError(`${ref}: not found (404): ${detail}; check the model name and base URL.`, {
      code: 'model_not_found',
      ...common,
    })
  return new ModelCallError(`${ref}: the request was refused (${status}): ${detail}`, {
    code: 'model_bad_request',
    retryable: error.isRetryable,
    ...common,
  })
}

/** Translates any failure of a provider call into a CodexError; the message is redacted. */
export function toModelCallError(error: unknown, context: { ref: string; provider: string; redactor?: Redactor }): CodexError {
  if (error instanceof CodexError) return error
  let translated: ModelCallError
  if (APICallError.isInstance(error)) {
    translated = fromApiCallError(error, context.ref, context.provider)
  } else if (isNetworkFailure(error)) {
    translated = new ModelCallError(`${context.ref}: the connection failed (${describeCause(error)}).`, {
      code: 'model_network',
      retryable: true,
      cause: error,
    })
  } else if (error instanceof Error && /InvalidPromptError|InvalidArgumentError|InvalidMessageRoleError/.test(error.name)) {
    // Refused by the SDK before anything was sent: the request itself is at fault.
    translated = new ModelCallError(`${context.ref}: ${error.message}`, { code: 'model_bad_request', cause: error })
  } else if (error instanceof Error && /JSONParseError|TypeValidationError|InvalidResponseDataError/.test(error.name)) {
    translated = new ModelCallError(`${context.ref}: the server sent data that is not valid (${error.message.split('\n')[0]}).`, {
      code: 'model_invalid_response',
      cause: error,
    })
  } else if (
    !(error instanceof Error) &&
    error &&
    typeof error === 'object' &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    // An error event inside a stream (Anthropic `event: error`, OpenAI `response.failed`) arrives as a plain object.
    const { message, type, code } = error as { message: string; type?: unknown; code?: unknown }
    const kind = [type, code].filter((part) => typeof part === 'string').join('/')
    translated = new ModelCallError(`${context.ref}: the server reported an error mid-stream${kind ? ` (${kind})` : ''}: ${message}`, {
      code: /rate_limit/.test(kind) ? 'model_rate_limited' : 'model_stream_error',
      retryable: /overloaded|api_error|server_error|rate_limit/.test(kind),
      cause: error,
    })
  } else {
    const message = error instanceof Error ? error.message : String(error)
    translated = new ModelCallError(`${context.ref}: ${message}`, { code: 'model_error', cause: error })
  }
  if (!context.redactor) return translated
  const redacted = context.redactor.text(translated.message)
  if (redacted === translated.message) return translated
  return new ModelCallError(redacted, {
    code: translated.code,
    retryable: translated.retryable,
    ...(translated.status !== undefined ? { status: translated.status } : {}),
    ...(translated.retryAfterMs !== undefined ? { retryAfterMs: translated.retryAfterMs } : {}),
  })
}
