/**
 * Secret redaction for everything the model layer writes down (logs, recordings, error messages):
 * known secret values from the environment plus the common token shapes and credential headers.
 */
import type { Logger } from '../core/context.js'

export const REDACTED = '[REDACTED]'

/** Token shapes that are secrets wherever they appear. */
const TOKEN_PATTERNS: RegExp[] = [
  /\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bhf_[A-Za-z0-9]{30,}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
]

/** `Authorization: Bearer x`, `"x-api-key": "x"`, `api_key=x`: keep the name, drop the value. */
const CREDENTIAL_ASSIGNMENT =
  /((?:authorization|proxy-authorization|x-api-key|api[-_]?key|access[-_]?token|auth[-_]?token|secret|password)["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',;}&]+/gi
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g

/** Object keys whose values are always secrets. */
const SECRET_KEYS = /^(?:authorization|proxy-authorization|x-api-key|api[-_]?key|apikey|access[-_]?token|auth[-_]?token|secret|password)$/i

/** Environment variable names that hold secrets (their values are redacted literally). */
const SECRET_ENV_NAMES = /(?:API_KEY|APIKEY|TOKEN|SECRET|PASSWORD|AUTH)/i

export interface Redactor {
  /** For log lines and error messages: also drops the value of anything named like a credential. */
  text(value: string): string
  /**
   * For recordings: a deep copy with known secrets, token shapes and credential-named keys replaced.
   * Code the model wrote (`password = input`) is left intact, so a replayed session still works.
   */
  value<T>(value: T): T
}

export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= 8 && SECRET_ENV_NAMES.test(name)) secrets.push(value)
  }
  return secrets
}

export function createRedactor(secrets: Iterable<string> = []): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const literals = [...new Set([...secrets].filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length)
  const content = (input: string): string => {
    let out = input
    for (const literal of literals) out = out.split(literal).join(REDACTED)
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED)
    return out.replace(BEARER, `$1 ${REDACTED}`)
  }
  const text = (input: string): string =>
    content(input).replace(CREDENTIAL_ASSIGNMENT, (match, name: string) => (match.endsWith(REDACTED) ? match : `${name}${REDACTED}`))
  const deep = (input: unknown): unknown => {
    if (typeof input === 'string') return content(input)
    if (Array.isArray(input)) return input.map(deep)
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(input)) {
        out[key] = SECRET_KEYS.test(key) && typeof value === 'string' && value !== '' ? REDACTED : deep(value)
      }
      return out
    }
    return input
  }
  return { text, value: <T>(value: T) => deep(value) as T }
}

/** A logger that redacts every line before passing it on. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    debug: (message) => logger.debug(redactor.text(message)),
    info: (message) => logger.info(redactor.text(message)),
    warn: (message) => logger.warn(redactor.text(message)),
  }
}
