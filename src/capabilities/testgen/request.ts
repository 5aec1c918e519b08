/** The test-generation request: the spec's `POST /api/codex/test` body plus the CLI's options. */
import { z } from 'zod'
import { FRAMEWORKS } from './writer/render.js'

export const TEST_TYPES = ['unit', 'integration'] as const
export const INCLUDES = ['edge-cases', 'error-handling'] as const

export const TestgenRequest = z
  .object({
    files: z.array(z.string().min(1)).min(1).optional().describe('JavaScript modules to test, relative to the workspace'),
    code: z
      .string()
      .min(1)
      .max(512 * 1024)
      .optional()
      .describe('source of a function or module to test; the tests are returned, not written'),
    changed_files: z.boolean().default(false).describe('test the JavaScript modules changed in git (staged, unstaged and untracked)'),
    framework: z.enum(FRAMEWORKS).optional().describe('test framework (default: the one the project depends on, else node:test)'),
    coverage_target: z
      .number()
      .min(1)
      .max(100)
      .default(100)
      .describe('statement and branch coverage (percent) at which the search stops early (default: search the whole budget)'),
    test_types: z
      .array(z.enum(TEST_TYPES))
      .min(1)
      .default(['unit'])
      .describe('unit: one function or method per test; integration: also sequences across the API (performance tests are not generated)'),
    edge_cases: z.boolean().default(false).describe('add boundary-value tests (same as include: ["edge-cases"])'),
    include: z
      .array(z.enum(INCLUDES))
      .default([])
      .describe('edge-cases: boundary values; error-handling: a test for each way a function fails'),
    budget_ms: z.number().int().min(2_000).max(600_000).default(60_000).describe('time budget per module for the search and the checks'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1)
      .describe('random seed: the same seed gives the same tests'),
    out: z.string().min(1).optional().describe('test file to write (one module only); merged into it when it exists'),
    write: z.boolean().default(true).describe('write the test files (false: return their content only)'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'provider:model that proposes inputs for code the offline search leaves uncovered (default: the test_generator agent, else the config model; none: offline)',
      ),
  })
  .strict()

export type TestgenRequest = z.output<typeof TestgenRequest>
