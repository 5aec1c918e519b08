/** The agent loop with the scripted model (the only double, at the model boundary) and real tools on real files. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileSystemTool, runAgentLoop, type AgentLoopOptions } from '../../src/agents/index.js'
import type { RunEventBody } from '../../src/core/events.js'
import { Budget, createScriptedModel, withAccounting, type ScriptedReply } from '../../src/models/index.js'

function setup(replies: ScriptedReply[], overrides: Partial<AgentLoopOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'codex-loop-'))
  const model = createScriptedModel(replies)
  const fileSystem = createFileSystemTool({ root })
  const events: RunEventBody[] = []
  const verifications: number[] = []
  const options: AgentLoopOptions = {
    model,
    system: 'You write code.',
    task: 'Task: write a.txt saying ok',
    tools: [fileSystem],
    contextWindow: 100_000,
    maxAttempts: 3,
    emit: (event) => events.push(event),
    signal: new AbortController().signal,
    async verify(attempt) {
      verifications.push(attempt)
      const ok = fileSystem.changes.get('a.txt') === 'ok\n'
      return { passed: ok, feedback: `a.txt must say "ok" (attempt ${attempt})` }
    },
    ...overrides,
  }
  return { root, model, events, verifications, options }
}

const write = (id: string, content: string) => ({ id, name: 'file_system', arguments: { operation: 'write', path: 'a.txt', content } })

describe('runAgentLoop', () => {
  it('acts with tools, verifies when the model is done, feeds failures back, and stops when verified', async () => {
    const { root, model, events, verifications, options } = setup([
      { text: 'Plan: write a.txt.', toolCalls: [write('c1', 'nope\n')] },
      { text: 'Done.' },
      { toolCalls: [write('c2', 'ok\n')] },
      { text: 'Fixed.' },
    ])
    const result = await runAgentLoop(options)
    expect(result).toMatchObject({ verified: true, attempts: 2, modelCalls: 4, toolCalls: 2, finalText: 'Fixed.' })
    expect(verifications).toEqual([1, 2])
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('ok\n')
    // Every request carries the pinned task first; the third one ends with the verification feedback.
    for (const request of model.requests) expect(request.messages[0]).toEqual({ role: 'user', content: 'Task: write a.txt saying ok' })
    expect(model.requests[1]!.messages.at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'c1',
      toolName: 'file_system',
      content: 'wrote a.txt (1 lines)',
    })
    expect(model.requests[2]!.messages.at(-1)).toEqual({ role: 'user', content: 'a.txt must say "ok" (attempt 1)' })
    expect(model.requests[0]!.tools?.map((t) => t.name)).toEqual(['file_system'])
    expect(events.filter((e) => e.type === 'step.started').map((e) => (e.type === 'step.started' ? `${e.step} ${e.detail}` : ''))).toEqual([
      'plan asking mock:scripted to plan the work',
      'act write a.txt',
      'verify attempt 1 of 3',
      'fix attempt 2 of 3: verification failed',
      'act write a.txt',
      'verify attempt 2 of 3',
    ])
  })

  it('gives up after maxAttempts verifications, unverified', async () => {
    const { options, verifications } = setup([{ toolCalls: [write('c1', 'no\n')] }, { text: 'Done.' }, { text: 'Still done.' }], {
      maxAttempts: 2,
    })
    const result = await runAgentLoop(options)
    expect(result).toMatchObject({ verified: false, attempts: 2, modelCalls: 3 })
    expect(verifications).toEqual([1, 2])
  })

  it('sends a model that answered without working back to work, without spending an attempt', async () => {
    let asked = 0
    const { model, verifications, options } = setup(
      [{ text: 'Plan: I will write a.txt.' }, { toolCalls: [write('c1', 'ok\n')] }, { text: 'Done.' }],
      { nudge: () => (asked++ === 0 ? 'Write the file now.' : undefined) },
    )
    const result = await runAgentLoop(options)
    expect(result).toMatchObject({ verified: true, attempts: 1, modelCalls: 3 })
    expect(verifications).toEqual([1])
    expect(model.requests[1]!.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Plan: I will write a.txt.' },
      { role: 'user', content: 'Write the file now.' },
    ])
  })

  it('reports bad tool calls to the model instead of failing', async () => {
    const { model, options } = setup([
      {
        toolCalls: [
          { id: 'b1', name: 'shell', arguments: {} },
          { id: 'b2', name: 'file_system', arguments: { operation: 'read', path: '../../etc/passwd' } },
          { id: 'b3', name: 'file_system', arguments: '{not json' },
          write('b4', 'ok\n'),
        ],
      },
      { text: 'Done.' },
    ])
    await runAgentLoop(options)
    const results = model.requests[1]!.messages.filter((m) => m.role === 'tool')
    expect(results.map((m) => (m.role === 'tool' ? [m.toolCallId, m.isError ?? false] : []))).toEqual([
      ['b1', true],
      ['b2', true],
      ['b3', true],
      ['b4', false],
    ])
    expect(results[0]!.content).toBe('There is no tool "shell". The tools are: file_system.')
    expect(results[1]!.content).toMatch(/Refused path "..\/..\/etc\/passwd": it contains ".."/)
    expect(results[2]!.content).toMatch(/not valid JSON/)
  })

  it('stops at the budget: --max-turns and --max-cost end the loop with a clear ModelError', async () => {
    const turns = setup([{ toolCalls: [write('c1', 'no\n')] }, { toolCalls: [write('c2', 'no\n')] }, { text: 'never' }])
    const limitedTurns = withAccounting(turns.model, { budget: new Budget({ maxTurns: 2 }) })
    await expect(runAgentLoop({ ...turns.options, model: limitedTurns })).rejects.toThrow(/limit of 2 model calls \(--max-turns\)/)

    const cost = setup([
      { toolCalls: [write('c1', 'no\n')], costUsd: 0.02 },
      { toolCalls: [write('c2', 'no\n')], costUsd: 0.02 },
      { text: 'never' },
    ])
    const limitedCost = withAccounting(cost.model, { budget: new Budget({ maxCostUsd: 0.03 }) })
    const error = await runAgentLoop({ ...cost.options, model: limitedCost }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'model_budget_exceeded', exitCode: 3 })
    expect((error as Error).message).toMatch(/spent \$0\.0400 of its \$0\.0300 budget \(--max-cost\) in 2 model calls/)
    expect(cost.model.remaining).toBe(1)
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const { options } = setup([
      () => {
        controller.abort()
        return { toolCalls: [write('c1', 'ok\n')] }
      },
    ])
    await expect(runAgentLoop({ ...options, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('compacts the transcript to the context window, keeping the pinned task', async () => {
    const big = 'x'.repeat(6000)
    const { model, options } = setup(
      [
        { toolCalls: [write('c1', big)] },
        { toolCalls: [write('c2', big)] },
        { toolCalls: [write('c3', big)] },
        { toolCalls: [write('c4', 'ok\n')] },
        { text: 'Done.' },
      ],
      { contextWindow: 4000 },
    )
    expect((await runAgentLoop(options)).verified).toBe(true)
    const last = model.requests.at(-1)!
    expect(last.messages[0]!.role).toBe('user')
    expect(last.messages[0]!.content).toMatch(/^Task: write a.txt saying ok\n\n\[Context note: \d+ earlier messages were removed/)
    expect(last.messages[0]!.content).toContain('- file_system write a.txt → wrote a.txt (1 lines)')
    expect(JSON.stringify(last).length / 4).toBeLessThan(4000)
    expect(last.maxTokens).toBe(1000)
  })
})
