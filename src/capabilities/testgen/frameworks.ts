/**
 * The test frameworks: which one a project uses, where its runner is installed, and running a test
 * file with it (in the sandbox) to learn which tests pass. Generated tests are generated code: they
 * never run outside the sandbox.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { runSandboxed } from '../../sandbox/index.js'
import type { Framework } from './writer/render.js'

const VITEST_CONFIGS = [
  'vitest.config.ts',
  'vitest.config.mts',
  'vitest.config.js',
  'vitest.config.mjs',
  'vite.config.ts',
  'vite.config.mts',
  'vite.config.js',
  'vite.config.mjs',
]

/** vitest, jest or mocha when the project depends on one (in that order), else node:test. */
export function detectFramework(projectRoot: string): Framework {
  const deps = projectDependencies(projectRoot)
  for (const framework of ['vitest', 'jest', 'mocha'] as const) if (deps.has(framework)) return framework
  return 'node'
}

function projectDependencies(projectRoot: string): Set<string> {
  const file = join(projectRoot, 'package.json')
  if (!existsSync(file)) return new Set()
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>
    return new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})])
  } catch {
    return new Set()
  }
}

/** The runner script of a framework as installed for the project (its package's `bin`), or undefined; node:test needs none. */
export function resolveRunner(framework: Framework, projectRoot: string): string | undefined {
  if (framework === 'node') return process.execPath
  try {
    // Through package.json: packages with an `exports` map do not expose their bin scripts as subpaths.
    const manifest = createRequire(join(projectRoot, 'package.json')).resolve(`${framework}/package.json`)
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[framework]
    return bin ? join(dirname(manifest), bin) : undefined
  } catch {
    return undefined
  }
}

export interface TestRunReport {
  passed: Set<string>
  failed: Set<string>
  /** Output for a person when the run could not be read at all. */
  problem?: string
}

/** Runs one test file once with its framework and reports passing and failing tests by full title. */
export async function runTestFile(options: {
  framework: Framework
  runner: string
  file: string
  projectRoot: string
  workspace: string
  timeoutMs: number
  readOnlyPaths?: string[]
  signal?: AbortSignal
}): Promise<TestRunReport> {
  const { framework, runner, file } = options
  const readOnlyPaths = [...(options.readOnlyPaths ?? [])]
  let scratch: string | undefined
  let vitestConfig: string[] = []
  if (framework === 'vitest') {
    // The sandbox mounts the workspace read-only, so Vite must not bundle the config into a temp file
    // (`--configLoader runner`); a project without a config of its own gets a minimal one rooted at
    // the project, not one Vite would find in a folder above it.
    vitestConfig = ['--configLoader', 'runner']
    if (!VITEST_CONFIGS.some((name) => existsSync(join(options.projectRoot, name)))) {
      scratch = mkdtempSync(join(tmpdir(), 'codex-vitest-'))
      const config = join(scratch, 'vitest.config.mjs')
      writeFileSync(
        config,
        `export default { root: ${JSON.stringify(options.projectRoot)}, cacheDir: ${JSON.stringify(join(tmpdir(), 'codex-vitest-cache'))} }\n`,
      )
      vitestConfig.push('--config', config)
      readOnlyPaths.push(scratch)
    }
  }
  const args: string[] =
    framework === 'node'
      ? ['--test', '--test-reporter=tap', file]
      : framework === 'mocha'
        ? [runner, '--reporter', 'json', '--timeout', '5000', '--no-config', '--no-package', file]
        : framework === 'vitest'
          ? [runner, 'run', file, '--reporter=json', '--testTimeout=5000', ...vitestConfig]
          : [runner, '--json', '--runTestsByPath', file, '--testTimeout=5000', '--ci']
  let result: Awaited<ReturnType<typeof runSandboxed>>
  try {
    result = await runSandboxed({
      command: process.execPath,
      args,
      workspace: options.workspace,
      cwd: options.projectRoot,
      policy: { sandbox: 'read-only', network: false },
      limits: { timeoutMs: options.timeoutMs, cpuSeconds: Math.ceil(options.timeoutMs / 1000) + 10, maxOutputBytes: 64 * 1024 * 1024 },
      readOnlyPaths,
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
  const report = framework === 'node' ? parseTap(result.stdout) : parseJsonReport(framework, result.stdout)
  if (report.passed.size === 0 && report.failed.size === 0) {
    report.problem = (result.timedOut ? 'timed out. ' : '') + `${result.stdout}\n${result.stderr}`.trim().slice(-1500)
  }
  return report
}

export function parseJsonReport(framework: Framework, stdout: string): TestRunReport {
  const report: TestRunReport = { passed: new Set(), failed: new Set() }
  const start = stdout.indexOf('{')
  if (start < 0) return report
  let data: unknown
  try {
    data = JSON.parse(stdout.slice(start))
  } catch {
    return report
  }
  if (framework === 'mocha') {
    const mocha = data as { passes?: { fullTitle: string }[]; failures?: { fullTitle: string }[] }
    for (const test of mocha.passes ?? []) report.passed.add(test.fullTitle)
    for (const test of mocha.failures ?? []) report.failed.add(test.fullTitle)
    return report
  }
  const jest = data as { testResults?: { assertionResults?: { ancestorTitles?: string[]; title: string; status: string }[] }[] }
  for (const file of jest.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      const title = [...(test.ancestorTitles ?? []), test.title].join(' ')
      if (test.status === 'passed') report.passed.add(title)
      else report.failed.add(title)
    }
  }
  return report
}

/** node:test's TAP: `# Subtest: name` lines open a level (4 spaces each); `ok`/`not ok` lines close it. */
export function parseTap(stdout: string): TestRunReport {
  const report: TestRunReport = { passed: new Set(), failed: new Set() }
  const path: string[] = []
  const leaf = new Map<string, boolean>()
  for (const line of stdout.split('\n')) {
    const subtest = /^( *)# Subtest: (.*)$/.exec(line)
    if (subtest) {
      const level = (subtest[1] ?? '').length / 4
      path.length = level
      path[level] = unescapeTap(subtest[2] ?? '')
      continue
    }
    const result = /^( *)(ok|not ok) \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(line)
    if (result) {
      const level = (result[1] ?? '').length / 4
      const title = [...path.slice(0, level), unescapeTap(result[3] ?? '')].join(' ')
      leaf.set(title, result[2] === 'ok')
      // A suite's own line comes after its tests: drop it, only tests count.
      for (const key of [...leaf.keys()]) if (key !== title && key.startsWith(`${title} `)) leaf.set(title, leaf.get(title) ?? true)
      path.length = level
    }
  }
  const titles = [...leaf.keys()]
  for (const [title, ok] of leaf) {
    const isSuite = titles.some((other) => other !== title && other.startsWith(`${title} `))
    if (isSuite) continue
    if (ok) report.passed.add(title)
    else report.failed.add(title)
  }
  return report
}

function unescapeTap(text: string): string {
  return text.replace(/\\#/g, '#').replace(/\\\\/g, '\\')
}
