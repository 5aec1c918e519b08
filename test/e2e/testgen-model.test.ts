/**
 * Test generation with a model: a local server speaking the OpenAI Chat Completions protocol (as
 * llama.cpp, vLLM and LM Studio do) proposes inputs for the code the offline search cannot reach. The
 * proposals are only candidates: the one that reaches the hidden branch is kept, the ones that name
 * no function or add nothing are not.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateTests } from '../../src/index.js'
import { CodexConfigSchema } from '../../src/config/schema.js'
import { copyToTemp, REPO } from '../helpers/cli.js'
import { useLoopbackServer } from '../models/helpers.js'
import { chatCompletionStream } from '../models/servers/openai-chat.js'

// The secret is built at run time: no constant in the source spells it, so the search cannot find it.
const LOCK = `'use strict'
const SECRET = ['xy', 'zzy'].join('') + '-' + 6 * 7
function unlock(code) {
  if (code === SECRET) return 'opened'
  return 'locked'
}
module.exports = { unlock }
`

const server = useLoopbackServer()

describe('generate tests with a model', () => {
  it('keeps the proposed call that covers what the search could not, and nothing else from the model', async () => {
    const workspace = copyToTemp(join(REPO, 'examples', 'modules'))
    mkdirSync(join(workspace, 'lib'), { recursive: true })
    writeFileSync(join(workspace, 'lib', 'lock.js'), LOCK)
    const proposals = {
      calls: [
        { target: 'unlock', args: ['xyzzy-42'] },
        { target: 'unlock', args: ['nope'] },
        { target: 'doesNotExist', args: [1] },
      ],
    }
    server.enqueue(chatCompletionStream({ model: 'local-coder', text: [JSON.stringify(proposals)], flavour: 'ollama' }))
    const config = CodexConfigSchema.parse({})
    const result = await generateTests(
      { files: ['lib/lock.js'], framework: 'node', budget_ms: 3000, write: false, model: `openai-compatible:${server.url}/v1#local-coder` },
      { workspace, config },
    )
    const file = result.files[0]!
    expect(server.requests.map((r) => r.path)).toContain('/v1/chat/completions')
    const prompt = JSON.stringify(server.requests.find((r) => r.path === '/v1/chat/completions')?.body)
    expect(prompt).toContain('>>    4|   if (code === SECRET) return')
    expect(file.content).toContain("lock.unlock('xyzzy-42')")
    expect(file.content).toContain("assert.strictEqual(result, 'opened')")
    expect(file.coverage.statements).toBe(100)
    expect(file.warnings.join('\n')).toMatch(/proposed 2 calls; 2 ran and gave a stable outcome, 1 added coverage/)
  }, 60_000)
})
