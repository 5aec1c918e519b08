---
to: <%= files.rateLimit %>
when: rateLimit.enabled
---
/**
 * A sliding-window rate limiter kept in this process's memory. With several instances behind a
 * load balancer each counts on its own: move the counts to Redis or the database for a shared limit.
 */

export interface RateLimitResult {
  success: boolean
  limit: number
  remaining: number
  /** Unix time (seconds) at which a request will be allowed again. */
  reset: number
  headers: Record<string, string>
}

export interface RateLimiter {
  check(key: string): RateLimitResult
  reset(): void
}

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const { limit, windowMs } = options
  const now = options.now ?? Date.now
  const hits = new Map<string, number[]>()
  return {
    check(key) {
      const t = now()
      const recent = (hits.get(key) ?? []).filter((at) => at > t - windowMs)
      const success = recent.length < limit
      if (success) recent.push(t)
      hits.set(key, recent)
      // Forget callers whose window has passed, so the map does not grow without bound.
      if (hits.size > 10_000) for (const [k, times] of hits) if ((times[times.length - 1] ?? 0) <= t - windowMs) hits.delete(k)
      const oldest = recent[0] ?? t
      const reset = Math.ceil((oldest + windowMs) / 1000)
      const remaining = Math.max(0, limit - recent.length)
      const headers: Record<string, string> = {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(reset),
      }
      if (!success) headers['retry-after'] = String(Math.max(1, reset - Math.floor(t / 1000)))
      return { success, limit, remaining, reset, headers }
    },
    reset() {
      hits.clear()
    },
  }
}
