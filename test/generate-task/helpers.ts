/** Shared pieces of the generate --task tests: a clean environment, temp workspaces, and the scripted Ollama server. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, type CliResult } from '../helpers/cli.js'
import { startLoopbackServer, type LoopbackServer } from '../models/servers/loopback-server.js'
import { chatCompletionStream } from '../models/servers/openai-chat.js'
import type { Session } from './sessions.js'

/** A workspace with nothing in it, and a config home with no user config. */
export function tempWorkspace(): string {
  return mkdtempSync(join(tmpdir(), 'codex-generate-e2e-'))
}

/**
 * The environment of every run: no model configured anywhere, no session folders, no keys. Undefined
 * removes a variable from the child's environment.
 */
export function cleanEnv(workspace: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: join(workspace, '.xdg'),
    CODEX_AGENT_MODEL: undefined,
    CODEX_AGENT_MODEL__MODEL: undefined,
    CODEX_AGENT_REPLAY_DIR: undefined,
    CODEX_AGENT_RECORD_DIR: undefined,
    OPENAI_API_KEY: undefined,
    ANTHROPIC_API_KEY: undefined,
    OLLAMA_HOST: undefined,
    ...extra,
  }
}

export function generate(workspace: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(['generate', ...args], { cwd: workspace, env: cleanEnv(workspace, env) })
}

/** An Ollama-compatible server on loopback that answers each turn of a session with a streamed chat completion. */
export async function scriptedOllama(session: Session): Promise<LoopbackServer> {
  const server = await startLoopbackServer()
  for (const turn of session.turns) {
    server.enqueue((request) => chatCompletionStream(turn(request.body as Parameters<typeof turn>[0])))
  }
  return server
}

export interface RecordedCallFile {
  index: number
  ref: string
  request: { system?: string; messages: Array<{ role: string; content: string; toolCalls?: unknown[] }>; tools?: unknown[] }
  response?: { text: string; toolCalls: unknown[] }
}

/** The recorded calls of a session folder, in order. */
export function readRecording(dir: string): RecordedCallFile[] {
  return readdirSync(dir)
    .filter((name) => /^call-\d{4}\.json$/.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as RecordedCallFile)
}
