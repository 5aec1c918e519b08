/**
 * POST /api/codex/generate over real loopback HTTP: the real server (`codex-agent serve --port 0`),
 * the spec's body, a recorded session replayed through CODEX_AGENT_REPLAY_DIR.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../helpers/cli.js'
import { cleanEnv, tempWorkspace } from './helpers.js'
import { pythonSession, RECORDINGS } from './sessions.js'

let server: { url: string; child: ChildProcess }
let workspace: string

beforeAll(async () => {
  workspace = tempWorkspace()
  server = await startServer(workspace, [], cleanEnv(workspace, { CODEX_AGENT_REPLAY_DIR: join(RECORDINGS, pythonSession.name) }))
})

afterAll(() => {
  server?.child.kill()
})

const post = (body: unknown) =>
  fetch(`${server.url}/api/codex/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('POST /api/codex/generate', () => {
  it('generates and verifies the spec body, returning the files without writing them', async () => {
    const response = await post(pythonSession.body)
    const result = (await response.json()) as {
      runId: string
      verified: boolean
      written: boolean
      output: string | null
      files: Array<{ path: string; content: string; test: boolean }>
      verification: { attempts: number; checks: Array<{ name: string; status: string }> }
    }
    expect(response.status).toBe(200)
    expect(response.headers.get('x-codex-run-id')).toBe(result.runId)
    expect(result).toMatchObject({ verified: true, written: false, output: null, verification: { attempts: 1 } })
    expect(result.files.map((f) => [f.path, f.test])).toEqual([
      ['rate_limiter.py', false],
      ['test_rate_limiter.py', true],
    ])
    expect(result.files[0]!.content).toContain('class TokenBucket:')
    expect(result.verification.checks.find((c) => c.name === 'syntax')?.status).toBe('passed')
    expect(existsSync(join(workspace, 'rate_limiter.py'))).toBe(false)
  })

  it('answers 400 naming the field for a bad body', async () => {
    const response = await post({ task: 'Create a social media API client', language: 'cobol' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input', field: 'language' } })
    const constraints = await post({ task: 'x', language: 'python', constraints: { max_lines: 'many' } })
    expect(constraints.status).toBe(400)
    expect(await constraints.json()).toMatchObject({ error: { field: 'constraints' } })
  })

  it('refuses session folders from a client (400) and an output folder outside the workspace (403)', async () => {
    const replay = await post({ ...pythonSession.body, replay_dir: '/tmp' })
    expect(replay.status).toBe(400)
    expect(await replay.json()).toMatchObject({ error: { field: 'replay_dir' } })
    const outside = await post({ ...pythonSession.body, output: '../elsewhere' })
    expect(outside.status).toBe(403)
    expect(await outside.json()).toMatchObject({ error: { code: 'path_outside_workspace' } })
  })
})
