/** The HTTP door (Fastify): translates JSON bodies into capability requests and results into JSON. */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import type { CodexConfig } from '../../config/schema.js'
import { CodexError, UserInputError, toCodexError } from '../../core/errors.js'
import { VERSION } from '../../core/version.js'
import type { Store } from '../../store/store.js'
import { buildOpenApi } from './openapi.js'
import { routeGroups } from './routes/index.js'

export interface ServerOptions {
  workspace: string
  config: CodexConfig
  store?: Store
}

function errorBody(error: CodexError) {
  const field = error instanceof UserInputError ? error.field : undefined
  return { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } }
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const limit = options.config.server.body_limit_bytes
  const app = Fastify({ bodyLimit: limit, logger: false })

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

  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }))
  app.get('/openapi.json', async () => buildOpenApi())

  for (const register of routeGroups) register(app, options)

  return app
}
