/**
 * `codex-agent keys create|list|revoke`: API keys for `codex-agent serve`, kept hashed in
 * `.codex/state.db`. `create` prints the key once, alone on stdout (the notes go to stderr), so
 * `KEY=$(codex-agent keys create --name ci)` works; nothing can show it again.
 */
import { join } from 'node:path'
import { UserInputError } from '../../../core/errors.js'
import { ApiKeyStore, SCOPES, type ApiKeyRecord } from '../../../store/api-keys.js'
import { parseRate } from '../../http/rate-limit.js'
import { loadCliConfig, workspaceOf, type GlobalOptions } from '../runtime.js'

async function withKeys<T>(flags: GlobalOptions, body: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const keys = await ApiKeyStore.open(join(workspaceOf(flags), '.codex', 'state.db'))
  try {
    return await body(keys)
  } finally {
    await keys.close()
  }
}

function parseScopes(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const allowed = ['*', ...SCOPES]
  const bad = scopes.find((s) => !allowed.includes(s))
  if (bad !== undefined || scopes.length === 0) {
    throw new UserInputError(`Invalid scope "${bad ?? text}": use a comma-separated list of ${allowed.join(', ')}.`, { field: 'scopes' })
  }
  return scopes
}

export async function keysCreateCommand(flags: GlobalOptions & { name?: string; rateLimit?: string; scopes?: string }): Promise<number> {
  const rateLimit = flags.rateLimit === undefined ? null : parseRate(flags.rateLimit, 'rate-limit').text
  const scopes = parseScopes(flags.scopes)
  const config = loadCliConfig(flags)
  const { key, record } = await withKeys(flags, (keys) =>
    keys.create({ ...(flags.name !== undefined ? { name: flags.name } : {}), ...(scopes ? { scopes } : {}), rateLimit }),
  )
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ key, ...record }, null, 2)}\n`)
    return 0
  }
  const limit = record.rateLimit ?? `${config.server.rate_limit} (server.rate_limit)`
  process.stderr.write(
    `Created API key "${record.name}" (id ${record.id}, scopes ${record.scopes.join(',')}, rate limit ${limit}).\n` +
      'It is shown this once (only its hash is stored): copy it now.\n',
  )
  process.stdout.write(`${key}\n`)
  process.stderr.write(
    `Use it as: curl -H "Authorization: Bearer $KEY" http://${config.server.host}:${config.server.port}/api/codex/analyze ...\n` +
      `From now on \`codex-agent serve\` asks every /api/* request for a key (server.auth: ${config.server.auth}).\n`,
  )
  return 0
}

function row(k: ApiKeyRecord, defaultRate: string): string {
  const status = k.revokedAt ? `revoked ${k.revokedAt}` : 'active'
  return [
    k.id,
    k.name.padEnd(16),
    `${k.prefix}…`,
    status.padEnd(8),
    `created ${k.createdAt}`,
    `last used ${k.lastUsedAt ?? 'never'}`,
    `limit ${k.rateLimit ?? `${defaultRate} (default)`}`,
    `scopes ${k.scopes.join(',')}`,
  ].join('  ')
}

export async function keysListCommand(flags: GlobalOptions): Promise<number> {
  const list = await withKeys(flags, (keys) => keys.list())
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`)
    return 0
  }
  if (list.length === 0) {
    process.stdout.write('No API keys yet; create one with `codex-agent keys create --name NAME`.\n')
    return 0
  }
  const config = loadCliConfig(flags)
  for (const k of list) process.stdout.write(`${row(k, config.server.rate_limit)}\n`)
  return 0
}

export async function keysRevokeCommand(id: string, flags: GlobalOptions): Promise<number> {
  const record = await withKeys(flags, (keys) => keys.revoke(id))
  if (!record) throw new UserInputError(`No single API key matches "${id}"; \`codex-agent keys list\` shows the ids.`)
  if (flags.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`)
  else process.stdout.write(`Revoked API key "${record.name}" (id ${record.id}) at ${record.revokedAt}; requests with it now get 403.\n`)
  return 0
}
