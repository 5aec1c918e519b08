/**
 * OpenAI Chat Completions over loopback: a server that speaks the real SSE wire format, and the
 * exact requests our client sends.
 */
import { describe, expect, it } from 'vitest'
import { CancelledError } from '../../src/core/errors.js'
import { createModelClient, ModelCallError, type CreateModelClientOptions } from '../../src/models/index.js'
import { fastRetry, hello, readFileTool, testClient, toolRoundTrip, useLoopbackServer } from './helpers.js'
import { chatCompletionStream, openaiError } from './servers/openai-chat.js'

const KEY = 'sk-test-chat-0123456789abcdefABCDEF'
const server = useLoopbackServer()

const client = (options: Partial<CreateModelClientOptions> = {}) =>
  testClient('openai:gpt-4.1', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` }, { openaiApi: 'chat', ...options })

describe('OpenAI Chat Completions', () => {
  it('streams text and sends exactly the expected request', async () => {
    server.enqueue(chatCompletionStream({ text: ['Hel', 'lo', '!'], usage: { prompt: 11, completion: 3 } }))
    const deltas: string[] = []
    const response = await client().generate(
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello.' }], temperature: 0, maxTokens: 50 },
      {
        onDelta: (d) => deltas.push(d),
      },
    )
    expect(deltas).toEqual(['Hel', 'lo', '!'])
    expect(response).toEqual({
      text: 'Hello!',
      toolCalls: [],
      usage: { inputTokens: 11, outputTokens: 3 },
      finishReason: 'stop',
      costUsd: (11 * 2 + 3 * 8) / 1e6,
      cached: false,
      model: 'gpt-4.1-2025-04-14',
    })
    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v1/chat/completions')
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.body).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello.' },
      ],
      temperature: 0,
      max_tokens: 50,
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  it('sends tools and a tool round-trip, and returns streamed tool_calls', async () => {
    server.enqueue(
      chatCompletionStream({
        toolCalls: [
          { id: 'call_2', name: 'read_file', argumentPieces: ['{"pa', 'th": "src/', 'b.ts"}'] },
          { id: 'call_3', name: 'read_file', argumentPieces: ['{"path": "src/c.ts"}'] },
        ],
      }),
    )
    const response = await client().generate(toolRoundTrip)
    expect(response.finishReason).toBe('tool-calls')
    expect(response.text).toBe('')
    expect(response.toolCalls).toEqual([
      { id: 'call_2', name: 'read_file', arguments: { path: 'src/b.ts' } },
      { id: 'call_3', name: 'read_file', arguments: { path: 'src/c.ts' } },
    ])
    expect(server.requests[0]?.body).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'You are a coding agent.' },
        { role: 'user', content: 'What does src/a.ts export?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/a.ts"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'export const a = 1' },
      ],
      tools: [
        { type: 'function', function: { name: 'read_file', description: readFileTool.description, parameters: readFileTool.parameters } },
      ],
      tool_choice: 'auto',
      temperature: 0.2,
      max_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  it('passes unknown tools and unparsable arguments through for the caller to answer', async () => {
    server.enqueue(
      chatCompletionStream({
        toolCalls: [
          { id: 'call_4', name: 'delete_repo', argumentPieces: ['{"force":true}'] },
          { id: 'call_5', name: 'read_file', argumentPieces: ['{"pa'] },
        ],
      }),
    )
    const response = await client().generate({ ...hello, tools: [readFileTool] })
    expect(response.toolCalls).toEqual([
      { id: 'call_4', name: 'delete_repo', arguments: { force: true } },
      { id: 'call_5', name: 'read_file', arguments: '{"pa' },
    ])
  })

  it('asks for JSON mode with response_format', async () => {
    server.enqueue(chatCompletionStream({ text: ['{"ok":', 'true}'] }))
    const response = await client().generate({ messages: [{ role: 'user', content: 'Answer in JSON.' }], responseFormat: 'json' })
    expect(response.text).toBe('{"ok":true}')
    expect((server.requests[0]?.body as Record<string, unknown>).response_format).toEqual({ type: 'json_object' })
  })

  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    server.enqueue(openaiError(429, 'Rate limit reached for gpt-4.1', { 'retry-after': '1' }), chatCompletionStream({ text: ['ok'] }))
    const retries: number[] = []
    const started = Date.now()
    const response = await client().generate(hello, { onRetry: (e) => retries.push(e.delayMs) })
    expect(response.text).toBe('ok')
    expect(retries).toEqual([1000])
    expect(Date.now() - started).toBeGreaterThanOrEqual(990)
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]?.body).toEqual(server.requests[0]?.body)
  })

  it('retries 500s and 503s, then succeeds', async () => {
    server.enqueue(openaiError(500, 'The server had an error'), openaiError(503, 'Overloaded'), chatCompletionStream({ text: ['fine'] }))
    expect((await client().generate(hello)).text).toBe('fine')
    expect(server.requests).toHaveLength(3)
  })

  it('gives up on persistent 500s with a ModelError naming the attempts', async () => {
    server.enqueue(openaiError(500, 'down'), openaiError(500, 'down'), openaiError(500, 'down'))
    const error = await client({ retry: { ...fastRetry, maxAttempts: 3 } })
      .generate(hello)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).code).toBe('model_server_error')
    expect((error as ModelCallError).exitCode).toBe(3)
    expect((error as ModelCallError).message).toBe('openai:gpt-4.1: server error (500): down (gave up after 3 attempts)')
  })

  it('does not retry a refused key, and says which variable to check', async () => {
    server.enqueue(openaiError(401, 'Incorrect API key provided.'), chatCompletionStream({ text: ['never'] }))
    await expect(client().generate(hello)).rejects.toThrow(
      /the API key was refused \(401\): Incorrect API key provided\.; check OPENAI_API_KEY/,
    )
    expect(server.requests).toHaveLength(1)
  })

  it('retries a stream whose connection drops mid-answer', async () => {
    server.enqueue({ ...chatCompletionStream({ text: ['Hel', 'lo'] }), dropAfterFrames: 2 }, chatCompletionStream({ text: ['Hello'] }))
    const retries: string[] = []
    const response = await client().generate(hello, { onRetry: (e) => retries.push((e.error as ModelCallError).code) })
    expect(response.text).toBe('Hello')
    expect(retries).toEqual(['model_stream_truncated'])
  })

  it('retries a stream that ends cleanly but without finish_reason, usage or [DONE]', async () => {
    const cut = chatCompletionStream({ text: ['Hel', 'lo'] })
    server.enqueue({ ...cut, sse: cut.sse?.slice(0, 3) }, chatCompletionStream({ text: ['Hello'] }))
    expect((await client().generate(hello)).text).toBe('Hello')
    expect(server.requests).toHaveLength(2)
  })

  it('fails with a clear ModelError when the stream keeps breaking', async () => {
    const broken = { ...chatCompletionStream({ text: ['Hel', 'lo'] }), dropAfterFrames: 2 }
    server.enqueue(broken, broken)
    const error = await client({ retry: { ...fastRetry, maxAttempts: 2 } })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_stream_truncated')
    expect((error as ModelCallError).message).toMatch(
      /^openai:gpt-4\.1: the response stream broke off \(.+\)\. \(gave up after 2 attempts\)$/,
    )
  })

  it('reports malformed JSON in a chunk as an invalid response, without retrying', async () => {
    const good = chatCompletionStream({ text: ['a'] }).sse ?? []
    server.enqueue({
      sse: [
        good[0] ?? '',
        'data: {"id":"chatcmpl-Bq7x1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"b\n\n',
        'data: [DONE]\n\n',
      ],
    })
    const error = await client()
      .generate(hello)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).code).toBe('model_invalid_response')
    expect((error as ModelCallError).message).toMatch(/^openai:gpt-4\.1: the server sent data that is not valid \(JSON parsing failed/)
    expect(server.requests).toHaveLength(1)
  })

  it('times out a server that never answers', async () => {
    server.enqueue({ hang: true })
    const started = Date.now()
    const error = await client({ timeoutMs: 150 })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_timeout')
    expect((error as ModelCallError).message).toMatch(/no complete answer within 0\.15 s/)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(server.requests).toHaveLength(1)
  })

  it('times out a stream that stalls after it started', async () => {
    server.enqueue({ ...chatCompletionStream({ text: ['a', 'b', 'c'] }), frameDelayMs: 400 })
    const deltas: string[] = []
    const error = await client({ timeoutMs: 600 })
      .generate(hello, { onDelta: (d) => deltas.push(d) })
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_timeout')
    expect(deltas.length).toBeLessThan(3)
  })

  it('stops when the caller cancels', async () => {
    server.enqueue({ hang: true })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    await expect(client().generate(hello, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError)
  })

  it('reports an unreachable server as a network error after retrying', async () => {
    const url = server.url
    await server.close()
    const error = await createModelClient({
      ref: 'openai:gpt-4.1',
      openaiApi: 'chat',
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${url}/v1` },
      retry: { ...fastRetry, maxAttempts: 2 },
    })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_network')
    expect((error as ModelCallError).message).toMatch(/could not reach .*Is the server running.*\(gave up after 2 attempts\)/)
  })

  it('needs a key before any request is made', () => {
    expect(() => createModelClient({ ref: 'openai:gpt-4.1', env: {} })).toThrow(/openai:gpt-4\.1 needs an API key: set OPENAI_API_KEY/)
  })
})
