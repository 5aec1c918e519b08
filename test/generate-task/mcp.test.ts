/** The MCP `generate` tool over stdio with the official SDK client, a recorded session replayed through CODEX_AGENT_REPLAY_DIR. */
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { describe, expect, it } from 'vitest'
import { CLI } from '../helpers/cli.js'
import { tempWorkspace } from './helpers.js'
import { fixLoopSession, RECORDINGS } from './sessions.js'

describe('MCP generate tool', () => {
  it('runs the capability, and keeps session folders out of the tool input', async () => {
    const workspace = tempWorkspace()
    const client = new Client({ name: 'generate-test', version: '1.0.0' })
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'mcp', '--workspace', workspace],
        env: { XDG_CONFIG_HOME: join(workspace, '.xdg'), CODEX_AGENT_REPLAY_DIR: join(RECORDINGS, fixLoopSession.name) },
        stderr: 'pipe',
      }),
    )
    try {
      const tool = (await client.listTools()).tools.find((t) => t.name === 'generate')
      expect(Object.keys(tool?.inputSchema.properties ?? {})).toEqual(
        expect.arrayContaining(['task', 'language', 'requirements', 'constraints']),
      )
      expect(tool?.inputSchema.properties).not.toHaveProperty('replay_dir')
      const result = await client.callTool({ name: 'generate', arguments: fixLoopSession.body })
      expect(result.isError).toBeFalsy()
      expect(result.structuredContent).toMatchObject({ verified: true, written: false, verification: { attempts: 2 } })
      const bad = await client.callTool({ name: 'generate', arguments: { ...fixLoopSession.body, output: '../../' } })
      expect(bad.isError).toBe(true)
      expect(JSON.stringify(bad.content)).toMatch(/outside the workspace/)
    } finally {
      await client.close()
    }
  })
})
