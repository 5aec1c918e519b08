/**
 * The one schema of `.codex/config.yml` and `.codexrc`: the spec's agents, cloud_agents, mode,
 * hybrid_workflows and integration (incl. claude_sync), plus model defaults and analysis settings.
 */
import { z } from 'zod'
import { CATEGORIES, SEVERITIES } from '../core/finding.js'
import { SandboxSettingsSchema } from '../sandbox/policy.js'

export const MODES = ['local', 'cloud', 'hybrid'] as const
export const TOOLS = ['code_interpreter', 'file_system', 'terminal'] as const

/** Settings shared by model defaults and every agent; all optional so agents inherit. */
const ModelSettings = z.object({
  /** `provider:model` (e.g. `openai:gpt-4.1`, `ollama:qwen2.5-coder:7b`) or a configured alias. */
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  context_window: z.number().int().positive().optional(),
  tools: z.array(z.enum(TOOLS)).optional(),
  api_endpoint: z.string().url().optional(),
})

export const AgentConfig = ModelSettings.extend({
  enabled: z.boolean().default(true),
  mode: z.enum(MODES).optional(),
  /** Words in a request that route to this agent (spec: `triggers: ["generate", "scaffold"]`). */
  triggers: z.array(z.string()).optional(),
  coverage_threshold: z.number().min(0).max(100).optional(),
  formats: z.array(z.string()).optional(),
  auto_suggest: z.boolean().optional(),
  /** What the agent is for, used in its system prompt. */
  role: z.string().optional(),
}).strict()
export type AgentConfig = z.infer<typeof AgentConfig>

/** The spec's model configuration block (temperature, tools, safety...) as defaults for every agent. */
const ModelDefaults = ModelSettings.extend({
  safety_instructions: z.enum(['strict', 'standard', 'relaxed']).optional(),
  code_execution: z.boolean().optional(),
  function_calling: z.boolean().optional(),
}).strict()

const WorkflowStep = z
  .object({
    /** Agent name, optionally with its mode in parentheses as in the spec: `code_generator (local)`. */
    agent: z.string().optional(),
    handoff: z.string().optional(),
    task: z.string(),
  })
  .strict()
  .refine((s) => (s.agent === undefined) !== (s.handoff === undefined), {
    message: 'a step names either an `agent` or a `handoff`, not both',
  })

const Workflow = z.object({ description: z.string().optional(), steps: z.array(WorkflowStep).min(1) }).strict()

const Integration = z
  .object({
    ide: z.string().optional(),
    vcs: z.string().optional(),
    ci_cd: z.string().optional(),
    claude_sync: z
      .object({
        enabled: z.boolean().default(false),
        endpoint: z.string().optional(),
        auto_review: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .strict()

export const AnalyzeSettings = z
  .object({
    types: z.array(z.enum(CATEGORIES)).optional(),
    standards: z.array(z.string()).optional(),
    fail_on: z.enum([...SEVERITIES, 'none']).optional(),
    /** Extra gitignore-style patterns to skip. */
    exclude: z.array(z.string()).default([]),
    /** Files larger than this are skipped with a note. */
    max_file_bytes: z.number().int().positive().default(1_000_000),
    /** Folders of user rule files, relative to the project root. */
    rules_dirs: z.array(z.string()).default(['.codex/rules']),
    /** Worker threads for file analysis; 0 = one per CPU core. */
    workers: z.number().int().nonnegative().default(0),
    /** Data-flow (taint) analysis in security runs on JavaScript/TypeScript and Python (default true). */
    taint: z.boolean().optional(),
  })
  .strict()

/** A rate like `60/minute`, `10/second`, `1000/hour`, `5000/day` (also `s`, `m`/`min`, `h`, `d`). */
export const RATE_LIMIT_PATTERN = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hr|hour|d|day)s?\s*$/i

/** HTTP API (`codex-agent serve`); docs/http.md. */
export const ServerSettings = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8787),
    body_limit_bytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    /**
     * API keys on /api/* and /a2a: `required` always; `off` never (trusted networks only); `auto` (default)
     * = required once any key exists (`codex-agent keys create`) or when `host` is not a loopback address.
     */
    auth: z.enum(['auto', 'required', 'off']).default('auto'),
    /** Per-key rate limit for keys created without `--rate-limit`. */
    rate_limit: z.string().regex(RATE_LIMIT_PATTERN, 'a rate like "60/minute"').default('120/minute'),
    /** The public base URL (`https://codex.example.com`) for the A2A agent card; default: from the request. */
    public_url: z.string().url().optional(),
    /** One JSON line per request on stderr (method, route, status, time; the Authorization header is redacted). */
    log_requests: z.boolean().default(false),
  })
  .strict()

export const CodexConfigSchema = z
  .object({
    version: z.union([z.string(), z.number()]).transform(String).optional(),
    mode: z.enum(MODES).default('local'),
    /** `model: openai:gpt-4.1` is shorthand for `model: { model: openai:gpt-4.1 }`. */
    model: z.preprocess((v) => (typeof v === 'string' ? { model: v } : v), ModelDefaults).optional(),
    /**
     * The model each deployment mode uses (hybrid routing): an agent with `mode: local` gets `local`,
     * `mode: cloud` gets `cloud`, `mode: hybrid` prefers `local`. An agent's own `model` wins.
     */
    models: z
      .object({ local: z.string().min(1).optional(), cloud: z.string().min(1).optional() })
      .strict()
      .optional(),
    agents: z.record(z.string(), AgentConfig).default({}),
    cloud_agents: z.record(z.string(), AgentConfig).default({}),
    hybrid_workflows: z.record(z.string(), Workflow).default({}),
    integration: Integration.optional(),
    analyze: AnalyzeSettings.default({ exclude: [], max_file_bytes: 1_000_000, rules_dirs: ['.codex/rules'], workers: 0 }),
    /** How commands and generated code run: policy, approval, network, limits (see src/sandbox/). */
    sandbox: SandboxSettingsSchema.default(SandboxSettingsSchema.parse({})),
    server: ServerSettings.default(ServerSettings.parse({})),
  })
  .strict()

export type CodexConfig = z.output<typeof CodexConfigSchema>
export type CodexConfigInput = z.input<typeof CodexConfigSchema>

export function defaultConfig(): CodexConfig {
  return CodexConfigSchema.parse({})
}
