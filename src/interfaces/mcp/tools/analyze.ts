/** The MCP `analyze` tool: the capability's request schema as the tool's input schema. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { VERSION } from '../../../core/version.js'
import { analyzeCapability } from '../../../capabilities/analyze/index.js'
import { AnalyzeRequest } from '../../../capabilities/analyze/request.js'
import { toJsonReport } from '../../../capabilities/analyze/reporters/json.js'
import { runAsTool, type McpOptions } from '../run-tool.js'

export function registerAnalyzeTool(server: McpServer, options: McpOptions): void {
  server.registerTool(
    'analyze',
    {
      title: 'Analyze code',
      description: analyzeCapability.description,
      // The one-of rule (code | files | path) is checked when the tool runs.
      inputSchema: AnalyzeRequest.shape,
    },
    (args, extra) => runAsTool(analyzeCapability, args, extra, options, (result, runId) => ({ runId, ...toJsonReport(result, VERSION) })),
  )
}
