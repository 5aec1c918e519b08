/** Anthropic Messages over loopback: message_start … message_stop SSE, tool_use with input_json_delta, exact requests. */
import { describe, expect, it } from 'vitest'
import { ModelCallError, type CreateModelClientOptions } from '../../src/models/index.js'
import { fastRetry, hello, readFileTool, testClient, toolRoundTrip, useLoopbackServer } from './helpers.js'
import { anthropicError, messagesStream } from './servers/anthropic-messages.js'
import { eventFrame } from './servers/loopback-server.js'

const KEY = 'sk-ant-api03-test-0123456789abcdefABCDEF'
const server = useLoopbackServer()

// ANTHROPIC_BASE_URL without /v1, as Anthropic's own SDKs take it.
const client = (options: Partial<CreateModelClientOptions> = {}) =>
  testClient('anthropic:claude-sonnet-4-5', { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url }, options)

describe('Anthropic Messages', () => {
  it('streams text_delta and sends exactly the expected request', async () => {
    server.enqueue(messagesStream({ text: ['Hello', ' from', ' Claude'], usage: { input: 25, output: 9 } }))
    const deltas: string[] = []
    const response = await client().generate(
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello.' }], temperature: 0.3, maxTokens: 200 },
      {
        onDelta: (d) => deltas.push(d),
      },
    )
    expect(deltas).toEqual(['Hello', ' from', ' Claude'])
    expect(response).toEqual({
      text: 'Hello from Claude',
      toolCalls: [],
      usage: { inputTokens: 25, outputTokens: 9 },
      finishReason: 'stop',
      costUsd: (25 * 3 + 9 * 15) / 1e6,
      cached: false,
      model: 'claude-sonnet-4-5-20250929',
    })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v1/messages')
    expect(request?.headers['x-api-key']).toBe(KEY)
    expect(request?.headers['anthropic-version']).toBe('2023-06-01')
    expect(request?.headers.authorization).toBeUndefined()
    expect(request?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      temperature: 0.3,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
      stream: true,
    })
  })

  it('sends tool_use/tool_result history and tools, and returns streamed tool_use blocks', async () => {
    server.enqueue(
      messagesStream({
        text: ['Let me look.'],
        toolUses: [{ id: 'toolu_01A', name: 'read_file', jsonPieces: ['{"path": "sr', 'c/b.ts"}'] }],
      }),
    )
    const response = await client().generate(toolRoundTrip)
    expect(response).toMatchObject({
      text: 'Let me look.',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'toolu_01A', name: 'read_file', arguments: { path: 'src/b.ts' } }],
    })
    expect(server.requests[0]?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      temperature: 0.2,
      system: [{ type: 'text', text: 'You are a coding agent.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What does src/a.ts export?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'read_file', input: { path: 'src/a.ts' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'export const a = 1' }] },
      ],
      tools: [
        { name: 'read_file', description: readFileTool.description, input_schema: readFileTool.parameters, eager_input_streaming: true },
      ],
      tool_choice: { type: 'auto' },
      stream: true,
    })
  })

  it('asks for JSON in the system prompt (Anthropic has no JSON mode)', async () => {
    server.enqueue(messagesStream({ text: ['{"ok":true}'] }))
    await client().generate({ system: 'Classify.', messages: [{ role: 'user', content: 'x' }], responseFormat: 'json' })
    expect((server.requests[0]?.body as { system: unknown }).system).toEqual([
      { type: 'text', text: 'Classify.\n\nAnswer with one JSON object and nothing else: no prose, no code fences.' },
    ])
  })

  it('retries 429 rate_limit_error (Retry-After) and 529 overloaded_error, then succeeds', async () => {
    server.enqueue(
      anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': '0' }),
      anthropicError(529, 'overloaded_error', 'Overloaded'),
      messagesStream({ text: ['ok'] }),
    )
    const codes: string[] = []
    const response = await client().generate(hello, { onRetry: (e) => codes.push(`${(e.error as ModelCallError).code}:${e.delayMs}`) })
    expect(response.text).toBe('ok')
    expect(codes).toEqual(['model_rate_limited:0', 'model_server_error:1'])
  })

  it('retries a stream dropped mid tool_use', async () => {
    const full = messagesStream({ toolUses: [{ id: 'toolu_01B', name: 'read_file', jsonPieces: ['{"path"', ': "a"}'] }] })
    server.enqueue({ ...full, dropAfterFrames: 4 }, full)
    const response = await client().generate({ ...hello, tools: [readFileTool] })
    expect(response.toolCalls).toEqual([{ id: 'toolu_01B', name: 'read_file', arguments: { path: 'a' } }])
    expect(server.requests).toHaveLength(2)
  })

  it('reports a stream that ends cleanly before message_delta', async () => {
    const full = messagesStream({ text: ['Hel', 'lo'] })
    const cut = { ...full, sse: full.sse?.slice(0, 4) }
    server.enqueue(cut, cut)
    const error = await client({ retry: { ...fastRetry, maxAttempts: 2 } })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_stream_truncated')
  })

  it('reports an error event inside the stream', async () => {
    const start = messagesStream({ text: ['x'] }).sse?.[0] ?? ''
    server.enqueue({
      sse: [start, eventFrame('error', { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long' } })],
    })
    const error = await client()
      .generate(hello)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).message).toBe(
      'anthropic:claude-sonnet-4-5: the server reported an error mid-stream (invalid_request_error): prompt is too long',
    )
    expect(server.requests).toHaveLength(1)
  })

  it('retries an overloaded_error event inside the stream', async () => {
    const start = messagesStream({ text: ['x'] }).sse?.[0] ?? ''
    server.enqueue(
      { sse: [start, eventFrame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })] },
      messagesStream({ text: ['ok'] }),
    )
    expect((await client().generate(hello)).text).toBe('ok')
    expect(server.requests).toHaveLength(2)
  })

  it('reports malformed JSON in an event', async () => {
    const start = messagesStream({ text: ['x'] }).sse?.[0] ?? ''
    server.enqueue({
      sse: [start, 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"b\n\n'],
    })
    const error = await client()
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_invalid_response')
    expect(server.requests).toHaveLength(1)
  })

  it('refuses a bad key without retrying, naming ANTHROPIC_API_KEY', async () => {
    server.enqueue(anthropicError(401, 'authentication_error', 'invalid x-api-key'))
    await expect(client().generate(hello)).rejects.toThrow(/refused \(401\): invalid x-api-key; check ANTHROPIC_API_KEY/)
    expect(server.requests).toHaveLength(1)
  })

  it('times out', async () => {
    server.enqueue({ hang: true })
    await expect(client({ timeoutMs: 100 }).generate(hello)).rejects.toMatchObject({ code: 'model_timeout', exitCode: 3 })
  })
})
