/**
 * POST /api/codex/test: the spec's body (code, test_types, coverage_target, edge_cases), or `files`
 * in the workspace. Over HTTP nothing is written unless the body says `write: true`; the tests come
 * back in each file's `content`.
 */
import type { FastifyInstance } from 'fastify'
import { runCapability } from '../../../core/capability.js'
import { createContext } from '../../../core/context.js'
import { UserInputError } from '../../../core/errors.js'
import { testgenCapability } from '../../../capabilities/testgen/index.js'
import type { ServerOptions } from '../server.js'

export function registerTestRoutes(app: FastifyInstance, options: ServerOptions): void {
  app.post('/api/codex/test', async (request, reply) => {
    const body = request.body
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new UserInputError(
        'Send a JSON object body with `code` (or `files`), and optionally `test_types`, `coverage_target`, `edge_cases`.',
        {
          field: 'body',
        },
      )
    }
    const ctx = createContext({ workspace: options.workspace, config: options.config, ...(options.store ? { store: options.store } : {}) })
    const result = await runCapability(testgenCapability, { write: false, ...body }, ctx)
    reply.header('x-codex-run-id', ctx.runId)
    return { runId: ctx.runId, ...result }
  })
}
