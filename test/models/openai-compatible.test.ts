/**
 * OpenAI-compatible local servers over loopback: Ollama (its `/v1`, found through OLLAMA_HOST),
 * llama.cpp server / vLLM / LM Studio (`openai-compatible:URL#model`), the JSON tool-call shim on
 * the wire for models without native tools, and the capability probes.
 */
import { describe, expect, it } from 'vitest'
import { createModelClient, ModelCallError, parseModelRef, probeCapabilities } from '../../src/models/index.js'
import { fastRetry, hello, readFileTool, toolRoundTrip, useLoopbackServer } from './helpers.js'
import { startLoopbackServer } from './servers/loopback-server.js'
import { chatCompletionStream, openaiError } from './servers/openai-chat.js'

const server = useLoopbackServer()

const ollamaEnv = () => ({ OLLAMA_HOST: server.url.replace('http://', '') })

describe('Ollama', () => {
  it('talks to OLLAMA_HOST/v1 with no key, streaming text and usage', async () => {
    server.enqueue(
      chatCompletionStream({
        flavour: 'ollama',
        model: 'qwen2.5-coder:7b',
        text: ['def ', 'add(a, b):'],
        usage: { prompt: 30, completion: 6 },
      }),
    )
    const deltas: string[] = []
    const response = await createModelClient({ ref: 'ollama:qwen2.5-coder:7b', env: ollamaEnv(), retry: fastRetry }).generate(
      { messages: [{ role: 'user', content: 'Write add in Python.' }], temperature: 0, maxTokens: 64 },
      { onDelta: (d) => deltas.push(d) },
    )
    expect(deltas).toEqual(['def ', 'add(a, b):'])
    expect(response).toEqual({
      text: 'def add(a, b):',
      toolCalls: [],
      usage: { inputTokens: 30, outputTokens: 6 },
      finishReason: 'stop',
      costUsd: 0,
      cached: false,
      model: 'qwen2.5-coder:7b',
    })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/v1/chat/completions')
    expect(request?.headers.authorization).toBeUndefined()
    expect(request?.body).toEqual({
      model: 'qwen2.5-coder:7b',
      messages: [{ role: 'user', content: 'Write add in Python.' }],
      temperature: 0,
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    })
  })

  it('uses native tool calls for a tool-capable model', async () => {
    server.enqueue(
      chatCompletionStream({
        flavour: 'ollama',
        toolCalls: [{ id: 'call_x1', name: 'read_file', argumentPieces: ['{"path":"src/b.ts"}'] }],
      }),
    )
    const response = await createModelClient({ ref: 'ollama:qwen2.5-coder:7b', env: ollamaEnv(), retry: fastRetry }).generate(toolRoundTrip)
    expect(response.toolCalls).toEqual([{ id: 'call_x1', name: 'read_file', arguments: { path: 'src/b.ts' } }])
    const body = server.requests[0]?.body as { tools: unknown; messages: unknown[] }
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'read_file', description: readFileTool.description, parameters: readFileTool.parameters } },
    ])
    expect(body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'export const a = 1' })
  })

  it('falls back to the JSON tool-call shim for a model without tools, repairing one bad reply', async () => {
    server.enqueue(
      chatCompletionStream({
        flavour: 'ollama',
        model: 'codellama:7b',
        text: ['I will read it: {"tool": "read_file", "arguments": {"file": "src/b.ts"}}'],
      }),
      chatCompletionStream({
        flavour: 'ollama',
        model: 'codellama:7b',
        text: ['{"tool": "read_file", ', '"arguments": {"path": "src/b.ts"}}'],
      }),
    )
    const client = createModelClient({ ref: 'ollama:codellama:7b', env: ollamaEnv(), retry: fastRetry })
    const response = await client.generate(toolRoundTrip)
    expect(response.finishReason).toBe('tool-calls')
    expect(response.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_[0-9a-f]{16}$/), name: 'read_file', arguments: { path: 'src/b.ts' } },
    ])
    expect(response.usage).toEqual({ inputTokens: 24, outputTokens: 10 })

    const first = server.requests[0]?.body as Record<string, unknown>
    expect(first.tools).toBeUndefined()
    expect(first.response_format).toEqual({ type: 'json_object' })
    const messages = first.messages as Array<{ role: string; content: string }>
    expect(messages[0]?.role).toBe('system')
    expect(messages[0]?.content).toMatch(
      /^You are a coding agent\.\n\nYou can use these tools:\n- read_file: Read a file in the workspace\./,
    )
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'What does src/a.ts export?' },
      { role: 'assistant', content: '{"tool":"read_file","arguments":{"path":"src/a.ts"}}' },
      { role: 'user', content: 'Result of tool "read_file":\nexport const a = 1' },
    ])
    const repair = (server.requests[1]?.body as { messages: Array<{ role: string; content: string }> }).messages
    expect(repair.at(-1)?.content).toMatch(/^Your reply could not be used: the arguments for "read_file" do not match its schema/)
  })

  it('retries a 500 from the local server', async () => {
    server.enqueue(openaiError(500, 'llama runner process has terminated'), chatCompletionStream({ flavour: 'ollama', text: ['ok'] }))
    expect((await createModelClient({ ref: 'ollama:qwen2.5-coder:7b', env: ollamaEnv(), retry: fastRetry }).generate(hello)).text).toBe(
      'ok',
    )
    expect(server.requests).toHaveLength(2)
  })

  it('says when the model is not pulled', async () => {
    server.enqueue(openaiError(404, 'model "qwen9:1b" not found, try pulling it first'))
    const error = await createModelClient({ ref: 'ollama:qwen9:1b', env: ollamaEnv(), retry: fastRetry })
      .generate(hello)
      .catch((e: unknown) => e)
    expect((error as ModelCallError).code).toBe('model_not_found')
    expect((error as ModelCallError).message).toMatch(/not found, try pulling it first; check the model name and base URL/)
  })

  it('probes tools and context size with /api/show', async () => {
    server.route('POST', '/api/show', (request) => ({
      body: {
        capabilities: (request.body as { model: string }).model === 'codellama:7b' ? ['completion'] : ['completion', 'tools'],
        parameters: 'num_ctx                        16384\nstop                           "<|im_end|>"',
        model_info: { 'qwen2.context_length': 32768 },
      },
    }))
    const probed = await probeCapabilities(parseModelRef('ollama:codellama:7b'), { baseUrl: server.url })
    expect(probed).toEqual({ tools: false, jsonMode: true, contextWindow: 16384, probed: true })
    const other = await probeCapabilities(parseModelRef('ollama:mystery:1b'), { baseUrl: `${server.url}/v1` })
    expect(other.tools).toBe(true)
  })

  it('keeps the defaults when the probe gets no answer', async () => {
    const url = server.url
    await server.close()
    expect(await probeCapabilities(parseModelRef('ollama:qwen2.5-coder:7b'), { baseUrl: url, timeoutMs: 500 })).toEqual({
      tools: true,
      jsonMode: true,
      contextWindow: 4096,
      probed: false,
    })
  })
})

describe('openai-compatible (llama.cpp server, vLLM, LM Studio)', () => {
  it('uses the URL and model from the reference, and a key when one is given', async () => {
    server.enqueue(chatCompletionStream({ model: 'qwen2.5-coder-7b-instruct', text: ['ok'], flavour: 'ollama' }))
    const ref = `openai-compatible:${server.url}/v1#qwen2.5-coder-7b-instruct`
    const response = await createModelClient({ ref, env: { OPENAI_COMPATIBLE_API_KEY: 'vllm-key-123456' }, retry: fastRetry }).generate(
      hello,
    )
    expect(response.text).toBe('ok')
    const [request] = server.requests
    expect(request?.path).toBe('/v1/chat/completions')
    expect(request?.headers.authorization).toBe('Bearer vllm-key-123456')
    expect((request?.body as { model: string }).model).toBe('qwen2.5-coder-7b-instruct')
  })

  it('uses the shim by default and its JSON mode', async () => {
    server.enqueue(chatCompletionStream({ text: ['{"final": "It exports a = 1."}'] }))
    const response = await createModelClient({ ref: `openai-compatible:${server.url}/v1#local`, env: {}, retry: fastRetry }).generate(
      toolRoundTrip,
    )
    expect(response).toMatchObject({ text: 'It exports a = 1.', toolCalls: [], finishReason: 'stop' })
    expect((server.requests[0]?.body as { response_format: unknown }).response_format).toEqual({ type: 'json_object' })
  })

  it('probes the context size from llama.cpp /props, else vLLM /v1/models', async () => {
    server.route('GET', '/props', { body: { default_generation_settings: { n_ctx: 32768 }, total_slots: 1 } })
    expect(await probeCapabilities(parseModelRef(`openai-compatible:${server.url}/v1#m`), { baseUrl: `${server.url}/v1` })).toMatchObject({
      contextWindow: 32768,
      probed: true,
    })
    const vllm = await startLoopbackServer()
    vllm.route('GET', '/props', { status: 404, body: { detail: 'Not Found' } })
    vllm.route('GET', '/v1/models', { body: { object: 'list', data: [{ id: 'm', object: 'model', max_model_len: 65536 }] } })
    expect(await probeCapabilities(parseModelRef(`openai-compatible:${vllm.url}/v1#m`), { baseUrl: `${vllm.url}/v1` })).toMatchObject({
      contextWindow: 65536,
      probed: true,
    })
    await vllm.close()
  })
})
