/**
 * API keys for the HTTP API, in the project's store (`.codex/state.db`, table `api_keys`). A key is
 * `cxa_` + 32 random bytes (base64url); only its SHA-256 is stored, so the key is shown once, when
 * it is created. A presented key is found by its first characters (the prefix, shown in listings)
 * and checked against the stored hash with a constant-time comparison.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createClient, type Client } from '@libsql/client'

export const KEY_PREFIX = 'cxa_'
/** `cxa_` and 43 base64url characters (32 bytes). */
const KEY_SHAPE = /^cxa_[A-Za-z0-9_-]{43}$/
/** Characters of the key kept in clear for lookup and listings: `cxa_` + 8. */
const LOOKUP_LENGTH = KEY_PREFIX.length + 8
/** `last_used_at` is written at most this often per key, so a busy key does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000

/** Every scope a key can hold; `*` is all of them. */
export const SCOPES = ['analyze', 'generate', 'scaffold', 'test', 'runs'] as const
export type Scope = (typeof SCOPES)[number]

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS api_keys (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, prefix TEXT NOT NULL, hash TEXT NOT NULL,
     scopes TEXT NOT NULL, rate_limit TEXT, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)`,
  `CREATE INDEX IF NOT EXISTS api_keys_prefix ON api_keys(prefix)`,
]

export interface ApiKeyRecord {
  id: string
  name: string
  /** The key's first characters (`cxa_AbCd1234`), enough to recognise it; never the key. */
  prefix: string
  /** What the key may call; `['*']` = everything. */
  scopes: string[]
  /** `60/minute`; null = the server's `server.rate_limit`. */
  rateLimit: string | null
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export type KeyCheck = { status: 'valid'; key: ApiKeyRecord } | { status: 'revoked'; key: ApiKeyRecord } | { status: 'unknown' }

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    scopes: JSON.parse(String(row.scopes)) as string[],
    rateLimit: row.rate_limit == null ? null : String(row.rate_limit),
    createdAt: String(row.created_at),
    lastUsedAt: row.last_used_at == null ? null : String(row.last_used_at),
    revokedAt: row.revoked_at == null ? null : String(row.revoked_at),
  }
}

export function hasScope(key: ApiKeyRecord, scope: string): boolean {
  return key.scopes.includes('*') || key.scopes.includes(scope)
}

export class ApiKeyStore {
  private readonly touched = new Map<string, number>()
  private constructor(private readonly client: Client) {}

  /** Opens (and creates, when missing) the key table in the SQLite file, e.g. `.codex/state.db`. */
  static async open(file: string): Promise<ApiKeyStore> {
    mkdirSync(dirname(file), { recursive: true })
    const client = createClient({ url: pathToFileURL(file).href })
    await client.execute('PRAGMA busy_timeout = 5000')
    await client.batch(SCHEMA, 'write')
    return new ApiKeyStore(client)
  }

  /** Creates a key; the returned `key` is the only time it exists outside the caller. */
  async create(options: { name?: string; scopes?: string[]; rateLimit?: string | null }): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url')
    const id = randomBytes(6).toString('hex')
    const record: ApiKeyRecord = {
      id,
      name: options.name?.trim() || `key-${id}`,
      prefix: key.slice(0, LOOKUP_LENGTH),
      scopes: options.scopes && options.scopes.length ? options.scopes : ['*'],
      rateLimit: options.rateLimit ?? null,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    }
    await this.client.execute({
      sql: 'INSERT INTO api_keys (id, name, prefix, hash, scopes, rate_limit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      args: [
        record.id,
        record.name,
        record.prefix,
        sha256(key).toString('hex'),
        JSON.stringify(record.scopes),
        record.rateLimit,
        record.createdAt,
      ],
    })
    return { key, record }
  }

  async list(): Promise<ApiKeyRecord[]> {
    const result = await this.client.execute('SELECT * FROM api_keys ORDER BY created_at, id')
    return result.rows.map((row) => toRecord(row as unknown as Record<string, unknown>))
  }

  /** True once any key was created (revoked ones too: revoking the last key does not open the API). */
  async any(): Promise<boolean> {
    const result = await this.client.execute('SELECT 1 FROM api_keys LIMIT 1')
    return result.rows.length > 0
  }

  /** Revokes the key with this id (or unique id prefix); undefined when none or several match. */
  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    const found = await this.client.execute({ sql: 'SELECT * FROM api_keys WHERE id = ? OR id LIKE ?', args: [id, `${id}%`] })
    if (found.rows.length !== 1) return undefined
    const record = toRecord(found.rows[0] as unknown as Record<string, unknown>)
    if (record.revokedAt) return record
    record.revokedAt = new Date().toISOString()
    await this.client.execute({ sql: 'UPDATE api_keys SET revoked_at = ? WHERE id = ?', args: [record.revokedAt, record.id] })
    return record
  }

  /** Checks a presented key: valid, revoked, or unknown (malformed keys are unknown). */
  async check(presented: string): Promise<KeyCheck> {
    if (!KEY_SHAPE.test(presented)) return { status: 'unknown' }
    const digest = sha256(presented)
    const rows = await this.client.execute({ sql: 'SELECT * FROM api_keys WHERE prefix = ?', args: [presented.slice(0, LOOKUP_LENGTH)] })
    let match: ApiKeyRecord | undefined
    for (const row of rows.rows) {
      const stored = Buffer.from(String(row.hash), 'hex')
      // Every candidate is compared (constant time each), so timing says nothing about which matched.
      if (stored.length === digest.length && timingSafeEqual(stored, digest)) match = toRecord(row as unknown as Record<string, unknown>)
    }
    if (!match) return { status: 'unknown' }
    return match.revokedAt ? { status: 'revoked', key: match } : { status: 'valid', key: match }
  }

  /** Records that a key was used (at most once a minute per key). */
  async touch(id: string, now = Date.now()): Promise<void> {
    const last = this.touched.get(id)
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return
    this.touched.set(id, now)
    await this.client.execute({ sql: 'UPDATE api_keys SET last_used_at = ? WHERE id = ?', args: [new Date(now).toISOString(), id] })
  }

  async close(): Promise<void> {
    this.client.close()
  }
}
