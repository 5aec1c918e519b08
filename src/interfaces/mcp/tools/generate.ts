/** The MCP `generate` tool: free-form generation with the capability's request schema as its input schema. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { generateTaskCapability } from '../../../capabilities/generate/task/index.js'
import { GenerateTaskRequest } from '../../../capabilities/generate/task/request.js'
import { runAsTool, type McpOptions } from '../run-tool.js'

/** Session folders are the operator's choice (CODEX_AGENT_RECORD_DIR / CODEX_AGENT_REPLAY_DIR), not a tool caller's. */
const ToolInput = GenerateTaskRequest.omit({ record_dir: true, replay_dir: true })

export function registerGenerateTool(server: McpServer, options: McpOptions): void {
  server.registerTool(
    'generate',
    {
      title: 'Generate code for a task',
      description: generateTaskCapability.description,
      inputSchema: ToolInput.shape,
    },
    (args, extra) => runAsTool(generateTaskCapability, args, extra, options, (result, runId) => ({ runId, ...result })),
  )
}
