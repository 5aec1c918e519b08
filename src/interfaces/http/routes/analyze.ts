/** POST /api/codex/analyze: the spec's analyze body in, the JSON report (or SARIF) out. */
import type { FastifyInstance } from 'fastify'
import { runCapability } from '../../../core/capability.js'
import { createContext } from '../../../core/context.js'
import { UserInputError } from '../../../core/errors.js'
import { VERSION } from '../../../core/version.js'
import { analyzeCapability } from '../../../capabilities/analyze/index.js'
import { toJsonReport } from '../../../capabilities/analyze/reporters/json.js'
import { toSarif } from '../../../capabilities/analyze/reporters/sarif.js'
import type { ServerOptions } from '../server.js'

export function registerAnalyzeRoutes(app: FastifyInstance, options: ServerOptions): void {
  app.post<{ Querystring: { format?: string } }>('/api/codex/analyze', async (request, reply) => {
    const format = request.query.format ?? 'json'
    if (format !== 'json' && format !== 'sarif')
      throw new UserInputError('Query parameter "format" must be json or sarif.', { field: 'format' })
    if (request.body === undefined || request.body === null || typeof request.body !== 'object') {
      throw new UserInputError('Send a JSON object body with one of `code`, `files` or `path`.', { field: 'body' })
    }
    const ctx = createContext({ workspace: options.workspace, config: options.config, ...(options.store ? { store: options.store } : {}) })
    const result = await runCapability(analyzeCapability, request.body, ctx)
    reply.header('x-codex-run-id', ctx.runId)
    return format === 'sarif' ? toSarif(result, VERSION) : { runId: ctx.runId, ...toJsonReport(result, VERSION) }
  })
}
