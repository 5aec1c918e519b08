import { describe, expect, it } from 'vitest'
import type { ModelRequest, ToolSpec } from '../model.js'
import { ModelCallError } from '../model-call-error.js'
import { createScriptedModel } from '../scripted-model.js'
import { withToolShim } from './tool-shim.js'

const writeFile: ToolSpec = {
  name: 'write_file',
  description: 'Write a file',
  parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
}
const request: ModelRequest = {
  system: 'You write code.',
  messages: [{ role: 'user', content: 'Create hello.py' }],
  tools: [writeFile],
  temperature: 0,
}

describe('withToolShim', () => {
  it('puts the tools in the prompt and returns the JSON reply as a tool call', async () => {
    const inner = createScriptedModel([
      {
        text: '{"tool":"write_file","arguments":{"path":"hello.py","content":"print(1)"}}',
        usage: { inputTokens: 10, outputTokens: 4 },
        costUsd: 0.5,
      },
    ])
    const response = await withToolShim(inner, { jsonMode: true }).generate(request)
    expect(response).toMatchObject({
      text: '',
      toolCalls: [{ name: 'write_file', arguments: { path: 'hello.py', content: 'print(1)' } }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 10, outputTokens: 4 },
      costUsd: 0.5,
    })
    const sent = inner.requests[0]
    expect(sent?.tools).toBeUndefined()
    expect(sent?.responseFormat).toBe('json')
    expect(sent?.temperature).toBe(0)
    expect(sent?.system).toMatch(/^You write code\.\n\nYou can use these tools:\n- write_file: Write a file/)
  })

  it('does not ask for JSON mode when the model has none', async () => {
    const inner = createScriptedModel([{ text: '{"final":"ok"}' }])
    await withToolShim(inner, { jsonMode: false }).generate(request)
    expect(inner.requests[0]?.responseFormat).toBeUndefined()
  })

  it('streams only the final answer, not the raw JSON', async () => {
    const inner = createScriptedModel([{ text: '{"final":"Here it is."}' }])
    const deltas: string[] = []
    const response = await withToolShim(inner, { jsonMode: true }).generate(request, { onDelta: (d) => deltas.push(d) })
    expect(response.text).toBe('Here it is.')
    expect(response.toolCalls).toEqual([])
    expect(deltas.join('')).toBe('Here it is.')
  })

  it('repairs one invalid reply, adding up usage and cost', async () => {
    const inner = createScriptedModel([
      {
        text: 'Sure, I will write {"tool": "write_file", "arguments": {"path": "hello.py"',
        usage: { inputTokens: 10, outputTokens: 5 },
        costUsd: 0.1,
      },
      {
        text: '{"tool":"write_file","arguments":{"path":"hello.py","content":"print(1)"}}',
        usage: { inputTokens: 30, outputTokens: 6 },
        costUsd: 0.2,
      },
    ])
    const response = await withToolShim(inner, { jsonMode: true }).generate(request)
    expect(response.toolCalls[0]?.arguments).toEqual({ path: 'hello.py', content: 'print(1)' })
    expect(response.usage).toEqual({ inputTokens: 40, outputTokens: 11 })
    expect(response.costUsd).toBeCloseTo(0.3)
    const repair = inner.requests[1]?.messages ?? []
    expect(repair.at(-2)).toEqual({
      role: 'assistant',
      content: 'Sure, I will write {"tool": "write_file", "arguments": {"path": "hello.py"',
    })
    expect(repair.at(-1)?.content).toMatch(/^Your reply could not be used: it is not valid JSON .*Reply again with only \{"tool"/)
  })

  it('fails with a ModelError after a second invalid reply', async () => {
    const inner = createScriptedModel([{ text: '{"tool":"write_file","arguments":{}}' }, { text: 'I cannot do JSON.' }])
    const error = await withToolShim(inner, { jsonMode: true })
      .generate(request)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelCallError)
    expect((error as ModelCallError).code).toBe('model_invalid_tool_call')
    expect((error as ModelCallError).message).toMatch(/twice in a row: it is not valid JSON/)
    expect(inner.requests[1]?.messages.at(-1)?.content).toMatch(/do not match its schema/)
  })

  it('passes requests without tools through untouched', async () => {
    const inner = createScriptedModel([{ text: 'plain' }])
    const plain: ModelRequest = { messages: [{ role: 'user', content: 'hi' }] }
    expect((await withToolShim(inner, { jsonMode: true }).generate(plain)).text).toBe('plain')
    expect(inner.requests[0]).toEqual(plain)
  })

  it('sends earlier tool calls and results as plain turns', async () => {
    const inner = createScriptedModel([{ text: '{"final":"done"}' }])
    await withToolShim(inner, { jsonMode: true }).generate({
      ...request,
      messages: [
        ...request.messages,
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'write_file', arguments: { path: 'hello.py', content: 'x' } }],
        },
        { role: 'tool', toolCallId: 'call_1', toolName: 'write_file', content: 'written' },
      ],
    })
    expect(inner.requests[0]?.messages).toEqual([
      { role: 'user', content: 'Create hello.py' },
      { role: 'assistant', content: '{"tool":"write_file","arguments":{"path":"hello.py","content":"x"}}' },
      { role: 'user', content: 'Result of tool "write_file":\nwritten' },
    ])
  })
})
