/** GET /api/codex/runs/:id and its events as Server-Sent Events, from the run store. */
import type { FastifyInstance } from 'fastify'
import { UserInputError } from '../../../core/errors.js'
import type { RouteDeps } from '../capabilities.js'

export function registerRunRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const find = async (id: string) => {
    const run = await deps.store?.getRun(id)
    if (!run) throw new UserInputError(`No run "${id}".`, { httpStatus: 404, code: 'not_found' })
    return run
  }
  app.get<{ Params: { id: string } }>('/api/codex/runs/:id', async (request) => find(request.params.id))
  app.get<{ Params: { id: string } }>('/api/codex/runs/:id/events', async (request, reply) => {
    const run = await find(request.params.id)
    reply.header('content-type', 'text/event-stream').header('cache-control', 'no-cache')
    return run.events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('')
  })
}
