/** `codex-agent serve`: the HTTP API on loopback by default; API keys from `codex-agent keys` (docs/http.md). */
import { join } from 'node:path'
import { isLoopback } from '../../http/auth.js'
import { buildServer } from '../../http/server.js'
import type { ApiKeyStore } from '../../../store/api-keys.js'
import { loadCliConfig, openStore, workspaceOf, type GlobalOptions } from '../runtime.js'

async function openKeys(workspace: string): Promise<ApiKeyStore | undefined> {
  try {
    const { ApiKeyStore } = await import('../../../store/api-keys.js')
    return await ApiKeyStore.open(join(workspace, '.codex', 'state.db'))
  } catch (error) {
    process.stderr.write(`warning: API keys unavailable (${(error as Error).message}); no key will be accepted\n`)
    return undefined
  }
}

export async function serveCommand(flags: GlobalOptions & { port?: string; host?: string }): Promise<number> {
  const overrides: Record<string, unknown> = {}
  const server: Record<string, unknown> = {}
  if (flags.port !== undefined) server.port = Number(flags.port)
  if (flags.host !== undefined) server.host = flags.host
  if (Object.keys(server).length) overrides.server = server
  const config = loadCliConfig(flags, overrides)
  const workspace = workspaceOf(flags)
  const store = await openStore(workspace)
  const keys = await openKeys(workspace)
  const app = buildServer({ workspace, config, ...(store ? { store } : {}), ...(keys ? { keys } : {}) })
  const address = await app.listen({ port: config.server.port, host: config.server.host })
  const { auth, host } = config.server
  const anyKey = (await keys?.any()) ?? false
  const authNote =
    auth === 'off'
      ? 'API keys off (server.auth: off)'
      : auth === 'required' || !isLoopback(host) || anyKey
        ? 'API key required'
        : 'no API key needed on loopback until one is created with `codex-agent keys create`'
  process.stderr.write(`codex-agent API listening on ${address} (workspace ${workspace}; ${authNote})\n`)
  if (auth === 'off' && !isLoopback(host)) {
    process.stderr.write(`warning: server.auth is off and the API listens on ${host}: anyone who can reach it can run it\n`)
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await app.close()
  await keys?.close()
  await store?.close()
  return 0
}
