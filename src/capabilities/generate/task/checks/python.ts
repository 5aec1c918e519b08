/** Python checks: py_compile, Ruff (in-process, WebAssembly) with the requested style, then mypy and pytest where installed. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { CodeStyle } from '../../../../agents/index.js'
import type { SandboxResult } from '../../../../sandbox/index.js'
import { failedWith, fromRun, sandboxRun } from './run.js'
import type { CheckInput, CheckResult } from './types.js'

const require = createRequire(import.meta.url)

interface RuffDiagnostic {
  code: string | null
  message: string
  start_location: { row: number; column: number }
}
interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[]
}
type RuffWorkspaceClass = new (options: unknown, encoding: number) => RuffWorkspace

const LINE_LENGTH: Partial<Record<CodeStyle, number>> = { google: 80, pep8: 79, black: 88 }

/** Ruff settings per style: pycodestyle and pyflakes always; pydocstyle's Google convention for `google` (not in tests). */
function ruffOptions(style: CodeStyle | undefined, isTest: boolean): unknown {
  const select = ['E', 'F', 'W']
  const lint: Record<string, unknown> = { select }
  if (style === 'google' && !isTest) {
    select.push('D')
    lint.pydocstyle = { convention: 'google' }
  }
  return { 'line-length': (style && LINE_LENGTH[style]) ?? 100, lint }
}

const workspaces = new Map<string, RuffWorkspace>()

function ruffWorkspace(style: CodeStyle | undefined, isTest: boolean): RuffWorkspace {
  const key = `${style ?? ''}:${isTest}`
  let workspace = workspaces.get(key)
  if (!workspace) {
    const { Workspace } = require('@astral-sh/ruff-wasm-nodejs') as { Workspace: RuffWorkspaceClass }
    workspace = new Workspace(ruffOptions(style, isTest), 1)
    workspaces.set(key, workspace)
  }
  return workspace
}

function ruff(input: CheckInput, sources: string[]): CheckResult {
  const problems: string[] = []
  for (const file of sources) {
    const text = readFileSync(join(input.dir, file), 'utf8')
    for (const d of ruffWorkspace(input.style, input.tests.includes(file)).check(text)) {
      problems.push(`${file}:${d.start_location.row}:${d.start_location.column}: ${d.code ?? 'syntax'} ${d.message}`)
    }
  }
  const tool = `ruff (E, F, W${input.style === 'google' ? ', D google' : ''})`
  return problems.length ? failedWith(input, 'ruff', tool, problems.join('\n')) : { name: 'ruff', tool, status: 'passed' }
}

/** `python3 -m X` without X installed: the check is skipped, not failed (one run instead of a probe and a run). */
function notInstalled(result: SandboxResult, module: string): boolean {
  return result.exitCode !== 0 && new RegExp(`No module named ${module}\\b`).test(result.stderr)
}

function skipped(name: string, tool: string, reason: string): CheckResult {
  return { name, tool, status: 'skipped', reason }
}

// The host's PYTHONDONTWRITEBYTECODE does not reach the sandbox's scrubbed environment.
const NO_BYTECODE = { PYTHONDONTWRITEBYTECODE: '1' }

export async function checkPython(input: CheckInput): Promise<CheckResult[]> {
  const sources = input.files.filter((f) => f.endsWith('.py'))
  const results: CheckResult[] = []
  const compiled = await sandboxRun(input, 'python3', ['-m', 'py_compile', ...sources], NO_BYTECODE)
  results.push(fromRun(input, 'syntax', 'python3 -m py_compile', compiled))
  if (results[0]!.status === 'failed') return results
  results.push(ruff(input, sources))

  const mypy = await sandboxRun(
    input,
    'python3',
    ['-m', 'mypy', '--ignore-missing-imports', '--cache-dir=/dev/null', '--no-error-summary', '--no-color-output', ...sources],
    NO_BYTECODE,
  )
  results.push(
    notInstalled(mypy, 'mypy') ? skipped('mypy', 'mypy', 'mypy is not installed (pip install mypy)') : fromRun(input, 'mypy', 'mypy', mypy),
  )

  if (input.tests.length === 0) {
    results.push(failedWith(input, 'tests', 'pytest', 'No test files (test_*.py) were written.'))
    return results
  }
  const pytest = await sandboxRun(
    input,
    'python3',
    ['-m', 'pytest', '-q', '--no-header', '-p', 'no:cacheprovider', '--tb=short', '-o', 'console_output_style=classic', ...input.tests],
    NO_BYTECODE,
  )
  results.push(
    notInstalled(pytest, 'pytest')
      ? skipped('tests', 'pytest', 'pytest is not installed (pip install pytest)')
      : fromRun(input, 'tests', 'pytest', pytest),
  )
  return results
}
