/** The MCP `generate_tests` tool: the test-generation request schema as its input schema. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { testgenCapability } from '../../../capabilities/testgen/index.js'
import { TestgenRequest } from '../../../capabilities/testgen/request.js'
import { runAsTool, type McpOptions } from '../run-tool.js'

export function registerTestTool(server: McpServer, options: McpOptions): void {
  server.registerTool(
    'generate_tests',
    {
      title: 'Generate unit tests',
      description: testgenCapability.description,
      inputSchema: TestgenRequest.shape,
    },
    (args, extra) => runAsTool(testgenCapability, args, extra, options, (result, runId) => ({ runId, ...result })),
  )
}
