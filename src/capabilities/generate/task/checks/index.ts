/**
 * Verification of generated code: the change set is complete (code, and tests where the language
 * has them), within the line limit, and passes the language's checks in the sandbox.
 */
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { TaskLanguage } from '../../../../agents/index.js'
import { checkData } from './data.js'
import { checkJavaScript, checkTypeScript } from './node.js'
import { checkPython } from './python.js'
import { checkBash } from './shell.js'
import type { CheckInput, CheckResult } from './types.js'

export type { CheckInput, CheckResult, CheckStatus } from './types.js'
export { normalizeOutput } from './run.js'

const SOURCE: Record<TaskLanguage, RegExp> = {
  python: /\.py$/,
  typescript: /\.(?:mts|cts|ts|tsx)$/,
  javascript: /\.(?:mjs|cjs|js|jsx)$/,
  bash: /\.(?:sh|bash)$/,
  yaml: /\.ya?ml$/,
  json: /\.json$/,
}

/** Whether a file is a test of the language (it counts as a test, not as code). */
export function isTestFile(language: TaskLanguage, path: string): boolean {
  const name = basename(path)
  switch (language) {
    case 'python':
      return /^test_.*\.py$|_test\.py$/.test(name) || name === 'conftest.py'
    case 'typescript':
      return /\.(?:test|spec)\.(?:mts|cts|ts|tsx)$/.test(name)
    case 'javascript':
      return /\.(?:test|spec)\.(?:mjs|cjs|js|jsx)$/.test(name)
    case 'bash':
      return /^test_.*\.(?:sh|bash)$|_test\.(?:sh|bash)$/.test(name)
    default:
      return false
  }
}

export function hasTests(language: TaskLanguage): boolean {
  return language !== 'yaml' && language !== 'json'
}

export function countLines(text: string): number {
  if (text === '') return 0
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

function completeness(input: CheckInput): CheckResult {
  const code = input.files.filter((f) => SOURCE[input.language].test(f) && !input.tests.includes(f))
  const missing: string[] = []
  if (code.length === 0) missing.push(`no ${input.language} code file was written`)
  if (hasTests(input.language) && input.tests.length === 0) missing.push('no test file was written')
  if (missing.length === 0) return { name: 'complete', tool: 'change set', status: 'passed' }
  return { name: 'complete', tool: 'change set', status: 'failed', output: `The change set is incomplete: ${missing.join(' and ')}.` }
}

function lineLimit(input: CheckInput): CheckResult | undefined {
  if (input.maxLines === undefined) return undefined
  const counted = input.files.filter((f) => SOURCE[input.language].test(f) && !input.tests.includes(f))
  const perFile = counted.map((f) => ({ file: f, lines: countLines(readFileSync(join(input.dir, f), 'utf8')) }))
  const total = perFile.reduce((sum, f) => sum + f.lines, 0)
  const tool = `at most ${input.maxLines} lines of code`
  if (total <= input.maxLines) return { name: 'max_lines', tool, status: 'passed' }
  const detail = perFile.map((f) => `${f.file}: ${f.lines}`).join(', ')
  return {
    name: 'max_lines',
    tool,
    status: 'failed',
    output: `The code has ${total} lines (${detail}); the limit is ${input.maxLines}, tests not counted. Make it shorter.`,
  }
}

/** Runs every check; stops before the language checks when the change set is incomplete. */
export async function runChecks(input: CheckInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [completeness(input)]
  const limit = lineLimit(input)
  if (limit) results.push(limit)
  if (results[0]!.status === 'failed') return results
  switch (input.language) {
    case 'python':
      results.push(...(await checkPython(input)))
      break
    case 'typescript':
      results.push(...(await checkTypeScript(input)))
      break
    case 'javascript':
      results.push(...(await checkJavaScript(input)))
      break
    case 'bash':
      results.push(...(await checkBash(input)))
      break
    case 'yaml':
    case 'json':
      results.push(...checkData(input))
      break
  }
  return results
}

/** The message that sends failed checks back to the model. */
export function feedbackFor(results: readonly CheckResult[], attempt: number, maxAttempts: number): string {
  const failed = results.filter((r) => r.status === 'failed')
  const sections = failed.map((r) => `## ${r.name} (${r.tool}) failed\n${r.output ?? ''}`)
  return [
    `Verification of attempt ${attempt} of ${maxAttempts} failed: ${failed.map((r) => r.name).join(', ')}.`,
    'Fix the files (file_system write or patch), then answer without a tool call.',
    '',
    ...sections,
  ].join('\n')
}
