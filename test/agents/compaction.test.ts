import { describe, expect, it } from 'vitest'
import { compactMessages, estimateTokens } from '../../src/agents/index.js'
import type { ModelMessage } from '../../src/models/index.js'

const call = (id: string, path: string): ModelMessage => ({
  role: 'assistant',
  content: '',
  toolCalls: [{ id, name: 'file_system', arguments: { operation: 'read', path } }],
})
const result = (id: string, content: string): ModelMessage => ({ role: 'tool', toolCallId: id, toolName: 'file_system', content })

describe('compactMessages', () => {
  const base = { system: 'System prompt.', pinned: 'Task: build it.\nRequirements:\n- fast', tools: [] }

  it('sends everything when it fits', () => {
    const history = [call('1', 'a.py'), result('1', 'x = 1')]
    const out = compactMessages({ ...base, history, budgetTokens: 10_000 })
    expect(out.dropped).toBe(0)
    expect(out.messages).toEqual([{ role: 'user', content: base.pinned }, ...history])
    expect(out.tokens).toBe(estimateTokens(base.system) + estimateTokens(base.tools) + estimateTokens(out.messages))
  })

  it('drops the oldest turns whole, notes what they did, and keeps the pinned task first', () => {
    const history: ModelMessage[] = [
      call('1', 'a.py'),
      result('1', 'A'.repeat(2000)),
      { role: 'assistant', content: `Done. ${'D'.repeat(1500)}` },
      { role: 'user', content: 'Verification failed: tests.\nmore' },
      call('2', 'b.py'),
      result('2', 'B'.repeat(400)),
    ]
    const out = compactMessages({ ...base, history, budgetTokens: 600 })
    expect(out.dropped).toBe(3)
    expect(out.messages[0]!.role).toBe('user')
    const pinned = out.messages[0]!.content
    expect(pinned.startsWith(base.pinned)).toBe(true)
    expect(pinned).toContain('[Context note: 3 earlier messages were removed')
    expect(pinned).toContain('- file_system read a.py → AAAA')
    expect(pinned).toContain('- you said: Done.')
    // The feedback turn that followed the dropped ones is folded into the first message, so roles still alternate.
    expect(pinned).toContain('Verification failed: tests.\nmore')
    expect(out.messages.slice(1)).toEqual([call('2', 'b.py'), result('2', 'B'.repeat(400))])
    expect(out.tokens).toBeLessThanOrEqual(600)
  })

  it('clips the latest tool result when even it does not fit', () => {
    const history = [call('1', 'huge.txt'), result('1', 'H'.repeat(40_000))]
    const out = compactMessages({ ...base, history, budgetTokens: 1500 })
    expect(out.messages[1]).toEqual(call('1', 'huge.txt'))
    const clipped = out.messages[2]!
    expect(clipped.role).toBe('tool')
    expect(clipped.content.length).toBeLessThan(6000)
    expect(clipped.content).toMatch(/\[\.\.\. \d+ characters cut \.\.\.\]/)
  })
})
