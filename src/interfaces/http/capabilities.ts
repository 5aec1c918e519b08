/**
 * The capabilities a remote caller can run (HTTP routes and the A2A endpoint), each with what a
 * remote door adds to the shared capability: the checks a remote request must pass, its defaults,
 * and how its result is shaped. Every run goes through runCapability with a context whose events
 * also feed the server's metrics.
 */
import { runCapability } from '../../core/capability.js'
import { createContext, type Context } from '../../core/context.js'
import { UserInputError } from '../../core/errors.js'
import { VERSION } from '../../core/version.js'
import { analyzeCapability } from '../../capabilities/analyze/index.js'
import { toJsonReport } from '../../capabilities/analyze/reporters/json.js'
import { scaffoldCapability } from '../../capabilities/generate/scaffolds/index.js'
import { checkRemoteScaffoldRequest } from '../../capabilities/generate/scaffolds/remote.js'
import { generateTaskCapability, RECORD_DIR_ENV, REPLAY_DIR_ENV } from '../../capabilities/generate/task/index.js'
import { testgenCapability } from '../../capabilities/testgen/index.js'
import type { ServerOptions } from './server.js'
import type { HttpMetrics } from './metrics.js'

/** What a route gets: the server's options and its metrics. */
export interface RouteDeps extends ServerOptions {
  metrics: HttpMetrics
}

export type RemoteCapability = 'analyze' | 'generate' | 'scaffold' | 'test'
export const REMOTE_CAPABILITIES: readonly RemoteCapability[] = ['analyze', 'generate', 'scaffold', 'test']

export interface RemoteOutcome {
  runId: string
  /** 200, or 422 for a generated change set that did not pass its checks. */
  status: number
  /** The JSON body: `runId` plus the result. */
  body: Record<string, unknown>
  /** The capability's own result (the analyze route turns it into SARIF on request). */
  result: unknown
}

export function runContext(deps: RouteDeps, signal?: AbortSignal): Context {
  return createContext({
    workspace: deps.workspace,
    config: deps.config,
    onEvent: deps.metrics.runObserver(),
    ...(signal ? { signal } : {}),
    ...(deps.store ? { store: deps.store } : {}),
  })
}

const BODY_HINTS: Record<RemoteCapability, string> = {
  analyze: 'Send a JSON object body with one of `code`, `files` or `path`.',
  generate: 'Send a JSON object body with `task` and `language` (and optionally `requirements`, `constraints`).',
  scaffold: 'Send a JSON object body with `kind` (see GET /openapi.json) and its options.',
  test: 'Send a JSON object body with `code` (or `files`), and optionally `test_types`, `coverage_target`, `edge_cases`.',
}

function requireObject(name: RemoteCapability, body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new UserInputError(BODY_HINTS[name], { field: 'body' })
  }
  return body as Record<string, unknown>
}

/** Runs a capability for a remote caller; throws the capability's typed errors (400, 403, 404, 409...). */
export async function runRemote(name: RemoteCapability, input: unknown, deps: RouteDeps, signal?: AbortSignal): Promise<RemoteOutcome> {
  const body = requireObject(name, input)
  switch (name) {
    case 'analyze': {
      const ctx = runContext(deps, signal)
      const result = await runCapability(analyzeCapability, body, ctx)
      return { runId: ctx.runId, status: 200, body: { runId: ctx.runId, ...toJsonReport(result, VERSION) }, result }
    }
    case 'generate': {
      // Folders on the server for the model session: set by the operator, not by a client.
      for (const [field, env] of Object.entries({ record_dir: RECORD_DIR_ENV, replay_dir: REPLAY_DIR_ENV })) {
        if (field in body) throw new UserInputError(`"${field}" cannot be set over HTTP; the server's operator sets ${env}.`, { field })
      }
      const ctx = runContext(deps, signal)
      const result = await runCapability(generateTaskCapability, body, ctx)
      return { runId: ctx.runId, status: result.verified ? 200 : 422, body: { runId: ctx.runId, ...result }, result }
    }
    case 'scaffold': {
      checkRemoteScaffoldRequest(body)
      const ctx = runContext(deps, signal)
      const result = await runCapability(scaffoldCapability, body, ctx)
      return { runId: ctx.runId, status: 200, body: { runId: ctx.runId, ...result }, result }
    }
    case 'test': {
      const ctx = runContext(deps, signal)
      // Over a remote door nothing is written unless the body says `write: true`.
      const result = await runCapability(testgenCapability, { write: false, ...body }, ctx)
      return { runId: ctx.runId, status: 200, body: { runId: ctx.runId, ...result }, result }
    }
  }
}
