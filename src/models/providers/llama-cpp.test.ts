import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ModelError } from '../../core/errors.js'
import { defaultCapabilities } from '../capabilities.js'
import { parseModelRef } from '../model-ref.js'
import { createLlamaCppClient, type LlamaCppModule } from './llama-cpp.js'

function workspaceWithModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'codex-gguf-'))
  writeFileSync(join(dir, 'm.gguf'), 'GGUF')
  return dir
}

function options(cwd: string, importModule?: () => Promise<unknown>) {
  const ref = parseModelRef('llama-cpp:./m.gguf')
  return { ref, env: {}, cwd, capabilities: defaultCapabilities(ref), ...(importModule ? { importModule } : {}) }
}

/** A stand-in with node-llama-cpp 3's shape, recording what the provider does with it. */
function fakeNodeLlamaCpp(log: unknown[]): LlamaCppModule {
  return {
    getLlama: async () => ({
      loadModel: async ({ modelPath }: { modelPath: string }) => {
        log.push(['loadModel', modelPath])
        return {
          tokenize: (text: string) => text.split(/\s+/),
          createContext: async () => ({
            getSequence: () => ({ tokenMeter: { usedInputTokens: 42, usedOutputTokens: 7 } }),
            dispose: () => void log.push(['dispose']),
          }),
        }
      },
    }),
    LlamaChatSession: class {
      setChatHistory(history: unknown) {
        log.push(['history', history])
      }
      async prompt(text: string, opts: { maxTokens?: number; temperature?: number; onTextChunk?: (t: string) => void }) {
        log.push(['prompt', text, opts.maxTokens, opts.temperature])
        opts.onTextChunk?.('def ')
        opts.onTextChunk?.('f(): pass')
        return 'def f(): pass'
      }
    } as unknown as LlamaCppModule['LlamaChatSession'],
  }
}

describe('llama-cpp provider', () => {
  it('says that the GGUF file does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-gguf-'))
    let error: unknown
    try {
      createLlamaCppClient(options(dir))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).message).toContain(`the GGUF file ${join(dir, 'm.gguf')} does not exist`)
    expect((error as ModelError).exitCode).toBe(3)
  })

  it('says how to install node-llama-cpp when it is missing (the real import, which fails here)', async () => {
    const client = createLlamaCppClient(options(workspaceWithModel()))
    const error = await client.generate({ messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelError)
    expect((error as ModelError).code).toBe('model_not_configured')
    expect((error as ModelError).message).toMatch(
      /needs the optional package node-llama-cpp, which is not installed\. Install it with `npm install node-llama-cpp`/,
    )
  })

  it('loads the module lazily, once, and maps the conversation onto a chat session', async () => {
    const log: unknown[] = []
    let imports = 0
    const dir = workspaceWithModel()
    const client = createLlamaCppClient(options(dir, async () => (imports++, fakeNodeLlamaCpp(log))))
    expect(imports).toBe(0)
    const deltas: string[] = []
    const response = await client.generate(
      {
        system: 'Be brief.',
        messages: [
          { role: 'user', content: 'Write f' },
          { role: 'assistant', content: 'Which language?' },
          { role: 'user', content: 'Python' },
        ],
        maxTokens: 64,
        temperature: 0.2,
      },
      { onDelta: (d) => deltas.push(d) },
    )
    await client.generate({ messages: [{ role: 'user', content: 'again' }] })
    expect(imports).toBe(1)
    expect(response).toEqual({
      text: 'def f(): pass',
      toolCalls: [],
      usage: { inputTokens: 42, outputTokens: 7 },
      finishReason: 'stop',
      costUsd: 0,
      cached: false,
      model: './m.gguf',
    })
    expect(deltas).toEqual(['def ', 'f(): pass'])
    expect(log.slice(0, 4)).toEqual([
      ['loadModel', join(dir, 'm.gguf')],
      [
        'history',
        [
          { type: 'system', text: 'Be brief.' },
          { type: 'user', text: 'Write f' },
          { type: 'model', response: ['Which language?'] },
        ],
      ],
      ['prompt', 'Python', 64, 0.2],
      ['dispose'],
    ])
  })
})
