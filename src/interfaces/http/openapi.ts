/** The OpenAPI document, generated from the same zod schemas the endpoints validate with. */
import { z } from 'zod'
import { VERSION } from '../../core/version.js'
import { AnalyzeRequest } from '../../capabilities/analyze/request.js'
import { GenerateTaskRequest } from '../../capabilities/generate/task/request.js'

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
        Error: ErrorBody,
      },
    },
  }
}
