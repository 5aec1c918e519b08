/**
 * Retries: exponential backoff with jitter on 429, 5xx, network failures and broken streams,
 * honouring the server's Retry-After, with a bounded number of attempts.
 */
import type { Logger } from '../../core/context.js'
import { sleep } from '../abort.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { ModelCallError } from '../model-call-error.js'

export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number
  /** Delay before the first retry; doubles each time (default 500 ms). */
  baseDelayMs?: number
  /** Cap on a backoff delay (default 20 s). */
  maxDelayMs?: number
  /** A Retry-After longer than this fails the call at once instead of waiting (default 60 s). */
  maxRetryAfterMs?: number
  /** Source of jitter in [0, 1); default Math.random. */
  random?: () => number
  logger?: Logger
}

/** Backoff for the retry after `attempt` failed attempts: base·2^(attempt-1), capped, with half of it jittered. */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  const base = options.baseDelayMs ?? 500
  const cap = Math.min(options.maxDelayMs ?? 20_000, base * 2 ** (attempt - 1))
  return Math.round(cap / 2 + (cap / 2) * (options.random ?? Math.random)())
}

function withAttempts(error: ModelCallError, attempts: number, why: string): ModelCallError {
  return new ModelCallError(`${error.message} (${why} after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
    code: error.code,
    retryable: false,
    ...(error.status !== undefined ? { status: error.status } : {}),
    cause: error,
  })
}

export function withRetry(inner: ModelClient, options: RetryOptions = {}): ModelClient {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4)
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inner.generate(request, callOptions)
      } catch (error) {
        if (!(error instanceof ModelCallError) || !error.retryable) throw error
        if (attempt >= maxAttempts) throw withAttempts(error, attempt, 'gave up')
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) {
          throw withAttempts(
            error,
            attempt,
            `the server asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s, longer than the ${maxRetryAfterMs / 1000} s limit,`,
          )
        }
        const delayMs = error.retryAfterMs ?? backoffDelay(attempt, options)
        options.logger?.warn(
          `${inner.ref}: ${error.message}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts}).`,
        )
        callOptions.onRetry?.({ attempt, delayMs, error })
        await sleep(delayMs, callOptions.signal)
      }
    }
  }

  return { ref: inner.ref, generate }
}
