/** A SQLite schema as its DDL: tables (with their columns), indexes, views and triggers, read from a database. */
import type { Client } from '@libsql/client'

export interface SqliteColumn {
  name: string
  type: string
  notnull: boolean
  dflt: string | null
  pk: number
  generated: boolean
}

export interface SqliteTable {
  name: string
  sql: string
  columns: SqliteColumn[]
}

export interface SqliteObject {
  name: string
  /** The table an index or trigger belongs to. */
  table: string
  sql: string
}

export interface SqliteSchema {
  tables: Map<string, SqliteTable>
  indexes: SqliteObject[]
  views: SqliteObject[]
  triggers: SqliteObject[]
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export async function readSqliteSchema(client: Client): Promise<SqliteSchema> {
  const rows = (
    await client.execute(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
  ).rows
  const schema: SqliteSchema = { tables: new Map(), indexes: [], views: [], triggers: [] }
  for (const row of rows) {
    const object = { name: String(row.name), table: String(row.tbl_name), sql: String(row.sql) }
    if (row.type === 'table') {
      const info = (await client.execute(`PRAGMA table_xinfo(${quoteIdent(object.name)})`)).rows
      schema.tables.set(object.name, {
        name: object.name,
        sql: object.sql,
        columns: info
          .filter((c) => Number(c.hidden) !== 1)
          .map((c) => ({
            name: String(c.name),
            type: String(c.type),
            notnull: Number(c.notnull) === 1,
            dflt: c.dflt_value === null ? null : String(c.dflt_value),
            pk: Number(c.pk),
            generated: Number(c.hidden) >= 2,
          })),
      })
    } else if (row.type === 'index') schema.indexes.push(object)
    else if (row.type === 'view') schema.views.push(object)
    else if (row.type === 'trigger') schema.triggers.push(object)
  }
  return schema
}

/** The whole schema as one DDL script: tables, then indexes, views and triggers. */
export function schemaDdl(schema: SqliteSchema): string {
  const statements = [...schema.tables.values()].map((t) => t.sql)
  statements.push(...schema.indexes.map((o) => o.sql), ...schema.views.map((o) => o.sql), ...schema.triggers.map((o) => o.sql))
  return statements.map((s) => `${s};`).join('\n')
}

/** A comparable fingerprint of a schema (column facts, index/view/trigger definitions), for verification. */
export function fingerprint(schema: SqliteSchema): string {
  const norm = (sql: string) => sql.replace(/\s+/g, ' ').trim()
  return JSON.stringify({
    tables: [...schema.tables.values()].map((t) => ({ name: t.name, columns: t.columns })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    indexes: schema.indexes.map((o) => [o.name, norm(o.sql)]).sort(),
    views: schema.views.map((o) => [o.name, norm(o.sql)]).sort(),
    triggers: schema.triggers.map((o) => [o.name, norm(o.sql)]).sort(),
  })
}
