/**
 * API keys and per-key rate limits on every route but the open ones (/healthz, /openapi.json,
 * /metrics, /.well-known/agent-card.json). `server.auth`: `required` always asks for a key, `off`
 * never, `auto` (the default) asks once any key exists or when the server listens beyond loopback.
 * A key comes as `Authorization: Bearer <key>` or `x-api-key: <key>`; it is never logged or echoed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CodexConfig } from '../../config/schema.js'
import { hasScope, type ApiKeyRecord, type ApiKeyStore } from '../../store/api-keys.js'
import type { HttpMetrics } from './metrics.js'
import { parseRate, TokenBuckets, type Rate } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the request authenticated with; null when the API is open. */
    apiKey: ApiKeyRecord | null
  }
}

/** Routes that never ask for a key. */
export const OPEN_ROUTES = new Set(['/healthz', '/openapi.json', '/metrics', '/.well-known/agent-card.json'])

/** The scope each protected route needs; routes not listed (A2A) check scopes per capability. */
const ROUTE_SCOPES: Record<string, string> = {
  '/api/codex/analyze': 'analyze',
  '/api/codex/generate': 'generate',
  '/api/codex/scaffold': 'scaffold',
  '/api/codex/test': 'test',
  '/api/codex/runs/:id': 'runs',
  '/api/codex/runs/:id/events': 'runs',
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h)
}

const HOW_TO = 'Create a key on the server with `codex-agent keys create --name NAME` (it is printed once)'

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  if (status === 401)
    reply.header('www-authenticate', `Bearer realm="codex-agent"${code === 'invalid_api_key' ? ', error="invalid_token"' : ''}`)
  return reply.code(status).send({ error: { code, message } })
}

/** The key a request presents, from `Authorization: Bearer` or `x-api-key`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (match) return match[1]
  }
  const header = request.headers['x-api-key']
  const value = Array.isArray(header) ? header[0] : header
  return value?.trim() || undefined
}

export interface AuthOptions {
  config: CodexConfig
  keys?: ApiKeyStore
  metrics: HttpMetrics
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { mode, host } = { mode: options.config.server.auth, host: options.config.server.host }
  const buckets = new TokenBuckets()
  const rates = new Map<string, Rate>()
  const rateOf = (key: ApiKeyRecord): Rate => {
    const text = key.rateLimit ?? options.config.server.rate_limit
    let rate = rates.get(text)
    if (!rate) rates.set(text, (rate = parseRate(text)))
    return rate
  }
  app.decorateRequest('apiKey', null)

  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url
    if (mode === 'off' || (route !== undefined && OPEN_ROUTES.has(route))) return
    const required = mode === 'required' || !isLoopback(host) || ((await options.keys?.any()) ?? false)
    if (!required) return

    const presented = presentedKey(request)
    if (!presented) {
      options.metrics.authFailures.inc({ reason: 'missing' })
      const why = options.keys && (await options.keys.any()) ? '' : ' No key exists yet.'
      return refuse(
        reply,
        401,
        'unauthorized',
        `This API needs an API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".${why} ${HOW_TO}.`,
      )
    }
    const check = options.keys ? await options.keys.check(presented) : ({ status: 'unknown' } as const)
    if (check.status === 'unknown') {
      options.metrics.authFailures.inc({ reason: 'invalid' })
      return refuse(
        reply,
        401,
        'invalid_api_key',
        `The API key is not valid. ${HOW_TO}; \`codex-agent keys list\` shows the existing ones.`,
      )
    }
    if (check.status === 'revoked') {
      options.metrics.authFailures.inc({ reason: 'revoked' })
      return refuse(
        reply,
        403,
        'api_key_revoked',
        `The API key "${check.key.name}" (id ${check.key.id}) was revoked on ${check.key.revokedAt}. ${HOW_TO}.`,
      )
    }
    const key = check.key
    const scope = route === undefined ? undefined : ROUTE_SCOPES[route]
    if (scope && !hasScope(key, scope)) {
      options.metrics.authFailures.inc({ reason: 'scope' })
      return refuse(
        reply,
        403,
        'insufficient_scope',
        `The API key "${key.name}" (id ${key.id}) has scopes ${key.scopes.join(', ')}; this endpoint needs "${scope}". Create a key with \`codex-agent keys create --scopes ${scope}\`.`,
      )
    }
    const decision = buckets.take(key.id, rateOf(key))
    reply.header('ratelimit-limit', decision.limit)
    reply.header('ratelimit-remaining', decision.remaining)
    reply.header('ratelimit-reset', decision.resetSeconds)
    reply.header('ratelimit-policy', decision.policy)
    if (!decision.allowed) {
      options.metrics.rateLimited.inc({ key_id: key.id })
      reply.header('retry-after', decision.retryAfterSeconds)
      return refuse(
        reply,
        429,
        'rate_limited',
        `Rate limit exceeded for API key "${key.name}" (id ${key.id}): ${rateOf(key).text}. Try again in ${decision.retryAfterSeconds} s.`,
      )
    }
    request.apiKey = key
    await options.keys?.touch(key.id)
  })
}
