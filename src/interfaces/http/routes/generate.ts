/**
 * POST /api/codex/generate: the spec's generate body (task, language, requirements, constraints)
 * in, the verified change set out — 200 when verified, 422 with the same body when not.
 */
import type { FastifyInstance } from 'fastify'
import { runCapability } from '../../../core/capability.js'
import { createContext } from '../../../core/context.js'
import { UserInputError } from '../../../core/errors.js'
import { generateTaskCapability, RECORD_DIR_ENV, REPLAY_DIR_ENV } from '../../../capabilities/generate/task/index.js'
import type { ServerOptions } from '../server.js'

/** Fields that name folders on the server for the model session: set by the operator, not by a client. */
const SERVER_ONLY = { record_dir: RECORD_DIR_ENV, replay_dir: REPLAY_DIR_ENV } as const

export function registerGenerateRoutes(app: FastifyInstance, options: ServerOptions): void {
  app.post('/api/codex/generate', async (request, reply) => {
    const body = request.body
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new UserInputError('Send a JSON object body with `task` and `language` (and optionally `requirements`, `constraints`).', {
        field: 'body',
      })
    }
    for (const [field, env] of Object.entries(SERVER_ONLY)) {
      if (field in body) throw new UserInputError(`"${field}" cannot be set over HTTP; the server's operator sets ${env}.`, { field })
    }
    const ctx = createContext({ workspace: options.workspace, config: options.config, ...(options.store ? { store: options.store } : {}) })
    const result = await runCapability(generateTaskCapability, body, ctx)
    reply.header('x-codex-run-id', ctx.runId)
    reply.status(result.verified ? 200 : 422)
    return { runId: ctx.runId, ...result }
  })
}
