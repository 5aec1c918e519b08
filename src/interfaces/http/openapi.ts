/** The OpenAPI document, generated from the same zod schemas the endpoints validate with. */
import { z } from 'zod'
import { VERSION } from '../../core/version.js'
import { AnalyzeRequest } from '../../capabilities/analyze/request.js'
import { GenerateTaskRequest } from '../../capabilities/generate/task/request.js'
import { ScaffoldRequest } from '../../capabilities/generate/scaffolds/index.js'
import { TestgenRequest } from '../../capabilities/testgen/request.js'

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
}

/**
 * What every operation behind the API-key check may also answer (401, 403, 429). They are listed once
 * in `components.responses` and named in `info.description` and each secured operation's
 * `x-auth-responses`, so the operations' own response lists stay what the capability answers.
 */
const AUTH_RESPONSES = {
  Unauthorized: errorResponse('401: no API key, or not a valid one (`error.message` says how to get one: `codex-agent keys create`)'),
  KeyRefused: errorResponse('403: a revoked key (`api_key_revoked`) or a key without the scope (`insufficient_scope`)'),
  RateLimited: {
    description: "429: over the key's rate limit; `Retry-After` says when to try again",
    headers: {
      'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a request is allowed' },
      'RateLimit-Limit': { schema: { type: 'integer' } },
      'RateLimit-Remaining': { schema: { type: 'integer' } },
      'RateLimit-Reset': { schema: { type: 'integer' }, description: 'Seconds until the full limit is available again' },
      'RateLimit-Policy': { schema: { type: 'string' }, description: '`<limit>;w=<window seconds>`' },
    },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
}
const AUTH_REFS = {
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/KeyRefused' },
  '429': { $ref: '#/components/responses/RateLimited' },
}

const SECURED = [{ bearerAuth: [] }, { apiKeyHeader: [] }]
const OPEN: never[] = []

interface Operation {
  responses: Record<string, unknown>
  security?: unknown
  [field: string]: unknown
}

/** Marks every operation but the open ones as needing an API key. */
function secure(paths: Record<string, Record<string, Operation>>) {
  for (const [path, operations] of Object.entries(paths)) {
    for (const operation of Object.values(operations)) {
      operation.security = OPEN_PATHS.has(path) ? OPEN : SECURED
      if (!OPEN_PATHS.has(path)) operation['x-auth-responses'] = AUTH_REFS
    }
  }
  return paths
}

const OPEN_PATHS = new Set(['/healthz', '/openapi.json', '/metrics', '/.well-known/agent-card.json'])

export function buildOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Codex Agent API',
      version: VERSION,
      description:
        'Code analysis and generation over HTTP. API keys (`codex-agent keys create`) go in `Authorization: Bearer <key>` or `x-api-key`; they are required once any key exists, when the server listens beyond loopback, or with `server.auth: required`. /healthz, /openapi.json, /metrics and /.well-known/agent-card.json are always open. Each key has a rate limit (`RateLimit-*` headers; 429 with `Retry-After`).',
    },
    security: SECURED,
    paths: secure({
      '/api/codex/analyze': {
        post: {
          summary: 'Analyze code for security, performance, quality and compatibility issues',
          parameters: [{ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'sarif'] } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AnalyzeRequest' } } } },
          responses: {
            '200': { description: 'The analysis report (findings, diagnostics, rules, stats) or a SARIF 2.1.0 log' },
            '400': errorResponse('Invalid body; `error.field` names the field'),
            '403': errorResponse('A path outside the workspace'),
            '404': errorResponse('A path that does not exist'),
            '413': errorResponse('Body over the size limit'),
          },
        },
      },
      '/api/codex/generate': {
        post: {
          summary: 'Generate code and its tests from a task with the configured model; the result says what was verified',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/GenerateRequest' } } } },
          responses: {
            '200': { description: 'The change set (files) and the verification report' },
            '400': errorResponse('Invalid body; `error.field` names the field'),
            '403': errorResponse('An output folder outside the workspace'),
            '409': errorResponse('A file changed on disk during the run (conflict)'),
            '422': { description: 'The code did not pass its checks; the full result is in the body' },
            '502': errorResponse('No model configured, or the model provider failed'),
          },
        },
      },
      '/api/codex/scaffold': {
        post: {
          summary:
            'Generate an offline scaffold (api-route, component, types, migration, fixtures, env-config, ci-cd, pipeline), verified before it is written',
          description:
            "The body is `kind` plus that generator's options, as `codex-agent generate --list` shows them (one schema per kind). It has its own endpoint because POST /api/codex/generate takes the spec's free-form task body (task, language, requirements, constraints), which needs a model; a scaffold needs none. `dry_run: true` returns the diff and writes nothing. Source paths must be inside the workspace (403 otherwise, and for .env files); a database named by URL (`postgres://...`) is refused with 403 unless the operator sets CODEX_AGENT_SCAFFOLD_ALLOW_DATABASE_URLS=1. Secret values never appear in a response: .env diffs show `<secret, N characters>`.",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ScaffoldRequest' } } } },
          responses: {
            '200': { description: 'The change set: files (created, updated, unchanged), the diff, conflicts, what was verified, notes' },
            '400': errorResponse('Invalid body; `error.field` names the field'),
            '403': errorResponse('A path outside the workspace, a .env file as a source, or a database URL the server does not accept'),
            '409': errorResponse('Files exist with other content (send `force: true` to overwrite), or changed during the run'),
            '422': errorResponse('The generated output failed its verification; nothing was written'),
          },
        },
      },
      '/api/codex/test': {
        post: {
          summary: 'Generate unit tests for a snippet (`code`) or workspace modules (`files`), offline, each kept test run 5 times',
          description:
            "The spec's body: `code`, `test_types`, `coverage_target`, `edge_cases`; or `files` (paths inside the workspace, 403 otherwise). Over HTTP nothing is written unless `write: true`; each file's tests are in `content`, with the Istanbul coverage they reach and the lines they leave uncovered.",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TestRequest' } } } },
          responses: {
            '200': {
              description: 'Per module: test file, test count, whether they ran with the framework, coverage, uncovered lines, content',
            },
            '400': errorResponse('Invalid body; `error.field` names the field'),
            '403': errorResponse('A path outside the workspace'),
            '413': errorResponse('Body over the size limit'),
          },
        },
      },
      '/api/codex/runs/{id}': {
        get: {
          summary: 'A recorded run with its events and findings',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The run' }, '404': errorResponse('No such run') },
        },
      },
      '/api/codex/runs/{id}/events': {
        get: {
          summary: "A run's events as Server-Sent Events",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'text/event-stream of RunEvents' }, '404': errorResponse('No such run') },
        },
      },
      '/a2a': {
        post: {
          summary: 'A2A (Agent2Agent protocol 1.0) JSON-RPC endpoint: SendMessage, GetTask, CancelTask, ListTasks',
          description:
            "Send `A2A-Version: 1.0`. A message names its skill (analyze, generate, scaffold, test) in `metadata.skill` or in the data part's `skill` field, and carries that endpoint's request body as a data part; the answer is a Task with the result as a JSON artifact. The key needs the skill's scope.",
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'A JSON-RPC 2.0 response (result or error)' }, ...AUTH_REFS },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'ok' } } } },
      '/metrics': {
        get: {
          summary:
            'Prometheus metrics: requests and their duration by route and status, runs by capability and outcome, refused requests, process metrics',
          responses: { '200': { description: 'text/plain; version=0.0.4 (Prometheus exposition format)' } },
        },
      },
      '/.well-known/agent-card.json': {
        get: {
          summary: 'The A2A agent card: skills (analyze, generate, scaffold, test), the JSON-RPC endpoint, security schemes',
          responses: { '200': { description: 'An A2A 1.0 AgentCard' } },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    }),
    components: {
      responses: AUTH_RESPONSES,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'cxa_ API key', description: 'A key from `codex-agent keys create`' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same key in the x-api-key header' },
      },
      schemas: {
        AnalyzeRequest: z.toJSONSchema(AnalyzeRequest, { io: 'input', unrepresentable: 'any' }),
        GenerateRequest: z.toJSONSchema(GenerateTaskRequest, { io: 'input', unrepresentable: 'any' }),
        ScaffoldRequest: z.toJSONSchema(ScaffoldRequest, { io: 'input', unrepresentable: 'any' }),
        TestRequest: z.toJSONSchema(TestgenRequest, { io: 'input', unrepresentable: 'any' }),
        Error: ErrorBody,
      },
    },
  }
}
