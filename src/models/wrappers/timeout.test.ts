import { describe, expect, it } from 'vitest'
import { CancelledError } from '../../core/errors.js'
import { abortError } from '../abort.js'
import type { ModelClient } from '../model.js'
import { ModelCallError } from '../model-call-error.js'
import { withTimeout } from './timeout.js'

/** A model that answers after `ms`, and stops as soon as its signal aborts — as providers do. */
function slowModel(ms: number): ModelClient {
  return {
    ref: 'mock:slow',
    generate: (_request, options = {}) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            resolve({
              text: 'late',
              toolCalls: [],
              usage: { inputTokens: 1, outputTokens: 1 },
              finishReason: 'stop',
              costUsd: 0,
              cached: false,
              model: 'slow',
            }),
          ms,
        )
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(abortError(options.signal as AbortSignal))
        })
      }),
  }
}

const request = { messages: [{ role: 'user' as const, content: 'hi' }] }

describe('withTimeout', () => {
  it('stops a call that runs too long with a model_timeout error', async () => {
    const started = Date.now()
    const error = await withTimeout(slowModel(5000), { timeoutMs: 50 })
      .generate(request)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).code).toBe('model_timeout')
    expect((error as ModelCallError).exitCode).toBe(3)
    expect((error as ModelCallError).retryable).toBe(false)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('lets a call that finishes in time through', async () => {
    expect((await withTimeout(slowModel(5), { timeoutMs: 1000 }).generate(request)).text).toBe('late')
  })

  it('reports a caller cancel as a cancel, not a timeout', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 10)
    await expect(withTimeout(slowModel(5000), { timeoutMs: 2000 }).generate(request, { signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    )
  })
})
