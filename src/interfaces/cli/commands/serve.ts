/** `codex-agent serve`: the HTTP API on loopback by default. */
import { buildServer } from '../../http/server.js'
import { loadCliConfig, openStore, workspaceOf, type GlobalOptions } from '../runtime.js'

export async function serveCommand(flags: GlobalOptions & { port?: string; host?: string }): Promise<number> {
  const overrides: Record<string, unknown> = {}
  const server: Record<string, unknown> = {}
  if (flags.port !== undefined) server.port = Number(flags.port)
  if (flags.host !== undefined) server.host = flags.host
  if (Object.keys(server).length) overrides.server = server
  const config = loadCliConfig(flags, overrides)
  const workspace = workspaceOf(flags)
  const store = await openStore(workspace)
  const app = buildServer({ workspace, config, ...(store ? { store } : {}) })
  const address = await app.listen({ port: config.server.port, host: config.server.host })
  process.stderr.write(`codex-agent API listening on ${address} (workspace ${workspace})\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await app.close()
  await store?.close()
  return 0
}
