import { describe, expect, it } from 'vitest'
import { normalizeRequest, requestKey, stableStringify } from './request-key.js'

describe('request keys', () => {
  it('ignores key order and undefined members', () => {
    const a = requestKey('openai:gpt-4.1', { messages: [{ role: 'user', content: 'hi' }], temperature: 0, system: undefined })
    const b = requestKey('openai:gpt-4.1', { temperature: 0, messages: [{ content: 'hi', role: 'user' }] })
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs on content, model and settings', () => {
    const base = { messages: [{ role: 'user' as const, content: 'hi' }] }
    const key = requestKey('openai:gpt-4.1', base)
    expect(requestKey('openai:gpt-4.1', { messages: [{ role: 'user', content: 'hi!' }] })).not.toBe(key)
    expect(requestKey('openai:gpt-4o', base)).not.toBe(key)
    expect(requestKey('openai:gpt-4.1', { ...base, temperature: 0.1 })).not.toBe(key)
  })

  it('sorts nested keys and keeps array order', () => {
    expect(stableStringify({ b: [3, { z: 1, a: 2 }], a: 1 })).toBe('{"a":1,"b":[3,{"a":2,"z":1}]}')
    expect(normalizeRequest({ messages: [], tools: undefined })).toEqual({ messages: [] })
  })
})
