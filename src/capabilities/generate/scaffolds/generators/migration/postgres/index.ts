/**
 * The PostgreSQL side of `generate migration`. Postgres parses its own DDL: each source (a .sql file,
 * or a live database dumped with pg_dump --schema-only) is loaded into a scratch database and read
 * back from the catalogs; the plan is proved on the old schema's scratch database, with rows in it.
 */
import { readFileSync } from 'node:fs'
import type pg from 'pg'
import { UserInputError } from '../../../../../../core/errors.js'
import { isDatabaseUrl, resolveSourceFile } from '../../../source-file.js'
import { bothWays, type DialectPlan } from '../dialect.js'
import type { MigrationOptions } from '../index.js'
import { findPostgresBin, openScratchServer, run, type ScratchServer } from './server.js'
import { quoteIdent, readPgSchema, type PgSchema } from './schema.js'
import { planPostgresMigration } from './plan.js'
import type { Renames } from '../plan-sqlite.js'
import { verifyPostgresMigration } from './verify.js'

/** The source as DDL: the file's text, or the live database's schema as pg_dump prints it. */
async function sourceDdl(source: string, workspace: string, field: 'from' | 'to', schema: string, signal: AbortSignal): Promise<string> {
  if (isDatabaseUrl(source)) {
    if (!/^postgres(ql)?:\/\//.test(source)) throw new UserInputError(`--${field}: --dialect postgres reads postgres:// URLs.`, { field })
    const pgDump = findPostgresBin('pg_dump')
    if (!pgDump)
      throw new UserInputError(`--${field} is a live database: reading its schema needs pg_dump (Debian: postgresql-client).`, { field })
    try {
      // The password goes by environment, not on the command line where `ps` shows it.
      const url = new URL(source)
      const password = decodeURIComponent(url.password)
      url.password = ''
      const env = password ? { ...process.env, PGPASSWORD: password } : undefined
      const args = ['--schema-only', '--no-owner', '--no-privileges', '--schema', schema, '--dbname', url.toString()]
      const ddl = await run(pgDump, args, { signal, ...(env ? { env } : {}) })
      // pg_dump 17.6+ fences its output with psql meta-commands (\restrict); the server takes plain SQL only.
      // It also creates the schema, which every scratch database already has when it is public.
      return ddl.replace(/^\\.*$/gm, '').replace(/^CREATE SCHEMA (?!IF NOT EXISTS)/gm, 'CREATE SCHEMA IF NOT EXISTS ')
    } catch (error) {
      const host = new URL(source).host || 'the database'
      throw new UserInputError(`--${field}: could not read the schema of ${host}: ${(error as Error).message.replace(source, '<url>')}`, {
        field,
        cause: error,
      })
    }
  }
  const path = resolveSourceFile(workspace, source, field)
  const text = readFileSync(path, 'utf8')
  if (text.startsWith('SQLite format 3\0'))
    throw new UserInputError(`--${field} ${source} is a SQLite database: use --dialect sqlite.`, { field: 'dialect' })
  return text
}

/** Loads DDL into a scratch database; a mistake is reported with its line in the source. */
async function load(client: pg.Client, ddl: string, source: string, field: 'from' | 'to', schema: string): Promise<void> {
  try {
    if (schema !== 'public')
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}, public`)
    await client.query(ddl)
  } catch (error) {
    const position = Number((error as { position?: string }).position)
    const line = Number.isFinite(position) && position > 0 ? `, line ${ddl.slice(0, position).split('\n').length}` : ''
    throw new UserInputError(
      `--${field} ${isDatabaseUrl(source) ? 'database' : source}${line}: PostgreSQL could not load this DDL: ${(error as Error).message}`,
      {
        field,
        cause: error,
      },
    )
  }
}

export async function planPostgres(
  options: MigrationOptions,
  renames: Renames,
  workspace: string,
  signal: AbortSignal,
): Promise<DialectPlan> {
  const [fromDdl, toDdl] = await Promise.all([
    sourceDdl(options.from, workspace, 'from', options.schema, signal),
    sourceDdl(options.to, workspace, 'to', options.schema, signal),
  ])
  const server: ScratchServer = await openScratchServer(options.shadow_url, signal)
  const databases: { client: pg.Client; drop(): Promise<void> }[] = []
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    try {
      for (const db of databases) await db.drop().catch(() => undefined)
    } finally {
      await server.stop()
    }
  }
  try {
    // The two sources are independent: each is loaded and read back on its own database, side by side.
    const created = await Promise.allSettled([server.createDatabase(), server.createDatabase()])
    for (const c of created) if (c.status === 'fulfilled') databases.push(c.value)
    for (const c of created) if (c.status === 'rejected') throw c.reason
    const [fromDb, toDb] = databases as [(typeof databases)[number], (typeof databases)[number]]
    const [from, to]: [PgSchema, PgSchema] = await Promise.all([
      load(fromDb.client, fromDdl, options.from, 'from', options.schema).then(() => readPgSchema(fromDb.client, options.schema)),
      load(toDb.client, toDdl, options.to, 'to', options.schema).then(() => readPgSchema(toDb.client, options.schema)),
    ])
    await toDb.drop()
    databases.pop()
    const client = fromDb.client
    return {
      ...bothWays({
        engine: 'PostgreSQL',
        from,
        to,
        renames,
        plan: planPostgresMigration,
        prove: (sql) => verifyPostgresMigration({ client, from, to, ...sql }),
      }),
      dispose,
    }
  } catch (error) {
    await dispose()
    throw error
  }
}
