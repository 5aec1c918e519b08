/** The SQLite side of `generate migration`: schemas from DDL files or database files, proved on an in-memory database. */
import { readFileSync } from 'node:fs'
import type { Client } from '@libsql/client'
import { UserInputError } from '../../../../../core/errors.js'
import { isDatabaseUrl, resolveSourceFile } from '../../source-file.js'
import { bothWays, type DialectPlan } from './dialect.js'
import type { MigrationOptions } from './index.js'
import { planSqliteMigration, type Renames } from './plan-sqlite.js'
import { readSqliteSchema, type SqliteSchema } from './sqlite-schema.js'
import { verifySqliteMigration } from './verify-sqlite.js'

async function loadSchema(source: string, workspace: string, field: 'from' | 'to'): Promise<SqliteSchema> {
  if (isDatabaseUrl(source))
    throw new UserInputError(`--${field} ${source.split(':')[0]}://...: a database URL needs --dialect postgres.`, { field: 'dialect' })
  const path = resolveSourceFile(workspace, source, field)
  const { createClient } = await import('@libsql/client')
  let client: Client
  if (/\.sql$/i.test(path)) {
    client = createClient({ url: ':memory:' })
    try {
      await client.executeMultiple(readFileSync(path, 'utf8'))
    } catch (error) {
      client.close()
      throw new UserInputError(`${source}: SQLite could not load this DDL: ${(error as Error).message}`, { field, cause: error })
    }
  } else {
    if (readFileSync(path).subarray(0, 16).toString('latin1') !== 'SQLite format 3\0')
      throw new UserInputError(`${source}: not a .sql file or a SQLite database.`, { field })
    client = createClient({ url: `file:${path}` })
  }
  try {
    return await readSqliteSchema(client)
  } finally {
    client.close()
  }
}

export async function planSqlite(options: MigrationOptions, renames: Renames, workspace: string): Promise<DialectPlan> {
  const [from, to] = await Promise.all([loadSchema(options.from, workspace, 'from'), loadSchema(options.to, workspace, 'to')])
  return bothWays({
    engine: 'SQLite',
    from,
    to,
    renames,
    plan: planSqliteMigration,
    prove: (sql) => verifySqliteMigration({ from, to, ...sql }),
  })
}
