/**
 * POST /api/codex/test: the spec's body (code, test_types, coverage_target, edge_cases), or `files`
 * in the workspace. Over HTTP nothing is written unless the body says `write: true`; the tests come
 * back in each file's `content`.
 */
import type { FastifyInstance } from 'fastify'
import { runRemote, type RouteDeps } from '../capabilities.js'

export function registerTestRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.post('/api/codex/test', async (request, reply) => {
    const outcome = await runRemote('test', request.body, deps)
    reply.header('x-codex-run-id', outcome.runId)
    return outcome.body
  })
}
