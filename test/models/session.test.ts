/**
 * The whole stack over a real provider on loopback: the response cache, recording a session and
 * replaying it with the server gone, secret redaction in recordings and logs, cost accounting and
 * the budget caps.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { ModelError } from '../../src/core/errors.js'
import { Budget, createModelClient, type CreateModelClientOptions, type ModelCallInfo } from '../../src/models/index.js'
import { fastRetry, hello, memoryLogger, readFileTool, testClient, useLoopbackServer } from './helpers.js'
import { chatCompletionStream, openaiError } from './servers/openai-chat.js'

const KEY = 'sk-proj-SeCrEt0123456789abcdefGHIJKLmnop'
const server = useLoopbackServer()
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-session-'))
})

const client = (options: Partial<CreateModelClientOptions> = {}) =>
  testClient('openai:gpt-4.1', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` }, { openaiApi: 'chat', ...options })

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

describe('response cache', () => {
  it('answers an identical second call from disk without touching the server', async () => {
    const cacheDir = join(dir, '.codex', 'cache', 'models')
    const calls: ModelCallInfo[] = []
    server.enqueue(
      chatCompletionStream({ text: ['cached ', 'answer'], usage: { prompt: 1000, completion: 500 } }),
      chatCompletionStream({ text: ['other'] }),
    )
    const models = client({ cacheDir, onCall: (info) => calls.push(info) })
    const first = await models.generate({ ...hello, temperature: 0 })
    const deltas: string[] = []
    const second = await models.generate(
      { temperature: 0, messages: [{ role: 'user', content: 'Say hello.' }] },
      { onDelta: (d) => deltas.push(d) },
    )
    expect(server.requests).toHaveLength(1)
    expect(second).toEqual({ ...first, cached: true, costUsd: 0 })
    expect(deltas).toEqual(['cached answer'])
    expect(calls).toEqual([
      { model: 'openai:gpt-4.1', inputTokens: 1000, outputTokens: 500, costUsd: 0.006, cacheHit: false },
      { model: 'openai:gpt-4.1', inputTokens: 1000, outputTokens: 500, costUsd: 0, cacheHit: true },
    ])
    expect(filesUnder(cacheDir)).toHaveLength(1)

    expect((await models.generate({ ...hello, temperature: 1 })).text).toBe('other')
    expect(server.requests).toHaveLength(2)
  })

  it('is skipped with noCache', async () => {
    server.enqueue(chatCompletionStream({ text: ['a'] }), chatCompletionStream({ text: ['b'] }))
    const models = client({ cacheDir: join(dir, 'cache'), noCache: true })
    await models.generate(hello)
    expect((await models.generate(hello)).text).toBe('b')
    expect(server.requests).toHaveLength(2)
  })
})

describe('record and replay', () => {
  it('replays a recorded session with the server stopped', async () => {
    const session = join(dir, 'session')
    server.enqueue(
      chatCompletionStream({
        toolCalls: [{ id: 'call_9', name: 'read_file', argumentPieces: ['{"path":"a.ts"}'] }],
        usage: { prompt: 100, completion: 10 },
      }),
      chatCompletionStream({ text: ['It exports a.'], usage: { prompt: 150, completion: 5 } }),
    )
    const first = { messages: [{ role: 'user' as const, content: 'What does a.ts export?' }], tools: [readFileTool] }
    const recorder = client({ recordDir: session })
    const call = await recorder.generate(first)
    const followUp = {
      ...first,
      messages: [
        ...first.messages,
        { role: 'assistant' as const, content: '', toolCalls: call.toolCalls },
        { role: 'tool' as const, toolCallId: 'call_9', toolName: 'read_file', content: 'export const a = 1' },
      ],
    }
    const answer = await recorder.generate(followUp)
    await server.close()

    // No key, no server: only the recording.
    const calls: ModelCallInfo[] = []
    const replay = createModelClient({ ref: 'builtin', env: {}, replayDir: session, onCall: (info) => calls.push(info) })
    expect(replay.ref).toBe('openai:gpt-4.1')
    expect(await replay.generate(first)).toEqual(call)
    expect(await replay.generate(followUp)).toEqual(answer)
    expect(calls.map((c) => c.costUsd)).toEqual([call.costUsd, answer.costUsd])
    await expect(replay.generate(hello)).rejects.toThrow(/recorded only 2 calls/)

    const mismatch = createModelClient({ ref: 'openai:gpt-4.1', env: {}, replayDir: session })
    const error = await mismatch.generate({ ...first, temperature: 0.7 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).message).toMatch(/request 1 differs from the recording at temperature: recorded nothing, now 0\.7/)
  })

  it('records a call that failed after its retries, and replays the failure', async () => {
    const session = join(dir, 'failing')
    server.enqueue(openaiError(400, "Invalid 'max_tokens': integer below minimum value."))
    const request = { ...hello, maxTokens: 1 }
    await expect(client({ recordDir: session }).generate(request)).rejects.toThrow(/refused \(400\): Invalid 'max_tokens'/)
    const replay = createModelClient({ ref: 'builtin', replayDir: session })
    await expect(replay.generate(request)).rejects.toMatchObject({
      code: 'model_bad_request',
      exitCode: 3,
      message: expect.stringMatching(/Invalid 'max_tokens'/),
    })
  })

  it('cannot record and replay at once', () => {
    expect(() => client({ recordDir: join(dir, 'a'), replayDir: join(dir, 'b') })).toThrow(/--record and --replay cannot be used together/)
  })
})

describe('secrets', () => {
  it('never writes the API key into a recording, a log line or an error message', async () => {
    const session = join(dir, 'session')
    const logger = memoryLogger()
    server.enqueue(
      openaiError(500, `upstream failed for key ${KEY}`),
      chatCompletionStream({ text: [`Your key is ${KEY.slice(0, 20)}`, `${KEY.slice(20)}. Authorization: Bearer ${KEY}`] }),
      openaiError(401, `Incorrect API key provided: ${KEY}.`),
    )
    const models = client({ recordDir: session, logger })
    const ok = await models.generate({ messages: [{ role: 'user', content: `Is ${KEY} my key?` }] })
    expect(ok.text).toContain(KEY)
    const error = await models.generate(hello).catch((e: unknown) => e)
    expect((error as ModelError).message).toMatch(/Incorrect API key provided: \[REDACTED\]/)
    expect((error as ModelError).message).not.toContain(KEY)

    // The key really went over the wire: the test would notice if the server saw a redacted one.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`)
    const files = filesUnder(session)
    expect(files).toHaveLength(2)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      expect(text).not.toContain(KEY)
      expect(text).not.toContain(KEY.slice(10))
    }
    expect(readFileSync(join(session, 'call-0001.json'), 'utf8')).toContain('[REDACTED]')
    expect(logger.lines.some((line) => line.startsWith('warn ') && line.includes('server error (500)'))).toBe(true)
    expect(logger.lines.some((line) => line.startsWith('debug model call openai:gpt-4.1'))).toBe(true)
    for (const line of logger.lines) expect(line).not.toContain(KEY)
  })
})

describe('cost and budget', () => {
  it('prices calls from the table and stops at --max-cost', async () => {
    server.enqueue(
      chatCompletionStream({ text: ['a'], usage: { prompt: 100_000, completion: 10_000 } }),
      chatCompletionStream({ text: ['b'], usage: { prompt: 100_000, completion: 10_000 } }),
      chatCompletionStream({ text: ['never'] }),
    )
    const budget = new Budget({ maxCostUsd: 0.5 })
    const costs: number[] = []
    const models = client({ budget, onCall: (info) => costs.push(info.costUsd) })
    await models.generate({ messages: [{ role: 'user', content: '1' }] })
    await models.generate({ messages: [{ role: 'user', content: '2' }] })
    // gpt-4.1: $2 / $8 per million tokens.
    expect(costs).toEqual([0.28, 0.28])
    const error = await models.generate({ messages: [{ role: 'user', content: '3' }] }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'model_budget_exceeded', exitCode: 3 })
    expect((error as ModelError).message).toMatch(/spent \$0\.5600 of its \$0\.5000 budget/)
    expect(server.requests).toHaveLength(2)
    expect(budget.spent).toEqual({ spentUsd: 0.56, turns: 2, inputTokens: 200_000, outputTokens: 20_000 })
  })

  it('uses custom prices and counts local models as free', async () => {
    server.enqueue(
      chatCompletionStream({ text: ['a'], usage: { prompt: 1_000_000, completion: 0 } }),
      chatCompletionStream({ text: ['b'], usage: { prompt: 1_000_000, completion: 0 } }),
    )
    const custom = await client({ ref: 'openai:my-finetune', prices: { 'openai:my-finetune': { input: 3, output: 12 } } }).generate(hello)
    expect(custom.costUsd).toBe(3)
    const local = await createModelClient({ ref: `openai-compatible:${server.url}/v1#m`, env: {}, retry: fastRetry }).generate(hello)
    expect(local.costUsd).toBe(0)
  })

  it('stops at --max-turns', async () => {
    server.enqueue(chatCompletionStream({ text: ['a'] }), chatCompletionStream({ text: ['never'] }))
    const models = client({ budget: new Budget({ maxTurns: 1 }) })
    await models.generate(hello)
    await expect(models.generate(hello)).rejects.toThrow(/limit of 1 model call \(--max-turns\)/)
    expect(server.requests).toHaveLength(1)
  })
})
