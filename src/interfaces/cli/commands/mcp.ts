/** `codex-agent mcp`: the MCP server on stdio. Nothing but protocol messages may go to stdout. */
import { serveMcpOverStdio } from '../../mcp/server.js'
import { loadCliConfig, openStore, workspaceOf, type GlobalOptions } from '../runtime.js'

export async function mcpCommand(flags: GlobalOptions): Promise<number> {
  const config = loadCliConfig(flags)
  const workspace = workspaceOf(flags)
  const store = flags.store === false ? undefined : await openStore(workspace)
  await serveMcpOverStdio({ workspace, config, ...(store ? { store } : {}) })
  await store?.close()
  return 0
}
