/**
 * POST /api/codex/generate: the spec's generate body (task, language, requirements, constraints)
 * in, the verified change set out — 200 when verified, 422 with the same body when not.
 */
import type { FastifyInstance } from 'fastify'
import { runRemote, type RouteDeps } from '../capabilities.js'

export function registerGenerateRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.post('/api/codex/generate', async (request, reply) => {
    const outcome = await runRemote('generate', request.body, deps)
    reply.header('x-codex-run-id', outcome.runId)
    reply.status(outcome.status)
    return outcome.body
  })
}
