/**
 * The library door: `import { analyze, generateTests } from 'codex-agent'`. Same capability, same request schema,
 * same result as the CLI, HTTP API and MCP tool.
 */
import { runInWorkspace, type LibraryOptions } from './core/library.js'
import { analyzeCapability, type AnalyzeResult } from './capabilities/analyze/index.js'
import type { AnalyzeRequest } from './capabilities/analyze/request.js'
import { testgenCapability, type TestgenResult } from './capabilities/testgen/index.js'
import type { TestgenRequest } from './capabilities/testgen/request.js'
import type { z } from 'zod'

export type { LibraryOptions } from './core/library.js'

export async function analyze(request: z.input<typeof AnalyzeRequest>, options: LibraryOptions = {}): Promise<AnalyzeResult> {
  return runInWorkspace(analyzeCapability, request, options)
}

/** Generates tests for JavaScript modules (`files`) or a snippet (`code`); see TestgenRequest. */
export async function generateTests(request: z.input<typeof TestgenRequest>, options: LibraryOptions = {}): Promise<TestgenResult> {
  return runInWorkspace(testgenCapability, request, options)
}

export { TestgenRequest } from './capabilities/testgen/request.js'
export type { TestgenResult, ModuleTestResult, CoverageSummary } from './capabilities/testgen/index.js'
export { AnalyzeRequest } from './capabilities/analyze/request.js'
export type { AnalyzeResult, RuleDescriptor } from './capabilities/analyze/index.js'
export { generate, GenerateTaskRequest, type GenerateOptions, type GenerateTaskResult } from './capabilities/generate/task/library.js'
export {
  scaffold,
  GENERATORS,
  ScaffoldRequest,
  type ScaffoldOptions,
  type ScaffoldResult,
} from './capabilities/generate/scaffolds/library.js'
export { toSarif } from './capabilities/analyze/reporters/sarif.js'
export { toJsonReport } from './capabilities/analyze/reporters/json.js'
export type { Finding, Diagnostic, Severity, Category } from './core/finding.js'
export type { RunEvent } from './core/events.js'
export { CodexError, UserInputError, ConfigError, ForbiddenPathError, EXIT } from './core/errors.js'
export { loadConfig } from './config/load.js'
export { CodexConfigSchema, type CodexConfig } from './config/schema.js'
