/**
 * JavaScript and TypeScript checks: `node --check` for JavaScript, `tsc --strict` for TypeScript
 * (the project's own TypeScript, else codex-agent's), then the tests with `node --test`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { failedWith, fromRun, sandboxRun } from './run.js'
import { NODE_TEST_REPORTER } from './node-test-reporter.js'
import type { CheckInput, CheckResult } from './types.js'

/** Build output and the test reporter go here, inside the staging folder (never into the change set). */
export const BUILD_DIR = '.verify-build'

const JS_SOURCE = /\.(?:mjs|cjs|js|jsx)$/
const TS_SOURCE = /\.(?:mts|cts|ts|tsx)$/

/** Resolves a package file from the workspace first, then from codex-agent's own dependencies. */
export function resolvePackageFile(workspace: string, specifier: string): string | undefined {
  for (const from of [join(workspace, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from).resolve(specifier)
    } catch {
      // Not installed there: try the next place.
    }
  }
  return undefined
}

function writeReporter(dir: string): string {
  const file = join(dir, BUILD_DIR, 'node-test-reporter.mjs')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, NODE_TEST_REPORTER)
  return file
}

async function nodeTests(input: CheckInput, files: string[], tool: string): Promise<CheckResult> {
  if (files.length === 0) return { name: 'tests', tool, status: 'failed', output: 'No test files were written.' }
  const reporter = writeReporter(input.dir)
  const result = await sandboxRun(input, process.execPath, ['--test', '--test-concurrency=1', `--test-reporter=${reporter}`, ...files])
  return fromRun(input, 'tests', tool, result)
}

export async function checkJavaScript(input: CheckInput): Promise<CheckResult[]> {
  const sources = input.files.filter((f) => JS_SOURCE.test(f))
  const results: CheckResult[] = []
  const syntax = await sandboxRun(
    input,
    'bash',
    ['--noprofile', '--norc', '-c', 'rc=0; for f in "$@"; do "$NODE" --check "$f" || rc=1; done; exit $rc', 'check', ...sources],
    { NODE: process.execPath },
  )
  results.push(fromRun(input, 'syntax', 'node --check', syntax))
  if (results[0]!.status === 'failed') return results
  results.push(await nodeTests(input, input.tests, 'node --test'))
  return results
}

export async function checkTypeScript(input: CheckInput): Promise<CheckResult[]> {
  const sources = input.files.filter((f) => TS_SOURCE.test(f) && !f.endsWith('.d.ts'))
  const tsc = resolvePackageFile(input.workspace, 'typescript/bin/tsc')
  if (!tsc) {
    return [
      {
        name: 'tsc',
        tool: 'tsc --strict',
        status: 'failed',
        output:
          'TypeScript is not installed: add it to the project (npm install --save-dev typescript) to type-check generated TypeScript.',
      },
    ]
  }
  const typesNode = resolvePackageFile(input.workspace, '@types/node/package.json')
  const args = [
    tsc,
    '--strict',
    '--noEmitOnError',
    '--pretty',
    'false',
    '--target',
    'ES2022',
    '--module',
    'ESNext',
    '--moduleResolution',
    'Bundler',
    '--skipLibCheck',
    '--rootDir',
    '.',
    '--outDir',
    BUILD_DIR,
    ...(typesNode ? ['--types', 'node', '--typeRoots', dirname(dirname(typesNode))] : []),
    ...sources,
  ]
  const compiled = await sandboxRun(input, process.execPath, args)
  const typecheck = fromRun(input, 'tsc', 'tsc --strict', compiled)
  if (typecheck.status === 'failed') return [typecheck]
  if (input.tests.length === 0) return [typecheck, failedWith(input, 'tests', 'node --test', 'No test files were written.')]
  // The compiled tests are ES modules; the build folder says so.
  writeFileSync(join(input.dir, BUILD_DIR, 'package.json'), '{ "type": "module" }\n')
  const built = input.tests.map((t) => `${BUILD_DIR}/${t.replace(/\.(m|c)?tsx?$/, (_m, kind: string | undefined) => `.${kind ?? ''}js`)}`)
  const missing = built.find((file) => !existsSync(join(input.dir, file)))
  if (missing) return [typecheck, failedWith(input, 'tests', 'node --test', `tsc produced no ${missing}.`)]
  return [typecheck, await nodeTests(input, built, 'node --test (compiled by tsc)')]
}
