/** Reads a schema model from a SQLite file, a .sql DDL file (loaded into SQLite) or a postgres:// URL. */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { UserInputError } from '../../../../../core/errors.js'
import { resolveSourceFile } from '../../source-file.js'
import type { SchemaModel } from './schema-model.js'
import { introspectSqlite } from './sqlite.js'

export type SourceDialect = 'sqlite' | 'postgres'

export function sourceDialect(from: string): SourceDialect {
  return /^postgres(ql)?:\/\//.test(from) ? 'postgres' : 'sqlite'
}

/** Where the schema came from, without credentials: for the header of the generated file. */
export function describeSource(from: string): string {
  if (/^postgres(ql)?:\/\//.test(from)) {
    const url = new URL(from)
    return `postgres://${url.host}${url.pathname}`
  }
  return basename(from)
}

export async function loadModel(
  from: string,
  workspace: string,
  options: { schema: string; dates: 'string' | 'Date' },
): Promise<SchemaModel> {
  if (/^postgres(ql)?:\/\//.test(from)) {
    const { introspectPostgres } = await import('./postgres.js')
    return introspectPostgres(from, options.schema, { dates: options.dates })
  }
  const path = resolveSourceFile(workspace, from, 'from')
  const { createClient } = await import('@libsql/client')
  if (/\.sql$/i.test(path)) {
    const client = createClient({ url: ':memory:' })
    try {
      await client.executeMultiple(readFileSync(path, 'utf8'))
      return await introspectSqlite(client)
    } catch (error) {
      throw new UserInputError(`--from ${from}: SQLite could not load this DDL: ${(error as Error).message}`, {
        field: 'from',
        cause: error,
      })
    } finally {
      client.close()
    }
  }
  const header = readFileSync(path).subarray(0, 16).toString('latin1')
  if (header !== 'SQLite format 3\0')
    throw new UserInputError(`--from ${from}: not a SQLite database, a .sql file or a postgres:// URL.`, { field: 'from' })
  const client = createClient({ url: `file:${path}` })
  try {
    return await introspectSqlite(client)
  } finally {
    client.close()
  }
}
