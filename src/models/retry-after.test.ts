import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './retry-after.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z')

  it('reads seconds', () => expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000))
  it('reads fractional seconds, rounding up', () => expect(parseRetryAfter({ 'Retry-After': '0.25' }, now)).toBe(250))
  it('reads an HTTP-date', () => expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 12:00:07 GMT' }, now)).toBe(7000))
  it('treats a date in the past as no wait', () => expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now)).toBe(0))
  it('prefers retry-after-ms (OpenAI)', () => expect(parseRetryAfter({ 'retry-after-ms': '120', 'retry-after': '9' }, now)).toBe(120))
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined()
    expect(parseRetryAfter({}, now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
