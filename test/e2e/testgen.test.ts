/**
 * `generate tests` end to end on the project's example modules (examples/modules): the real CLI
 * binary generates tests; they must run and pass with node:test and vitest, reach their coverage, and
 * fail when the module under test is broken (the assertions check real behaviour). Also: merging into
 * an existing test file, --changed-files, bad input, and the HTTP, MCP and library doors.
 */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTests } from '../../src/index.js'
import { CLI, copyToTemp, REPO, runCli, startServer } from '../helpers/cli.js'

const run = promisify(execFile)
const EXAMPLES = join(REPO, 'examples', 'modules')

interface FileResult {
  module: string
  testFile: string
  framework: string
  tests: number
  validated: boolean
  written: boolean
  coverage: { statements: number; branches: number; functions: number; lines: number }
  uncovered: { file: string; lines: string }[]
  content?: string
  warnings: string[]
}

async function generate(workspace: string, args: string[]): Promise<FileResult> {
  const result = await runCli(['generate', 'tests', ...args, '--json', '--no-store'], { cwd: workspace })
  expect(result.code, result.stderr + result.stdout).toBe(0)
  const files = (JSON.parse(result.stdout) as { files: FileResult[] }).files
  expect(files).toHaveLength(1)
  return files[0] as FileResult
}

/** Runs a test file with node:test; resolves to the TAP summary counts. */
async function nodeTest(workspace: string, file: string): Promise<{ pass: number; fail: number }> {
  let stdout: string
  try {
    stdout = (await run(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: workspace })).stdout
  } catch (error) {
    stdout = String((error as { stdout?: string }).stdout)
  }
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(stdout)?.[1] ?? Number.NaN)
  return { pass: count('pass'), fail: count('fail') }
}

/** Every `return x` becomes `return void x`: each function still runs (and throws) but returns nothing. */
function breakReturns(file: string): () => void {
  const original = readFileSync(file, 'utf8')
  writeFileSync(file, original.replace(/\breturn (?!void)/g, 'return void '))
  return () => writeFileSync(file, original)
}

describe('generate tests on the example modules (node:test)', () => {
  let workspace: string
  beforeAll(() => {
    workspace = copyToTemp(EXAMPLES)
  })

  for (const module of ['src/slug.js', 'src/cart.mjs', 'src/settings.js']) {
    it(`${module}: the tests pass 5 runs, cover the module, and catch it when it breaks`, async () => {
      const file = await generate(workspace, [module, '--framework', 'node', '--budget', '8s'])
      expect(file.validated, file.warnings.join('\n')).toBe(true)
      expect(file.written).toBe(true)
      expect(file.tests).toBeGreaterThanOrEqual(4)
      expect(file.coverage.statements).toBeGreaterThanOrEqual(80)
      expect(file.coverage.branches).toBeGreaterThanOrEqual(70)
      const text = readFileSync(join(workspace, file.testFile), 'utf8')
      expect(text).toMatch(/assert\.(strictEqual|deepStrictEqual|throws|rejects|ok)\(/)

      // node:test counts describe blocks as passing tests too.
      const passing = await nodeTest(workspace, file.testFile)
      expect(passing.fail).toBe(0)
      expect(passing.pass).toBeGreaterThanOrEqual(file.tests)

      const restore = breakReturns(join(workspace, module))
      try {
        const broken = await nodeTest(workspace, file.testFile)
        // Tests of thrown errors still pass; the ones asserting results must fail.
        expect(broken.fail).toBeGreaterThanOrEqual(Math.ceil(file.tests / 4))
      } finally {
        restore()
      }
    }, 90_000)
  }

  it('merges into an existing test file and replaces only its own part on the next run', async () => {
    const out = join(workspace, 'test', 'slug.test.js')
    mkdirSync(join(workspace, 'test'), { recursive: true })
    const own =
      "'use strict'\nconst { it } = require('node:test')\nconst assert = require('node:assert/strict')\nit('my own test', () => assert.ok(true))\n"
    writeFileSync(out, own)
    await generate(workspace, ['src/slug.js', '--framework', 'node', '--budget', '4s', '--out', 'test/slug.test.js'])
    await generate(workspace, ['src/slug.js', '--framework', 'node', '--budget', '4s', '--out', 'test/slug.test.js', '--seed', '2'])
    const merged = readFileSync(out, 'utf8')
    expect(merged.startsWith(own.trimEnd())).toBe(true)
    expect(merged.match(/codex-agent generated tests: begin/g)).toHaveLength(1)
    expect(merged).toContain('(seed 2)')
    const result = await nodeTest(workspace, 'test/slug.test.js')
    expect(result.fail).toBe(0)
    expect(result.pass).toBeGreaterThan(1)
  }, 90_000)

  it('--changed-files tests the modules git sees as changed, and only those', async () => {
    const repo = copyToTemp(EXAMPLES)
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' })
    git('init', '-q')
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'add', '.')
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=CI', 'commit', '-qm', 'init')
    writeFileSync(join(repo, 'src', 'slug.js'), `${readFileSync(join(repo, 'src', 'slug.js'), 'utf8')}\n// changed\n`)
    const file = await generate(repo, ['--changed-files', '--framework', 'node', '--budget', '3s', '--dry-run'])
    expect(file.module).toBe('src/slug.js')
    expect(file.written).toBe(false)
    expect(file.content).toContain("require('./slug.js')")
    expect(existsSync(join(repo, file.testFile))).toBe(false)
  }, 60_000)

  it('refuses bad input with exit 2 and a message that says what to do', async () => {
    const notJs = await runCli(['generate', 'tests', 'README.md', '--no-store'], { cwd: workspace })
    expect(notJs.code).toBe(2)
    expect(notJs.stderr).toMatch(/not a JavaScript module/)
    const outside = await runCli(['generate', 'tests', '../../etc/passwd.js', '--no-store'], { cwd: workspace })
    expect(outside.code).toBe(2)
    expect(outside.stderr).toMatch(/outside the workspace/)
    const budget = await runCli(['generate', 'tests', 'src/slug.js', '--budget', 'soon', '--no-store'], { cwd: workspace })
    expect(budget.code).toBe(2)
    expect(budget.stderr).toMatch(/--budget "soon" is not a duration/)
    const none = await runCli(['generate', 'tests', '--no-store'], { cwd: workspace })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/Give the module to test/)
  })
})

describe('generate tests with vitest', () => {
  // Inside the repository, so the project resolves vitest from the repository's node_modules.
  const workspace = join(REPO, 'test', '.work', `vitest-${process.pid}`)
  beforeAll(() => {
    mkdirSync(join(REPO, 'test', '.work'), { recursive: true })
    cpSync(EXAMPLES, workspace, { recursive: true })
  })
  afterAll(() => rmSync(workspace, { recursive: true, force: true }))

  it('writes expect() tests that pass 5 runs with vitest', async () => {
    const file = await generate(workspace, ['src/cart.mjs', '--framework', 'vitest', '--budget', '8s'])
    expect(file.validated, file.warnings.join('\n')).toBe(true)
    expect(file.tests).toBeGreaterThanOrEqual(4)
    const text = readFileSync(join(workspace, file.testFile), 'utf8')
    expect(text).toContain("import { describe, expect, it } from 'vitest'")
    expect(text).toMatch(/expect\(.*\)\.(toBe|toEqual|toThrow)\(/)
  }, 90_000)
})

describe('the test capability through every door', () => {
  const code =
    "function clamp(value, min, max) {\n  if (min > max) throw new RangeError('min > max')\n  return Math.min(Math.max(value, min), max)\n}\nmodule.exports = { clamp }\n"
  let workspace: string
  let server: { url: string; child: ChildProcess }

  beforeAll(async () => {
    workspace = copyToTemp(EXAMPLES)
    server = await startServer(workspace)
  })
  afterAll(() => server?.child.kill())

  it('HTTP: POST /api/codex/test with the spec body returns tests and writes nothing', async () => {
    const response = await fetch(`${server.url}/api/codex/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, test_types: ['unit'], coverage_target: 95, edge_cases: true, framework: 'node', budget_ms: 4000 }),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { files: FileResult[] }
    const file = body.files[0] as FileResult
    expect(file.written).toBe(false)
    expect(file.tests).toBeGreaterThanOrEqual(2)
    expect(file.content).toContain('clamp')
    expect(file.content).toContain("const snippet = require('./snippet.js')")
    expect(file.content).toMatch(/assert\.throws\(\(\) => snippet\.clamp\(/)
    expect(file.coverage.statements).toBe(100)
  }, 60_000)

  it('HTTP: 400 names the field, 403 outside the workspace', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/codex/test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const invalid = await post({ code, coverage_target: 250 })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { error: { field: string } }).error.field).toBe('coverage_target')
    const performance = await post({ code, test_types: ['performance'] })
    expect(performance.status).toBe(400)
    expect(((await performance.json()) as { error: { field: string } }).error.field).toBe('test_types')
    const outside = await post({ files: ['../../../etc/hosts.js'] })
    expect(outside.status).toBe(403)
  })

  it('MCP: the generate_tests tool', async () => {
    const client = new Client({ name: 'e2e', version: '1.0.0' })
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: workspace, stderr: 'pipe' }))
    try {
      const tools = await client.listTools()
      expect(tools.tools.map((t) => t.name)).toContain('generate_tests')
      const result = await client.callTool({
        name: 'generate_tests',
        arguments: { code, framework: 'node', budget_ms: 4000, write: false },
      })
      const text = (result.content as { type: string; text: string }[])[0]?.text ?? ''
      const body = JSON.parse(text) as { files: FileResult[] }
      expect(body.files[0]?.tests).toBeGreaterThanOrEqual(2)
      expect(body.files[0]?.content).toContain('clamp')
    } finally {
      await client.close()
    }
  }, 60_000)

  it('library: generateTests({ files })', async () => {
    const result = await generateTests({ files: ['src/slug.js'], framework: 'node', budget_ms: 4000, write: false }, { workspace })
    expect(result.files[0]?.tests).toBeGreaterThanOrEqual(3)
    expect(result.files[0]?.validated).toBe(true)
    expect(result.files[0]?.content).toContain("require('./slug.js')")
  }, 60_000)
})
