/**
 * Records each scripted session through the real CLI against a protocol-faithful Ollama server on
 * loopback (the real wire format, through the real AI SDK provider), and checks that the committed
 * recording is exactly what recording produces today. `CODEX_RECORD_FIXTURES=1` rewrites the
 * committed recordings instead (after a prompt or tool change).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { generate, readRecording, scriptedOllama, tempWorkspace } from './helpers.js'
import { MODEL, RECORDINGS, SESSIONS } from './sessions.js'

const rewrite = process.env.CODEX_RECORD_FIXTURES === '1'

describe.each(SESSIONS)('recording $name', (session) => {
  it('drives the agent over the Ollama wire protocol and matches the committed recording', async () => {
    const server = await scriptedOllama(session)
    const workspace = tempWorkspace()
    const recordDir = join(mkdtempSync(join(tmpdir(), 'codex-recording-')), session.name)
    try {
      const result = await generate(
        workspace,
        [...session.args, '--output', 'out', '--model', MODEL, '--record', recordDir, '--no-cache', '--no-progress'],
        { OLLAMA_HOST: server.url.replace('http://', '') },
      )
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(server.requests.map((r) => r.path)).toEqual(session.turns.map(() => '/v1/chat/completions'))
      expect(readdirSync(join(workspace, 'out')).sort()).toEqual([...session.files].sort())
      const recorded = readRecording(recordDir)
      expect(recorded).toHaveLength(session.turns.length)
      const fixture = join(RECORDINGS, session.name)
      if (rewrite) {
        rmSync(fixture, { recursive: true, force: true })
        cpSync(recordDir, fixture, { recursive: true })
        // Committed files follow the repository's formatting (the content is what replay compares).
        for (const name of readdirSync(fixture)) {
          const file = join(fixture, name)
          writeFileSync(file, await format(readFileSync(file, 'utf8'), { ...(await resolveConfig(file)), filepath: file }))
        }
      }
      expect(
        existsSync(fixture),
        `${fixture} is missing: run CODEX_RECORD_FIXTURES=1 npx vitest run test/generate-task/record.test.ts`,
      ).toBe(true)
      expect(recorded, 'the recording differs from the committed one: re-record with CODEX_RECORD_FIXTURES=1').toEqual(
        readRecording(fixture),
      )
    } finally {
      await server.close()
    }
  })
})
