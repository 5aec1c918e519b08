/**
 * POST /api/codex/scaffold: an offline scaffold (`kind` and that generator's options, as `generate
 * --list` shows them) in, the change set out — files, diff (secrets redacted), what was verified.
 * Its own endpoint rather than a variant of /generate, whose body is the spec's free-form task.
 */
import type { FastifyInstance } from 'fastify'
import { runCapability } from '../../../core/capability.js'
import { createContext } from '../../../core/context.js'
import { UserInputError } from '../../../core/errors.js'
import { scaffoldCapability } from '../../../capabilities/generate/scaffolds/index.js'
import { checkRemoteScaffoldRequest } from '../../../capabilities/generate/scaffolds/remote.js'
import type { ServerOptions } from '../server.js'

export function registerScaffoldRoutes(app: FastifyInstance, options: ServerOptions): void {
  app.post('/api/codex/scaffold', async (request, reply) => {
    const body = request.body
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new UserInputError('Send a JSON object body with `kind` (see GET /openapi.json) and its options.', { field: 'body' })
    }
    checkRemoteScaffoldRequest(body)
    const ctx = createContext({ workspace: options.workspace, config: options.config, ...(options.store ? { store: options.store } : {}) })
    const result = await runCapability(scaffoldCapability, body, ctx)
    reply.header('x-codex-run-id', ctx.runId)
    return { runId: ctx.runId, ...result }
  })
}
