/**
 * Per-key rate limits: a token bucket per key, in memory (one server process). A rate `60/minute`
 * allows a burst of 60 and refills one request a second; the `RateLimit-*` headers follow the IETF
 * draft (limit, remaining, seconds until the bucket is full again) and a refusal carries `Retry-After`.
 */
import { RATE_LIMIT_PATTERN } from '../../config/schema.js'
import { UserInputError } from '../../core/errors.js'

export interface Rate {
  limit: number
  windowSeconds: number
  /** As written: `60/minute`. */
  text: string
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** `60/minute`, `10/second`, `1000/hour`, `5000/day` (also `60/min`, `10/s`, `2/h`...). */
export function parseRate(text: string, field = 'rate_limit'): Rate {
  const match = RATE_LIMIT_PATTERN.exec(text)
  const limit = match ? Number(match[1]) : 0
  if (!match || limit < 1) {
    throw new UserInputError(`Invalid rate limit "${text}": write it as <count>/<second|minute|hour|day>, e.g. "60/minute".`, { field })
  }
  return { limit, windowSeconds: UNIT_SECONDS[match[2]!.toLowerCase()[0]!]!, text: text.trim() }
}

export interface RateDecision {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until the bucket is full again. */
  resetSeconds: number
  /** Seconds until the next request is allowed (0 when allowed). */
  retryAfterSeconds: number
  policy: string
}

interface Bucket {
  tokens: number
  at: number
  rate: Rate
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()

  take(id: string, rate: Rate, now = Date.now()): RateDecision {
    let bucket = this.buckets.get(id)
    if (!bucket || bucket.rate.limit !== rate.limit || bucket.rate.windowSeconds !== rate.windowSeconds) {
      bucket = { tokens: rate.limit, at: now, rate }
      this.buckets.set(id, bucket)
    }
    const perSecond = rate.limit / rate.windowSeconds
    bucket.tokens = Math.min(rate.limit, bucket.tokens + ((now - bucket.at) / 1000) * perSecond)
    bucket.at = now
    const allowed = bucket.tokens >= 1
    if (allowed) bucket.tokens -= 1
    return {
      allowed,
      limit: rate.limit,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((rate.limit - bucket.tokens) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      policy: `${rate.limit};w=${rate.windowSeconds}`,
    }
  }
}
