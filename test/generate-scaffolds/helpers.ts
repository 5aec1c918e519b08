/**
 * Temp projects for the scaffold matrix: a package.json and tsconfig like the framework's own
 * starter, the repo's node_modules linked in (so the output typechecks and its tests run offline),
 * and the real tsc and vitest run on what the generators wrote.
 */
import { execFile } from 'node:child_process'
import { expect } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadConfig } from '../../src/config/load.js'
import { createContext } from '../../src/core/context.js'
import type { RunEvent } from '../../src/core/events.js'
import { runScaffold, type ScaffoldRequest, type ScaffoldResult } from '../../src/capabilities/generate/scaffolds/index.js'

export const REPO = join(import.meta.dirname, '..', '..')
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc')
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
const ESLINT = join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js')

export type ProjectFlavour = 'next' | 'node'

const TSCONFIG: Record<ProjectFlavour, object> = {
  // As create-next-app (Next.js 16) writes it, minus the Next plugin.
  next: {
    compilerOptions: {
      target: 'ES2017',
      lib: ['dom', 'dom.iterable', 'esnext'],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: 'react-jsx',
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['**/*.ts', '**/*.tsx'],
    exclude: ['node_modules'],
  },
  // As `tsc --init` with NodeNext writes it; shared with bench/generate.
  node: JSON.parse(readFileSync(join(import.meta.dirname, 'tsconfig.node.json'), 'utf8')) as object,
}

export interface TempProject {
  dir: string
  write(path: string, content: string): void
  remove(): void
}

export function makeProject(options: { flavour: ProjectFlavour; dependencies?: string[]; files?: Record<string, string> }): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'codex-scaffold-'))
  const deps = Object.fromEntries((options.dependencies ?? []).map((d) => [d, '*']))
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  write(
    'package.json',
    JSON.stringify(
      { name: 'scaffold-target', private: true, type: 'module', dependencies: deps, devDependencies: { vitest: '*', typescript: '*' } },
      null,
      2,
    ),
  )
  write('tsconfig.json', JSON.stringify(TSCONFIG[options.flavour], null, 2))
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
  // The linter a TypeScript project of this kind would run: ESLint with typescript-eslint's recommended rules.
  write(
    'eslint.config.js',
    "import js from '@eslint/js'\nimport tseslint from 'typescript-eslint'\nexport default tseslint.config({ ignores: ['node_modules/'] }, js.configs.recommended, ...tseslint.configs.recommended)\n",
  )
  for (const [path, content] of Object.entries(options.files ?? {})) write(path, content)
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function scaffold(dir: string, request: ScaffoldRequest, events: RunEvent[] = []): Promise<ScaffoldResult> {
  const { config } = loadConfig({ cwd: dir })
  const ctx = createContext({ workspace: dir, config, onEvent: (e) => events.push(e) })
  const { ScaffoldRequest } = await import('../../src/capabilities/generate/scaffolds/index.js')
  return runScaffold(ScaffoldRequest.parse(request) as ScaffoldRequest, ctx)
}

export interface ProcessResult {
  code: number
  output: string
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: 120_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: '1', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` })
      },
    )
  })
}

/** `tsc --noEmit` with the project's strict tsconfig. */
export function typecheck(dir: string): Promise<ProcessResult> {
  return run(process.execPath, [TSC, '--noEmit', '-p', join(dir, 'tsconfig.json')], dir)
}

/** ESLint (typescript-eslint recommended) over the project; no warnings allowed. */
export function lint(dir: string): Promise<ProcessResult> {
  return run(process.execPath, [ESLINT, '--max-warnings', '0', '.'], dir)
}

/** Runs the generated tests with vitest. */
export function runGeneratedTests(dir: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return run(process.execPath, [VITEST, 'run', '--root', dir, '--reporter', 'dot'], dir, env)
}

/** The project typechecks under its strict tsconfig and passes ESLint with no warnings. */
export async function expectTypecheckAndLint(dir: string): Promise<void> {
  expect((await typecheck(dir)).output).toBe('')
  expect((await lint(dir)).output).toBe('')
}

/** The generated tests run under vitest and exactly `count` of them pass. */
export async function expectGeneratedTestsPass(dir: string, count: number, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const result = await runGeneratedTests(dir, env)
  expect(result.code, result.output).toBe(0)
  expect(result.output).toMatch(new RegExp(`Tests\\s+${count} passed \\(${count}\\)`))
}
