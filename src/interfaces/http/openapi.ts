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

export function buildOpenApi() {
  return {
    openapi: '3.1.0',
    info: { title: 'Codex Agent API', version: VERSION, description: 'Code analysis and generation over HTTP.' },
    paths: {
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
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'ok' } } } },
    },
    components: {
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
