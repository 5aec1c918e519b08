import { describe, expect, it } from 'vitest'
import { ModelError } from '../core/errors.js'
import { createScriptedModel } from './scripted-model.js'

describe('scripted model', () => {
  it('answers in order, records requests and streams text', async () => {
    const model = createScriptedModel([
      { text: 'Hello there world' },
      { toolCalls: [{ id: 't1', name: 'read_file', arguments: { path: 'a' } }] },
    ])
    const deltas: string[] = []
    const first = await model.generate({ messages: [{ role: 'user', content: 'hi' }] }, { onDelta: (d) => deltas.push(d) })
    expect(first).toMatchObject({ text: 'Hello there world', finishReason: 'stop', cached: false, model: 'mock:scripted' })
    expect(deltas).toEqual(['Hello ', 'there ', 'world'])
    const second = await model.generate({ messages: [{ role: 'user', content: 'next' }] })
    expect(second.finishReason).toBe('tool-calls')
    expect(model.requests.map((r) => r.messages[0]?.content)).toEqual(['hi', 'next'])
    expect(model.remaining).toBe(0)
    await expect(model.generate({ messages: [] })).rejects.toThrow(/the script has 2 replies; call 3 has none/)
  })

  it('throws scripted errors and computes replies from the request', async () => {
    const model = createScriptedModel([new ModelError('boom'), (request) => ({ text: `echo ${request.messages.length}` })])
    await expect(model.generate({ messages: [] })).rejects.toThrow('boom')
    expect((await model.generate({ messages: [{ role: 'user', content: 'a' }] })).text).toBe('echo 1')
  })
})
