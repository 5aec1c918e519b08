/** The MCP door (stdio): each capability is a tool with the capability's own request schema. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { VERSION } from '../../core/version.js'
import type { McpOptions } from './run-tool.js'
import { registerAnalyzeTool } from './tools/analyze.js'
import { registerGenerateTool } from './tools/generate.js'
import { registerScaffoldTool } from './tools/scaffold.js'
import { registerTestTool } from './tools/test.js'

export type { McpOptions } from './run-tool.js'

/** Every tool; a capability's MCP door is one file in tools/ and one line here. */
const tools = [registerAnalyzeTool, registerGenerateTool, registerScaffoldTool, registerTestTool]

export function buildMcpServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'codex-agent', version: VERSION })
  for (const register of tools) register(server, options)
  return server
}

export async function serveMcpOverStdio(options: McpOptions): Promise<void> {
  const server = buildMcpServer(options)
  await server.connect(new StdioServerTransport())
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve)
    process.stdin.once('close', resolve)
  })
  await server.close()
}
