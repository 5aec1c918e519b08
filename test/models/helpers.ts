/** Shared pieces of the provider tests: a per-test loopback server, a client factory, a tool round-trip, a log sink. */
import { afterEach, beforeEach } from 'vitest'
import type { Logger } from '../../src/core/context.js'
import {
  createModelClient,
  type CreateModelClientOptions,
  type ModelClient,
  type ModelRequest,
  type ToolSpec,
} from '../../src/models/index.js'
import { startLoopbackServer, type LoopbackServer } from './servers/loopback-server.js'

export const readFileTool: ToolSpec = {
  name: 'read_file',
  description: 'Read a file in the workspace.',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
}

/** A turn after one tool round-trip: user asks, model called read_file, the result came back. */
export const toolRoundTrip: ModelRequest = {
  system: 'You are a coding agent.',
  messages: [
    { role: 'user', content: 'What does src/a.ts export?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: { path: 'src/a.ts' } }] },
    { role: 'tool', toolCallId: 'call_1', toolName: 'read_file', content: 'export const a = 1' },
  ],
  tools: [readFileTool],
  temperature: 0.2,
  maxTokens: 256,
}

export const hello: ModelRequest = { messages: [{ role: 'user', content: 'Say hello.' }] }

/** Fast retries for tests: 1 ms backoff, no jitter. */
export const fastRetry = { baseDelayMs: 1, random: () => 0 }

export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: (m) => void lines.push(`debug ${m}`),
    info: (m) => void lines.push(`info ${m}`),
    warn: (m) => void lines.push(`warn ${m}`),
  }
}

/**
 * A fresh loopback server for each test of the file (started before, closed after). The returned
 * object always stands for the current test's server.
 */
export function useLoopbackServer(): LoopbackServer {
  let current: LoopbackServer | undefined
  beforeEach(async () => {
    current = await startLoopbackServer()
  })
  afterEach(async () => {
    await current?.close()
  })
  const server = (): LoopbackServer => {
    if (!current) throw new Error('useLoopbackServer: no server outside a test')
    return current
  }
  return {
    get url() {
      return server().url
    },
    get requests() {
      return server().requests
    },
    enqueue: (...replies) => server().enqueue(...replies),
    route: (method, path, reply) => server().route(method, path, reply),
    close: () => server().close(),
  }
}

/** A client with test-speed retries; `env` is read when the client is made (the server's URL changes per test). */
export function testClient(ref: string, env: NodeJS.ProcessEnv, options: Partial<CreateModelClientOptions> = {}): ModelClient {
  return createModelClient({ ref, env, retry: fastRetry, ...options })
}
