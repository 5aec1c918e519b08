import { describe, expect, it } from 'vitest'
import { parseRate, TokenBuckets } from './rate-limit.js'

describe('parseRate', () => {
  it('reads count/unit in the usual spellings', () => {
    expect(parseRate('60/minute')).toEqual({ limit: 60, windowSeconds: 60, text: '60/minute' })
    expect(parseRate('10/s').windowSeconds).toBe(1)
    expect(parseRate('2/hours').windowSeconds).toBe(3600)
    expect(parseRate(' 5000 / day ').limit).toBe(5000)
    expect(parseRate('30/min').windowSeconds).toBe(60)
  })

  it('refuses anything else, naming the field and the format', () => {
    expect(() => parseRate('0/minute')).toThrow(/e\.g\. "60\/minute"/)
    expect(() => parseRate('60 per minute', 'rate-limit')).toThrow(expect.objectContaining({ field: 'rate-limit' }))
    expect(() => parseRate('5/fortnight')).toThrow(/Invalid rate limit/)
  })
})

describe('TokenBuckets', () => {
  it('allows a burst up to the limit, then refills evenly over the window', () => {
    const buckets = new TokenBuckets()
    const rate = parseRate('3/minute')
    const t0 = 1_000_000
    expect(buckets.take('k', rate, t0)).toMatchObject({ allowed: true, remaining: 2, limit: 3, resetSeconds: 20, policy: '3;w=60' })
    expect(buckets.take('k', rate, t0)).toMatchObject({ allowed: true, remaining: 1 })
    expect(buckets.take('k', rate, t0)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 60 })
    expect(buckets.take('k', rate, t0)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 20 })
    expect(buckets.take('k', rate, t0 + 5_000)).toMatchObject({ allowed: false, retryAfterSeconds: 15 })
    expect(buckets.take('k', rate, t0 + 20_000)).toMatchObject({ allowed: true, remaining: 0 })
    // Keys do not share a bucket.
    expect(buckets.take('other', rate, t0 + 20_000)).toMatchObject({ allowed: true, remaining: 2 })
    // A full bucket does not overfill.
    expect(buckets.take('k', rate, t0 + 3_600_000)).toMatchObject({ allowed: true, remaining: 2 })
  })
})
