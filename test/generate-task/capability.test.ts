/**
 * The generate.task capability through the library door, with the scripted model at the model
 * boundary and everything else real: staging, tools, checks in the sandbox, the change-set commit.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generate } from '../../src/index.js'
import { defaultConfig } from '../../src/config/schema.js'
import type { RunEvent } from '../../src/core/events.js'
import { createScriptedModel, type ScriptedReply } from '../../src/models/index.js'

const write = (id: string, path: string, content: string) => ({ id, name: 'file_system', arguments: { operation: 'write', path, content } })

function workspaceWith(files: Record<string, string> = {}): string {
  const workspace = mkdtempSync(join(tmpdir(), 'codex-generate-capability-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workspace, path, '..'), { recursive: true })
    writeFileSync(join(workspace, path), content)
  }
  return workspace
}

function run(workspace: string, replies: ScriptedReply[], request: Record<string, unknown>) {
  const model = createScriptedModel(replies, { ref: 'openai:gpt-4.1' })
  const events: RunEvent[] = []
  const result = generate({ task: 'Add a multiply function', language: 'typescript', output: 'src', ...request } as never, {
    workspace,
    config: defaultConfig(),
    model,
    env: {},
    onEvent: (event) => events.push(event),
  })
  return { model, events, result }
}

const TEST = [
  "import { test } from 'node:test'",
  "import assert from 'node:assert/strict'",
  "import { add, multiply } from './math.js'",
  '',
  "test('adds and multiplies', () => {",
  '  assert.equal(add(2, 3), 5)',
  '  assert.equal(multiply(2, 3), 6)',
  '})',
  '',
].join('\n')

describe('generate.task', () => {
  it('updates an existing TypeScript file, type-checks and tests it, and commits the change set', async () => {
    const before = 'export function add(a: number, b: number): number {\n  return a + b\n}\n'
    const workspace = workspaceWith({ 'src/math.ts': before, 'README.md': '# demo\n' })
    const after = `${before}\nexport function multiply(a: number, b: number): number {\n  return a * b\n}\n`
    const { model, events, result } = run(
      workspace,
      [
        {
          toolCalls: [{ id: 'r', name: 'file_system', arguments: { operation: 'read', path: 'math.ts' } }],
          usage: { inputTokens: 900, outputTokens: 40 },
        },
        { toolCalls: [write('w1', 'math.ts', after), write('w2', 'math.test.ts', TEST)] },
        { text: 'Added multiply and a test.' },
      ],
      { requirements: 'pure functions, no dependencies' },
    )
    const report = await result
    expect(report).toMatchObject({ verified: true, written: true, output: 'src', verification: { attempts: 1 } })
    expect(report.verification.checks.map((c) => `${c.name}:${c.status}`)).toEqual(['complete:passed', 'tsc:passed', 'tests:passed'])
    expect(report.files.map((f) => [f.path, f.action, f.test])).toEqual([
      ['src/math.test.ts', 'create', true],
      ['src/math.ts', 'update', false],
    ])
    expect(report.diff).toContain('diff --git a/src/math.ts b/src/math.ts')
    expect(report.diff).toContain('+export function multiply(a: number, b: number): number {')
    expect(readFileSync(join(workspace, 'src', 'math.ts'), 'utf8')).toBe(after)
    // The existing file was in the prompt's symbol map; the requirements were split on commas.
    const task = model.requests[0]!.messages[0]!.content
    expect(task).toContain('math.ts: function add(a: number, b: number)')
    expect(task).toContain('Requirements:\n- pure functions\n- no dependencies')
    expect(model.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', content: before })
    expect(events.filter((e) => e.type === 'model.call')[0]).toMatchObject({ model: 'openai:gpt-4.1', inputTokens: 900, outputTokens: 40 })
    expect(events.filter((e) => e.type === 'artifact').map((e) => (e.type === 'artifact' ? e.path : ''))).toEqual([
      'src/math.test.ts',
      'src/math.ts',
    ])
    expect(events.at(-1)).toMatchObject({ type: 'run.completed', summary: { verified: true, written: true, files: 2 } })
  })

  it('stops at --max-cost with a clear error and leaves the output folder untouched', async () => {
    const workspace = workspaceWith({ 'src/keep.ts': 'export const keep = 1\n' })
    const { result, events } = run(
      workspace,
      [
        { toolCalls: [write('w1', 'math.ts', 'export const x = 1\n')], costUsd: 0.03 },
        { toolCalls: [write('w2', 'math.test.ts', 'x')], costUsd: 0.03 },
        { text: 'never reached' },
      ],
      { max_cost: 0.05 },
    )
    await expect(result).rejects.toThrow(/spent \$0\.0600 of its \$0\.0500 budget \(--max-cost\) in 2 model calls/)
    expect(readdirSync(join(workspace, 'src'))).toEqual(['keep.ts'])
    expect(events.at(-1)).toMatchObject({ type: 'run.failed', error: { code: 'model_budget_exceeded' } })
  })

  it('writes nothing when unverified, unless forced', async () => {
    const replies = (): ScriptedReply[] => [
      { toolCalls: [write('w1', 'math.ts', 'export const n: number = "x"\n'), write('w2', 'math.test.ts', TEST)] },
      { text: 'Done.' },
    ]
    const workspace = workspaceWith()
    const refused = await run(workspace, replies(), { max_attempts: 1 }).result
    expect(refused).toMatchObject({ verified: false, written: false })
    expect(refused.verification.checks.find((c) => c.name === 'tsc')?.output).toContain(
      "math.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    )
    expect(readdirSync(workspace)).toEqual([])
    const forced = await run(workspace, replies(), { max_attempts: 1, force: true }).result
    expect(forced).toMatchObject({ verified: false, written: true })
    expect(readdirSync(join(workspace, 'src')).sort()).toEqual(['math.test.ts', 'math.ts'])
  })

  it('refuses to overwrite a file that changed on disk during the run', async () => {
    const workspace = workspaceWith({ 'src/math.mjs': 'export const v = 1\n' })
    const { result } = run(
      workspace,
      [
        () => {
          writeFileSync(join(workspace, 'src', 'math.mjs'), 'export const v = 2 // edited by a person meanwhile\n')
          return { toolCalls: [write('w1', 'math.mjs', 'export const v = 3\n'), write('w2', 'math.test.mjs', "import './math.mjs'\n")] }
        },
        { text: 'Done.' },
      ],
      { language: 'javascript' },
    )
    await expect(result).rejects.toMatchObject({ code: 'conflict', exitCode: 2, httpStatus: 409 })
    expect(readFileSync(join(workspace, 'src', 'math.mjs'), 'utf8')).toBe('export const v = 2 // edited by a person meanwhile\n')
    expect(readdirSync(join(workspace, 'src'))).toEqual(['math.mjs'])
  })

  it("lets generated code use the project's node_modules, also in a workspace under /tmp", async () => {
    const workspace = workspaceWith({
      'node_modules/tiny-greet/package.json': '{ "name": "tiny-greet", "type": "module", "exports": "./index.js" }\n',
      'node_modules/tiny-greet/index.js': 'export const greet = (name) => `hello ${name}`\n',
    })
    const { result } = run(
      workspace,
      [
        {
          toolCalls: [
            write('w1', 'welcome.mjs', "import { greet } from 'tiny-greet'\nexport const welcome = (name) => greet(name).toUpperCase()\n"),
            write(
              'w2',
              'welcome.test.mjs',
              "import test from 'node:test'\nimport assert from 'node:assert/strict'\nimport { welcome } from './welcome.mjs'\ntest('welcomes', () => assert.equal(welcome('ada'), 'HELLO ADA'))\n",
            ),
          ],
        },
        { text: 'Done.' },
      ],
      { language: 'javascript', output: 'app' },
    )
    const report = await result
    expect(report.verification.checks.map((c) => `${c.name}:${c.status}`)).toEqual(['complete:passed', 'syntax:passed', 'tests:passed'])
    expect(readdirSync(join(workspace, 'app')).sort()).toEqual(['welcome.mjs', 'welcome.test.mjs'])
  })

  it('fails fast with the configuration help when no model is configured', async () => {
    const workspace = workspaceWith()
    const error = await generate({ task: 'x', language: 'python' }, { workspace, config: defaultConfig(), env: {} }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'model_not_configured', exitCode: 3 })
    expect((error as Error).message).toContain('--model llama-cpp:./model.gguf')
  })
})
