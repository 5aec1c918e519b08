/** The HTTP door (Fastify): translates JSON bodies into capability requests and results into JSON. */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { runCapability } from '../../core/capability.js'
import type { CodexConfig } from '../../config/schema.js'
import { createContext } from '../../core/context.js'
import { CodexError, UserInputError, toCodexError } from '../../core/errors.js'
import { VERSION } from '../../core/version.js'
import { toJsonReport } from '../../capabilities/analyze/reporters/json.js'
import { toSarif } from '../../capabilities/analyze/reporters/sarif.js'
import type { Store } from '../../store/store.js'
import { capabilities } from '../registry.js'
import { buildOpenApi } from './openapi.js'

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
      return reply
        .status(413)
        .send({
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

  app.post<{ Querystring: { format?: string } }>('/api/codex/analyze', async (request, reply) => {
    const format = request.query.format ?? 'json'
    if (format !== 'json' && format !== 'sarif')
      throw new UserInputError('Query parameter "format" must be json or sarif.', { field: 'format' })
    if (request.body === undefined || request.body === null || typeof request.body !== 'object') {
      throw new UserInputError('Send a JSON object body with one of `code`, `files` or `path`.', { field: 'body' })
    }
    const ctx = createContext({ workspace: options.workspace, config: options.config, ...(options.store ? { store: options.store } : {}) })
    const result = await runCapability(capabilities.analyze, request.body, ctx)
    reply.header('x-codex-run-id', ctx.runId)
    return format === 'sarif' ? toSarif(result, VERSION) : { runId: ctx.runId, ...toJsonReport(result, VERSION) }
  })

  app.get<{ Params: { id: string } }>('/api/codex/runs/:id', async (request) => {
    const run = await options.store?.getRun(request.params.id)
    if (!run) throw new UserInputError(`No run "${request.params.id}".`, { httpStatus: 404, code: 'not_found' })
    return run
  })

  app.get<{ Params: { id: string } }>('/api/codex/runs/:id/events', async (request, reply) => {
    const run = await options.store?.getRun(request.params.id)
    if (!run) throw new UserInputError(`No run "${request.params.id}".`, { httpStatus: 404, code: 'not_found' })
    reply.header('content-type', 'text/event-stream').header('cache-control', 'no-cache')
    return run.events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('')
  })

  return app
}
