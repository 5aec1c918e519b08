import { APICallError, InvalidPromptError, JSONParseError } from 'ai'
import { describe, expect, it } from 'vitest'
import { CancelledError, ModelError } from '../core/errors.js'
import { ModelCallError, toModelCallError } from './model-call-error.js'
import { createRedactor } from './redact.js'

const context = { ref: 'openai:gpt-4.1', provider: 'openai' }
const apiError = (statusCode: number | undefined, message: string, responseHeaders?: Record<string, string>, cause?: unknown) =>
  new APICallError({ message, url: 'http://127.0.0.1:1/v1/chat/completions', requestBodyValues: {}, statusCode, responseHeaders, cause })

function translate(error: unknown, redactor = createRedactor()): ModelCallError {
  const out = toModelCallError(error, { ...context, redactor })
  expect(out).toBeInstanceOf(ModelCallError)
  return out as ModelCallError
}

describe('toModelCallError', () => {
  it.each([
    [429, 'model_rate_limited', true],
    [500, 'model_server_error', true],
    [529, 'model_server_error', true],
    [401, 'model_auth', false],
    [403, 'model_auth', false],
    [404, 'model_not_found', false],
    [400, 'model_bad_request', false],
  ])('HTTP %i is %s (retryable: %s)', (status, code, retryable) => {
    const error = translate(apiError(status, 'detail'))
    expect([error.code, error.retryable, error.status, error.exitCode]).toEqual([code, retryable, status, 3])
  })

  it('carries Retry-After', () => {
    expect(translate(apiError(429, 'slow', { 'retry-after': '2' })).retryAfterMs).toBe(2000)
  })

  it('tells a refused connection from a broken stream', () => {
    const refused = translate(
      apiError(
        undefined,
        'Cannot connect to API: connect ECONNREFUSED',
        undefined,
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ),
    )
    expect([refused.code, refused.retryable]).toEqual(['model_network', true])
    expect(refused.message).toMatch(
      /could not reach http:\/\/127\.0\.0\.1:1\/v1\/chat\/completions \(connect ECONNREFUSED 127\.0\.0\.1:1\)/,
    )
    const broken = translate(apiError(200, 'Failed to process successful response', undefined, new TypeError('terminated')))
    expect([broken.code, broken.retryable]).toEqual(['model_stream_truncated', true])
    const socket = translate(
      new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
    )
    expect([socket.code, socket.retryable]).toEqual(['model_network', true])
  })

  it('classifies SDK-side refusals and bad data', () => {
    expect(translate(new InvalidPromptError({ prompt: {}, message: 'messages must not be empty' })).code).toBe('model_bad_request')
    const bad = translate(new JSONParseError({ text: '{"a":', cause: new SyntaxError('Unexpected end') }))
    expect([bad.code, bad.retryable]).toEqual(['model_invalid_response', false])
  })

  it('reads error events that arrive as plain objects', () => {
    const overloaded = translate({ type: 'overloaded_error', message: 'Overloaded' })
    expect([overloaded.code, overloaded.retryable, overloaded.message]).toEqual([
      'model_stream_error',
      true,
      'openai:gpt-4.1: the server reported an error mid-stream (overloaded_error): Overloaded',
    ])
    expect(translate({ type: 'invalid_request_error', message: 'too long' }).retryable).toBe(false)
  })

  it('passes our own errors through', () => {
    const cancelled = new CancelledError()
    expect(toModelCallError(cancelled, context)).toBe(cancelled)
    const model = new ModelError('x')
    expect(toModelCallError(model, context)).toBe(model)
  })

  it('redacts secrets from the message, keeping code and retryability', () => {
    const error = translate(apiError(429, 'key sk-live-0123456789abcdefghij is rate limited', { 'retry-after': '1' }), createRedactor())
    expect(error.message).toBe('openai:gpt-4.1: rate limited (429): key [REDACTED] is rate limited')
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['model_rate_limited', true, 1000])
    expect(error.cause).toBeUndefined()
  })
})
