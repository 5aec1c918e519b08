import { describe, expect, it, vi } from 'vitest'
import { CancelledError, ModelError } from '../../core/errors.js'
import { ModelCallError } from '../model-call-error.js'
import { createScriptedModel } from '../scripted-model.js'
import { backoffDelay, withRetry } from './retry.js'

const request = { messages: [{ role: 'user' as const, content: 'hi' }] }
const rateLimited = (retryAfterMs?: number) =>
  new ModelCallError('rate limited (429)', {
    code: 'model_rate_limited',
    retryable: true,
    status: 429,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  })
const serverError = () => new ModelCallError('server error (500)', { code: 'model_server_error', retryable: true, status: 500 })

describe('withRetry', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0 })).toBe(50)
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0.999999 })).toBe(100)
    expect(backoffDelay(3, { baseDelayMs: 100, random: () => 0.5 })).toBe(300)
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 })).toBe(1000)
  })

  it('retries retryable failures and reports each retry', async () => {
    const inner = createScriptedModel([serverError(), serverError(), { text: 'ok' }])
    const onRetry = vi.fn()
    const warn = vi.fn()
    const client = withRetry(inner, { baseDelayMs: 1, random: () => 0, logger: { debug() {}, info() {}, warn } })
    expect((await client.generate(request, { onRetry })).text).toBe('ok')
    expect(inner.requests).toHaveLength(3)
    expect(onRetry.mock.calls.map(([event]) => [event.attempt, event.delayMs])).toEqual([
      [1, 1],
      [2, 1],
    ])
    expect(warn.mock.calls[0]?.[0]).toMatch(/server error \(500\); retrying in 0\.0 s \(attempt 2 of 4\)/)
  })

  it('waits what Retry-After asks instead of the backoff', async () => {
    const inner = createScriptedModel([rateLimited(40), { text: 'ok' }])
    const onRetry = vi.fn()
    const started = Date.now()
    await withRetry(inner, { baseDelayMs: 1 }).generate(request, { onRetry })
    expect(Date.now() - started).toBeGreaterThanOrEqual(38)
    expect(onRetry.mock.calls[0]?.[0].delayMs).toBe(40)
  })

  it('gives up after maxAttempts with the count in the message', async () => {
    const inner = createScriptedModel([serverError(), serverError(), serverError()])
    const error = await withRetry(inner, { maxAttempts: 3, baseDelayMs: 1 })
      .generate(request)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).message).toBe('server error (500) (gave up after 3 attempts)')
    expect((error as ModelCallError).code).toBe('model_server_error')
    expect(inner.requests).toHaveLength(3)
  })

  it('does not retry what cannot succeed', async () => {
    const auth = new ModelCallError('the API key was refused (401)', { code: 'model_auth', status: 401 })
    const inner = createScriptedModel([auth, { text: 'never' }])
    await expect(withRetry(inner, { baseDelayMs: 1 }).generate(request)).rejects.toBe(auth)
    const plain = createScriptedModel([new ModelError('not a call error'), { text: 'never' }])
    await expect(withRetry(plain, { baseDelayMs: 1 }).generate(request)).rejects.toThrow('not a call error')
    expect(inner.requests).toHaveLength(1)
    expect(plain.requests).toHaveLength(1)
  })

  it('fails at once when Retry-After is longer than the limit', async () => {
    const inner = createScriptedModel([rateLimited(120_000), { text: 'never' }])
    await expect(withRetry(inner, { maxRetryAfterMs: 10_000 }).generate(request)).rejects.toThrow(
      /the server asked to wait 120 s, longer than the 10 s limit, after 1 attempt/,
    )
    expect(inner.requests).toHaveLength(1)
  })

  it('stops waiting when the caller cancels', async () => {
    const inner = createScriptedModel([rateLimited(10_000), { text: 'never' }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    const started = Date.now()
    await expect(withRetry(inner).generate(request, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
