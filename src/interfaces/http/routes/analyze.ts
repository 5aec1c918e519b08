/** POST /api/codex/analyze: the spec's analyze body in, the JSON report (or SARIF) out. */
import type { FastifyInstance } from 'fastify'
import { UserInputError } from '../../../core/errors.js'
import { VERSION } from '../../../core/version.js'
import type { AnalyzeResult } from '../../../capabilities/analyze/index.js'
import { toSarif } from '../../../capabilities/analyze/reporters/sarif.js'
import { runRemote, type RouteDeps } from '../capabilities.js'

export function registerAnalyzeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.post<{ Querystring: { format?: string } }>('/api/codex/analyze', async (request, reply) => {
    const format = request.query.format ?? 'json'
    if (format !== 'json' && format !== 'sarif')
      throw new UserInputError('Query parameter "format" must be json or sarif.', { field: 'format' })
    const outcome = await runRemote('analyze', request.body, deps)
    reply.header('x-codex-run-id', outcome.runId)
    return format === 'sarif' ? toSarif(outcome.result as AnalyzeResult, VERSION) : outcome.body
  })
}
