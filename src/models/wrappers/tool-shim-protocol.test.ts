import { describe, expect, it } from 'vitest'
import type { ToolSpec } from '../model.js'
import { extractJsonObject, parseShimReply, toolInstructions, toPlainMessages } from './tool-shim-protocol.js'

const readFile: ToolSpec = {
  name: 'read_file',
  description: 'Read a file in the workspace',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } },
    required: ['path'],
    additionalProperties: false,
  },
}

describe('JSON tool-call protocol', () => {
  it('lists each tool with its schema and the reply format', () => {
    const text = toolInstructions([readFile])
    expect(text).toContain('- read_file: Read a file in the workspace')
    expect(text).toContain(JSON.stringify(readFile.parameters))
    expect(text).toContain('{"tool": "<tool name>", "arguments": {...}}')
    expect(text).toContain('{"final": "<your answer>"}')
  })

  it('extracts a JSON object from fences and surrounding prose', () => {
    expect(extractJsonObject('Sure!\n```json\n{"final": "done"}\n```')).toEqual({ final: 'done' })
    expect(extractJsonObject('I will call {"tool":"x","arguments":{}} now')).toEqual({ tool: 'x', arguments: {} })
    expect(() => extractJsonObject('no json here')).toThrow(/no JSON object/)
  })

  it('parses a tool call, validated against the schema, with a deterministic id', () => {
    const reply = parseShimReply('{"tool":"read_file","arguments":{"path":"src/a.ts"}}', [readFile], 3)
    expect(reply).toEqual({
      kind: 'tool',
      call: { id: expect.stringMatching(/^call_[0-9a-f]{16}$/), name: 'read_file', arguments: { path: 'src/a.ts' } },
    })
    const again = parseShimReply('{"arguments":{"path":"src/a.ts"},"tool":"read_file"}', [readFile], 3)
    expect(again.kind === 'tool' && reply.kind === 'tool' && again.call.id === reply.call.id).toBe(true)
    const otherTurn = parseShimReply('{"tool":"read_file","arguments":{"path":"src/a.ts"}}', [readFile], 4)
    expect(otherTurn.kind === 'tool' && reply.kind === 'tool' && otherTurn.call.id !== reply.call.id).toBe(true)
  })

  it('parses a final answer', () => {
    expect(parseShimReply('{"final":"All done."}', [readFile], 1)).toEqual({ kind: 'final', text: 'All done.' })
  })

  it.each([
    ['{"tool":"read_file","arguments":{"path":', /not valid JSON/],
    ['{"answer":"x"}', /it must be \{"tool"/],
    ['{"tool":"delete_everything","arguments":{}}', /there is no tool "delete_everything"; the tools are read_file/],
    ['{"tool":"read_file","arguments":{"limit":0}}', /do not match its schema \(.*path.*\)/],
    ['{"tool":"read_file","arguments":{"path":"a","extra":1}}', /do not match its schema/],
  ])('rejects %s saying what is wrong', (text, message) => {
    expect(() => parseShimReply(text, [readFile], 1)).toThrow(message)
  })

  it('rewrites tool calls and results into plain, alternating turns', () => {
    const plain = toPlainMessages([
      { role: 'user', content: 'Read a.ts' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a.ts' } }] },
      { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: 'export const a = 1' },
      { role: 'user', content: 'Now explain it.' },
    ])
    expect(plain).toEqual([
      { role: 'user', content: 'Read a.ts' },
      { role: 'assistant', content: '{"tool":"read_file","arguments":{"path":"a.ts"}}' },
      { role: 'user', content: 'Result of tool "read_file":\nexport const a = 1\n\nNow explain it.' },
    ])
  })
})
