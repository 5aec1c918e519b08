/** GenerateTaskRequest: the one schema behind `generate --task`, POST /api/codex/generate, the MCP tool and `generate()`. */
import { z } from 'zod'
import { CODE_STYLES, TASK_LANGUAGES } from '../../../agents/prompts/generate-task.js'

/** Accepts an array, or one comma-separated string (the CLI's `--requirements a,b`). */
const Requirements = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().trim().min(1)).max(50),
)

export const GenerateTaskConstraints = z.strictObject({
  max_lines: z.number().int().positive().max(100_000).optional().describe('Most lines of code in total, tests not counted'),
  style: z
    .enum(CODE_STYLES)
    .optional()
    .describe('Style guide: google, pep8 or black (Python); airbnb, standard, prettier or google (JavaScript/TypeScript)'),
})

export const GenerateTaskRequest = z.strictObject({
  task: z.string().trim().min(1).max(20_000).describe('What to build, e.g. "Create a social media API client"'),
  language: z.enum(TASK_LANGUAGES).describe('python, typescript, javascript, bash, yaml or json'),
  requirements: Requirements.default([]).describe('Requirements the code must meet, e.g. ["OAuth2 authentication", "rate limiting"]'),
  constraints: GenerateTaskConstraints.default({}).describe('Limits on the code: max_lines, style'),
  output: z
    .string()
    .min(1)
    .optional()
    .describe('Folder (inside the workspace) to write the files to; without it the files are returned, not written'),
  dry_run: z.boolean().optional().describe('Verify and return the diff, write nothing'),
  force: z.boolean().optional().describe('Write the files even when verification failed (the result says so)'),
  model: z.string().min(1).optional().describe('Model reference, e.g. openai:gpt-4.1 or ollama:qwen2.5-coder:7b (default: config)'),
  max_cost: z.number().positive().optional().describe('Stop when the run has spent this many US dollars on model calls'),
  max_turns: z.number().int().positive().max(1000).optional().describe('Stop after this many model calls (default 40)'),
  max_attempts: z.number().int().min(1).max(10).default(3).describe('Verification rounds, the first included (default 3)'),
  record_dir: z.string().min(1).optional().describe('Record the model session into this folder'),
  replay_dir: z.string().min(1).optional().describe('Answer from the session recorded in this folder; no model is called'),
  no_cache: z.boolean().optional().describe('Skip the model response cache'),
})

export type GenerateTaskRequest = z.output<typeof GenerateTaskRequest>
export type GenerateTaskInput = z.input<typeof GenerateTaskRequest>
