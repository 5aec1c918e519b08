import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ModelError } from '../../core/errors.js'
import type { ModelRequest } from '../model.js'
import { createReplayClient, firstDifference } from './replay-client.js'
import { createRedactor } from '../redact.js'
import { createScriptedModel } from '../scripted-model.js'
import { withRecording } from './recording.js'
import { withResponseCache } from './response-cache.js'

const tempDir = () => mkdtempSync(join(tmpdir(), 'codex-models-'))
const ask = (content: string): ModelRequest => ({ messages: [{ role: 'user', content }], temperature: 0 })

describe('response cache', () => {
  it('answers a repeated request from disk, at no cost', async () => {
    const dir = tempDir()
    const inner = createScriptedModel([{ text: 'first', costUsd: 0.01, usage: { inputTokens: 3, outputTokens: 1 } }, { text: 'second' }], {
      ref: 'openai:gpt-4.1',
    })
    const client = withResponseCache(inner, { dir })
    expect(await client.generate(ask('hi'))).toMatchObject({ text: 'first', cached: false, costUsd: 0.01 })
    const deltas: string[] = []
    const hit = await client.generate({ temperature: 0, messages: [{ content: 'hi', role: 'user' }] }, { onDelta: (d) => deltas.push(d) })
    expect(hit).toMatchObject({ text: 'first', cached: true, costUsd: 0, usage: { inputTokens: 3, outputTokens: 1 } })
    expect(deltas).toEqual(['first'])
    expect(inner.requests).toHaveLength(1)
    expect(await client.generate(ask('other'))).toMatchObject({ text: 'second', cached: false })
    const shards = readdirSync(dir)
    expect(shards.every((s) => /^[0-9a-f]{2}$/.test(s))).toBe(true)
  })

  it('keys by model too, and treats a damaged entry as a miss', async () => {
    const dir = tempDir()
    await withResponseCache(createScriptedModel([{ text: 'a' }], { ref: 'openai:gpt-4.1' }), { dir }).generate(ask('hi'))
    const other = createScriptedModel([{ text: 'b' }], { ref: 'openai:gpt-4o' })
    expect((await withResponseCache(other, { dir }).generate(ask('hi'))).text).toBe('b')
    for (const shard of readdirSync(dir))
      for (const file of readdirSync(join(dir, shard))) writeFileSync(join(dir, shard, file), '{"format":1,')
    const again = createScriptedModel([{ text: 'fresh' }], { ref: 'openai:gpt-4.1' })
    expect((await withResponseCache(again, { dir }).generate(ask('hi'))).text).toBe('fresh')
  })
})

describe('record and replay', () => {
  it('records calls in order and replays them with no model', async () => {
    const dir = tempDir()
    const inner = createScriptedModel(
      [
        { text: 'one' },
        { toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a' } }] },
        new ModelError('quota gone', { code: 'model_rate_limited' }),
      ],
      {
        ref: 'openai:gpt-4.1',
      },
    )
    const recorder = withRecording(inner, { dir })
    await recorder.generate(ask('first'))
    await recorder.generate(ask('second'))
    await expect(recorder.generate(ask('third'))).rejects.toThrow('quota gone')
    expect(readdirSync(dir).sort()).toEqual(['call-0001.json', 'call-0002.json', 'call-0003.json'])
    const recorded = JSON.parse(readFileSync(join(dir, 'call-0002.json'), 'utf8'))
    expect(recorded).toMatchObject({
      format: 1,
      index: 2,
      ref: 'openai:gpt-4.1',
      request: { messages: [{ content: 'second', role: 'user' }], temperature: 0 },
    })

    const replay = createReplayClient({ dir })
    expect(replay.ref).toBe('openai:gpt-4.1')
    const deltas: string[] = []
    expect((await replay.generate(ask('first'), { onDelta: (d) => deltas.push(d) })).text).toBe('one')
    expect(deltas).toEqual(['one'])
    expect((await replay.generate(ask('second'))).toolCalls).toEqual([{ id: 'c1', name: 'read_file', arguments: { path: 'a' } }])
    const error = await replay.generate(ask('third')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).code).toBe('model_rate_limited')
    await expect(replay.generate(ask('fourth'))).rejects.toThrow(/call 4 was made, but the session recorded only 3 calls/)
  })

  it('replaces an older recording in the same directory', async () => {
    const dir = tempDir()
    await withRecording(createScriptedModel([{ text: 'a' }, { text: 'b' }]), { dir }).generate(ask('x'))
    writeFileSync(join(dir, 'notes.txt'), 'keep me')
    const second = withRecording(createScriptedModel([{ text: 'c' }]), { dir })
    await second.generate(ask('y'))
    expect(readdirSync(dir).sort()).toEqual(['call-0001.json', 'notes.txt'])
  })

  it('fails clearly when a request differs from the recording', async () => {
    const dir = tempDir()
    await withRecording(createScriptedModel([{ text: 'a' }]), { dir }).generate(ask('Write a parser'))
    const error = await createReplayClient({ dir })
      .generate(ask('Write a lexer'))
      .catch((e: unknown) => e)
    expect((error as ModelError).code).toBe('replay_mismatch')
    expect((error as ModelError).message).toMatch(
      /request 1 differs from the recording at messages\[0\]\.content: recorded "Write a parser", now "Write a lexer"/,
    )
    await expect(createReplayClient({ dir, ref: 'anthropic:claude-sonnet-4-5' }).generate(ask('Write a parser'))).rejects.toThrow(
      /recorded with mock:scripted, but this run uses anthropic:claude-sonnet-4-5/,
    )
  })

  it('fails clearly when there is no recording', () => {
    expect(() => createReplayClient({ dir: join(tempDir(), 'missing') })).toThrow(/cannot be read .*Record a session first with --record/)
    expect(() => createReplayClient({ dir: tempDir() })).toThrow(/holds no recorded calls/)
    const bad = tempDir()
    writeFileSync(join(bad, 'call-0001.json'), '{"format":1,"index":1,"ref":"x","request":{}}')
    expect(() => createReplayClient({ dir: bad })).toThrow(/is not a recorded call \(a call holds either a response or an error\)/)
  })

  it('redacts secrets from recordings and compares requests in redacted form', async () => {
    const dir = tempDir()
    const redactor = createRedactor(['super-secret-key-123'])
    const inner = createScriptedModel([{ text: 'token sk-AbCdEf0123456789AbCdEf and super-secret-key-123' }])
    await withRecording(inner, { dir, redactor }).generate(ask('my key is super-secret-key-123'))
    const text = readFileSync(join(dir, 'call-0001.json'), 'utf8')
    expect(text).not.toContain('super-secret-key-123')
    expect(text).not.toContain('sk-AbCdEf0123456789AbCdEf')
    expect(text).toContain('[REDACTED]')
    expect((await createReplayClient({ dir, redactor }).generate(ask('my key is super-secret-key-123'))).text).toBe(
      'token [REDACTED] and [REDACTED]',
    )
  })

  it('finds the first difference between two requests', () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual({ path: 'a[1].b', expected: 2, actual: 3 })
    expect(firstDifference({ a: 1 }, { a: 1, tools: [] })).toEqual({ path: 'tools', expected: undefined, actual: [] })
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined()
  })
})
