/**
 * The A2A agent card (GET /.well-known/agent-card.json, A2A protocol 1.0 via @a2a-js/sdk): who the
 * agent is, where its JSON-RPC endpoint is, its skills (our capabilities) and how to authenticate.
 * The spec's "agent communication protocol" block rides along as an extension's params.
 */
import type { AgentCard, AgentSkill } from '@a2a-js/sdk'
import type { CodexConfig } from '../../config/schema.js'
import { VERSION } from '../../core/version.js'

/** Where the A2A JSON-RPC endpoint is mounted. */
export const A2A_PATH = '/a2a'
export const A2A_PROTOCOL = '1.0'
export const AGENT_PROTOCOL_EXTENSION = 'urn:codex-agent:agent-communication-protocol:v1'

function skill(id: string, name: string, description: string, tags: string[], examples: string[]): AgentSkill {
  return { id, name, description, tags, examples, inputModes: [], outputModes: [], securityRequirements: [] }
}

/** The capabilities as A2A skills. A message names its skill in `metadata.skill` or the data part's `skill`. */
export const SKILLS: AgentSkill[] = [
  skill(
    'analyze',
    'Analyze code',
    'Static analysis for security (CWE, OWASP Top 10, data-flow/taint), performance, quality and compatibility in JavaScript, TypeScript, Python, Bash, YAML, JSON and Dockerfiles. Send a data part with the POST /api/codex/analyze body: one of `code`, `files` or `path`, plus `analysis_type`, `standards`, `language`. Offline; returns the JSON report.',
    ['analysis', 'security', 'owasp', 'cwe', 'performance', 'quality', 'sast'],
    [
      '{"skill":"analyze","code":"os.system(\\"ls \\" + name)","language":"python","analysis_type":"security","standards":["OWASP"]}',
      '{"skill":"analyze","path":"src","analysis_type":["security","performance"]}',
    ],
  ),
  skill(
    'generate',
    'Generate code from a task',
    'Free-form code and tests from a task with the configured model: the agent writes code and tests, runs the checks in the sandbox and returns the change set only when verified. Body of POST /api/codex/generate: `task`, `language`, `requirements`, `constraints`. Needs a model on the server.',
    ['code-generation', 'llm', 'python', 'javascript', 'typescript'],
    [
      '{"skill":"generate","task":"Create a social media API client","language":"python","requirements":["OAuth2 authentication","rate limiting","error handling"]}',
    ],
  ),
  skill(
    'scaffold',
    'Generate a verified scaffold',
    "Offline scaffolds verified before they are written: api-route (Next.js, Express, Fastify, Hono), component, types, migration, fixtures, env-config, ci-cd, pipeline. Body of POST /api/codex/scaffold: `kind` plus that generator's options; `dry_run: true` returns the diff only.",
    ['scaffold', 'code-generation', 'migration', 'fixtures', 'ci-cd', 'offline'],
    [
      '{"skill":"scaffold","kind":"api-route","path":"app/api/analytics/route.ts","method":"POST","dry_run":true}',
      '{"skill":"scaffold","kind":"env-config","environments":["dev","prod"],"dry_run":true}',
    ],
  ),
  skill(
    'test',
    'Generate unit tests',
    'Unit tests for JavaScript modules, offline and coverage-guided: each kept test passed 5 runs with the framework. Body of POST /api/codex/test: `code` (or `files` in the workspace), `test_types`, `coverage_target`, `edge_cases`; nothing is written unless `write: true`.',
    ['testing', 'unit-tests', 'coverage', 'javascript', 'vitest', 'jest'],
    ['{"skill":"test","code":"export function slug(s) { return s.toLowerCase().replace(/\\\\s+/g, \\"-\\") }","coverage_target":90}'],
  ),
]

/** The card for a server reachable at `baseUrl` (no trailing slash). */
export function buildAgentCard(baseUrl: string, config: CodexConfig): AgentCard {
  const authOff = config.server.auth === 'off'
  return {
    name: 'Codex Agent',
    description:
      'Code-intelligence and code-generation agent: static analysis (security, performance, quality, compatibility), verified scaffolds, unit-test generation, and model-backed code generation. Runs sandboxed; offline engines where no model is configured.',
    supportedInterfaces: [{ url: `${baseUrl}${A2A_PATH}`, protocolBinding: 'JSONRPC', protocolVersion: A2A_PROTOCOL, tenant: '' }],
    provider: { organization: 'Codex Agent', url: baseUrl },
    version: VERSION,
    documentationUrl: `${baseUrl}/openapi.json`,
    capabilities: {
      streaming: false,
      pushNotifications: false,
      extendedAgentCard: false,
      extensions: [
        {
          uri: AGENT_PROTOCOL_EXTENSION,
          description: "The spec's agent communication protocol block.",
          required: false,
          params: {
            agent_id: 'codex-agent',
            capabilities: ['code_generation', 'testing', 'analysis', 'optimization'],
            supported_languages: ['python', 'javascript', 'typescript', 'bash', 'yaml', 'json'],
            execution_environment: 'sandboxed',
            security_level: 'high',
          },
        },
      ],
    },
    securitySchemes: {
      bearer: {
        scheme: {
          $case: 'httpAuthSecurityScheme',
          value: {
            scheme: 'Bearer',
            bearerFormat: 'cxa_ API key',
            description: 'An API key from `codex-agent keys create`, as `Authorization: Bearer <key>`.',
          },
        },
      },
      apiKey: {
        scheme: {
          $case: 'apiKeySecurityScheme',
          value: { location: 'header', name: 'x-api-key', description: 'The same API key in the `x-api-key` header.' },
        },
      },
    },
    securityRequirements: authOff ? [] : [{ schemes: { bearer: { list: [] } } }, { schemes: { apiKey: { list: [] } } }],
    defaultInputModes: ['application/json', 'text/plain'],
    defaultOutputModes: ['application/json'],
    skills: SKILLS,
    signatures: [],
  }
}
