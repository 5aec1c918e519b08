/** OpenAI Responses API over loopback: named SSE events, function_call items, and the exact requests. */
import { describe, expect, it } from 'vitest'
import { ModelCallError, type CreateModelClientOptions } from '../../src/models/index.js'
import { fastRetry, hello, readFileTool, testClient, toolRoundTrip, useLoopbackServer } from './helpers.js'
import { eventFrame } from './servers/loopback-server.js'
import { openaiError } from './servers/openai-chat.js'
import { responsesStream } from './servers/openai-responses.js'

const KEY = 'sk-test-responses-0123456789abcdefABCD'
const server = useLoopbackServer()

const client = (options: Partial<CreateModelClientOptions> = {}) =>
  testClient('openai:gpt-4.1', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` }, options)

describe('OpenAI Responses API', () => {
  it('is the default OpenAI API: streams output_text deltas and sends exactly the expected request', async () => {
    server.enqueue(responsesStream({ text: ['Hi ', 'there'], usage: { input: 20, output: 7 } }))
    const deltas: string[] = []
    const response = await client().generate(
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello.' }], temperature: 0.5, maxTokens: 100 },
      {
        onDelta: (d) => deltas.push(d),
      },
    )
    expect(deltas).toEqual(['Hi ', 'there'])
    expect(response).toEqual({
      text: 'Hi there',
      toolCalls: [],
      usage: { inputTokens: 20, outputTokens: 7 },
      finishReason: 'stop',
      costUsd: (20 * 2 + 7 * 8) / 1e6,
      cached: false,
      model: 'gpt-4.1-2025-04-14',
    })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v1/responses')
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(request?.body).toEqual({
      model: 'gpt-4.1',
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Say hello.' }] },
      ],
      temperature: 0.5,
      max_output_tokens: 100,
      stream: true,
    })
  })

  it('sends function_call history and tools, and returns function_call items as tool calls', async () => {
    server.enqueue(
      responsesStream({ functionCalls: [{ callId: 'call_7', name: 'read_file', argumentPieces: ['{"path":', '"src/b.ts"}'] }] }),
    )
    const response = await client().generate(toolRoundTrip)
    expect(response.finishReason).toBe('tool-calls')
    expect(response.toolCalls).toEqual([{ id: 'call_7', name: 'read_file', arguments: { path: 'src/b.ts' } }])
    expect(server.requests[0]?.body).toEqual({
      model: 'gpt-4.1',
      input: [
        { role: 'system', content: 'You are a coding agent.' },
        { role: 'user', content: [{ type: 'input_text', text: 'What does src/a.ts export?' }] },
        { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'export const a = 1' },
      ],
      temperature: 0.2,
      max_output_tokens: 256,
      tools: [{ type: 'function', name: 'read_file', description: readFileTool.description, parameters: readFileTool.parameters }],
      tool_choice: 'auto',
      stream: true,
    })
  })

  it('asks for JSON mode with text.format', async () => {
    server.enqueue(responsesStream({ text: ['{"a":1}'] }))
    await client().generate({ messages: [{ role: 'user', content: 'JSON please' }], responseFormat: 'json' })
    expect((server.requests[0]?.body as { text?: unknown }).text).toEqual({ format: { type: 'json_object' } })
  })

  it('retries a 500 and a 429 (Retry-After as an HTTP-date), then succeeds', async () => {
    const soon = new Date(Date.now() + 1500).toUTCString()
    server.enqueue(
      openaiError(500, 'server_error'),
      openaiError(429, 'Rate limit', { 'retry-after': soon }),
      responsesStream({ text: ['ok'] }),
    )
    const delays: number[] = []
    const response = await client().generate(hello, { onRetry: (e) => delays.push(e.delayMs) })
    expect(response.text).toBe('ok')
    expect(server.requests).toHaveLength(3)
    expect(delays[0]).toBe(1)
    // An HTTP-date has whole seconds: the wait is what is left until it, at most 1.5 s.
    expect(delays[1]).toBeGreaterThan(0)
    expect(delays[1]).toBeLessThanOrEqual(1500)
  })

  it('retries a stream cut before response.completed', async () => {
    const full = responsesStream({ text: ['Hi ', 'there'] })
    server.enqueue({ ...full, dropAfterFrames: 5 }, responsesStream({ text: ['Hi'] }))
    expect((await client().generate(hello)).text).toBe('Hi')
    expect(server.requests).toHaveLength(2)
  })

  it('reports a stream that ends cleanly without response.completed', async () => {
    const full = responsesStream({ text: ['Hi ', 'there'] })
    const cut = { ...full, sse: full.sse?.slice(0, -1) }
    server.enqueue(cut, cut)
    const error = await client({ retry: { ...fastRetry, maxAttempts: 2 } })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_stream_truncated')
  })

  it('reports malformed JSON in an event', async () => {
    server.enqueue({
      sse: [
        eventFrame('response.created', { type: 'response.created' }).replace('}', ''),
        'event: response.output_text.delta\ndata: {"type":\n\n',
      ],
    })
    const error = await client()
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_invalid_response')
    expect(server.requests).toHaveLength(1)
  })

  it('times out', async () => {
    server.enqueue({ hang: true })
    await expect(client({ timeoutMs: 100 }).generate(hello)).rejects.toMatchObject({ code: 'model_timeout' })
  })
})
