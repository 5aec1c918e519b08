/** The MCP door (stdio): each capability is a tool with the capability's own request schema. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { runCapability } from '../../core/capability.js'
import { createContext } from '../../core/context.js'
import { CodexError, toCodexError } from '../../core/errors.js'
import type { RunEvent } from '../../core/events.js'
import { VERSION } from '../../core/version.js'
import type { CodexConfig } from '../../config/schema.js'
import { AnalyzeRequest } from '../../capabilities/analyze/request.js'
import { toJsonReport } from '../../capabilities/analyze/reporters/json.js'
import type { Store } from '../../store/store.js'
import { capabilities } from '../registry.js'

export interface McpOptions {
  workspace: string
  config: CodexConfig
  store?: Store
}

export function buildMcpServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'codex-agent', version: VERSION })
  server.registerTool(
    'analyze',
    {
      title: 'Analyze code',
      description: capabilities.analyze.description,
      // The tool's input schema is the capability's request schema; the one-of rule is checked on call.
      inputSchema: AnalyzeRequest.shape,
    },
    async (args, extra) => {
      const token = extra._meta?.progressToken
      const onEvent = (event: RunEvent) => {
        if (token === undefined || event.type !== 'progress') return
        void extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: event.done, total: event.total, message: event.item ?? event.step },
          })
          .catch(() => undefined)
      }
      const ctx = createContext({
        workspace: options.workspace,
        config: options.config,
        onEvent,
        signal: extra.signal,
        ...(options.store ? { store: options.store } : {}),
      })
      try {
        const result = await runCapability(capabilities.analyze, args, ctx)
        const report = { runId: ctx.runId, ...toJsonReport(result, VERSION) }
        return { content: [{ type: 'text', text: JSON.stringify(report) }], structuredContent: report }
      } catch (error) {
        const e = error instanceof CodexError ? error : toCodexError(error)
        return { isError: true, content: [{ type: 'text', text: `${e.code}: ${e.message}` }] }
      }
    },
  )
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
