/**
 * A request as it goes into run records and `run.started` events: passwords in URLs
 * (`postgres://user:secret@host`) and values under secret-looking keys (`api_key`, `password`) are
 * replaced, so the audit trail in .codex/state.db never holds a credential.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi
/** Whole key names (or their last part): `api_key`, `auth_token`, `password` — not `max_tokens`. */
const SECRET_KEY = /^(.*[_-])?(pass(word)?|secret|token|api[_-]?key|credentials?|private[_-]?key)$/i

export const REDACTED_VALUE = '<redacted>'

export function redactRequest(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(URL_PASSWORD, `$1${REDACTED_VALUE}@`)
  if (depth > 8 || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => redactRequest(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null && item !== '' ? REDACTED_VALUE : redactRequest(item, depth + 1)
  }
  return out
}
