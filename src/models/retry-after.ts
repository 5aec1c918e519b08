/** Reads how long a server asked us to wait: `retry-after-ms`, then `Retry-After` (seconds or HTTP-date). */

export function parseRetryAfter(headers: Record<string, string | undefined> | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined
  const lower: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value
  const ms = lower['retry-after-ms']?.trim()
  if (ms && /^\d+(?:\.\d+)?$/.test(ms)) return Math.ceil(Number(ms))
  const value = lower['retry-after']?.trim()
  if (!value) return undefined
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}
