/**
 * POST /api/codex/scaffold: an offline scaffold (`kind` and that generator's options, as `generate
 * --list` shows them) in, the change set out — files, diff (secrets redacted), what was verified.
 * Its own endpoint rather than a variant of /generate, whose body is the spec's free-form task.
 * A database named by URL is refused (403) unless the operator allows it.
 */
import type { FastifyInstance } from 'fastify'
import { runRemote, type RouteDeps } from '../capabilities.js'

export function registerScaffoldRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.post('/api/codex/scaffold', async (request, reply) => {
    const outcome = await runRemote('scaffold', request.body, deps)
    reply.header('x-codex-run-id', outcome.runId)
    return outcome.body
  })
}
