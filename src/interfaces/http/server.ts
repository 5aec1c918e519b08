/**
 * The HTTP door (Fastify): translates JSON bodies into capability requests and results into JSON.
 * Around the routes: API keys and per-key rate limits (auth.ts), Prometheus metrics (metrics.ts),
 * the A2A agent card and JSON-RPC endpoint (../a2a/). docs/http.md describes it for operators.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify'
import { AgentCard } from '@a2a-js/sdk'
import type { CodexConfig } from '../../config/schema.js'
import { CodexError, UserInputError, toCodexError } from '../../core/errors.js'
import { VERSION } from '../../core/version.js'
import type { ApiKeyStore } from '../../store/api-keys.js'
import type { Store } from '../../store/store.js'
import { buildAgentCard } from '../a2a/agent-card.js'
import { registerA2a } from '../a2a/routes.js'
import { registerAuth } from './auth.js'
import { HttpMetrics, registerMetrics } from './metrics.js'
import { buildOpenApi } from './openapi.js'
import { routeGroups } from './routes/index.js'
import { trimTrailingSlashes } from '../../core/text.js'

export interface ServerOptions {
  workspace: string
  config: CodexConfig
  store?: Store
  /** The API keys (`codex-agent keys create`); without it no key is valid, so auth may refuse everything. */
  keys?: ApiKeyStore
  /** Where request logs go when `server.log_requests` is on (default stderr). */
  logStream?: NodeJS.WritableStream
}

function errorBody(error: CodexError) {
  const field = error instanceof UserInputError ? error.field : undefined
  return { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } }
}

/** Request log lines: what was asked and by whom, never a credential (pino redacts the key headers). */
function loggerOptions(options: ServerOptions) {
  if (!options.config.server.log_requests) return false
  return {
    level: 'info',
    stream: options.logStream ?? process.stderr,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
    serializers: {
      req(request: FastifyRequest) {
        const h = request.headers
        return {
          method: request.method,
          url: request.url,
          remoteAddress: request.ip,
          headers: {
            'user-agent': h['user-agent'],
            ...(h.authorization ? { authorization: h.authorization } : {}),
            ...(h['x-api-key'] ? { 'x-api-key': h['x-api-key'] } : {}),
          },
        }
      },
    },
  }
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const limit = options.config.server.body_limit_bytes
  const app = Fastify({ bodyLimit: limit, logger: loggerOptions(options) })
  const metrics = new HttpMetrics()

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof CodexError) return reply.status(error.httpStatus).send(errorBody(error))
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: {
          code: 'body_too_large',
          message: `Request body is over the ${limit}-byte limit (server.body_limit_bytes); send a path inside the workspace instead of inline content.`,
        },
      })
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: 'bad_request', message: error.message } })
    }
    const internal = toCodexError(error)
    return reply.status(500).send(errorBody(internal))
  })

  registerMetrics(app, metrics)
  registerAuth(app, { config: options.config, metrics, ...(options.keys ? { keys: options.keys } : {}) })

  const baseUrl = (request: FastifyRequest) =>
    trimTrailingSlashes(options.config.server.public_url ?? `${request.protocol}://${request.host}`)
  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }))
  app.get('/openapi.json', async () => buildOpenApi())
  app.get('/.well-known/agent-card.json', async (request) => AgentCard.toJSON(buildAgentCard(baseUrl(request), options.config)))

  const deps = { ...options, metrics }
  for (const register of routeGroups) register(app, deps)
  registerA2a(app, deps)

  return app
}
