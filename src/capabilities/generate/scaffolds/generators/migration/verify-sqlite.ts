/**
 * Proves a SQLite migration on a throwaway in-memory database: the old schema with rows in every
 * table, then up (the schema must equal the target, the rows must survive), then down (the schema
 * must equal the old one again, and every value in a column that lived through both must be back).
 */
import type { Client } from '@libsql/client'
import { fingerprint, quoteIdent, readSqliteSchema, schemaDdl, type SqliteSchema, type SqliteTable } from './sqlite-schema.js'

export interface VerifyResult {
  rows: number
  problems: string[]
}

const ROWS_PER_TABLE = 3

/** Tables in an order where every table comes after the tables it references. */
function referenceOrder(tables: SqliteTable[], references: Map<string, string[]>): SqliteTable[] {
  const out: SqliteTable[] = []
  const seen = new Set<string>()
  const visit = (t: SqliteTable) => {
    if (seen.has(t.name)) return
    seen.add(t.name)
    for (const parent of references.get(t.name) ?? []) {
      const p = tables.find((x) => x.name === parent)
      if (p) visit(p)
    }
    out.push(t)
  }
  tables.forEach(visit)
  return out
}

function valueFor(type: string, i: number, checkValues: string[] | undefined): string | number {
  if (checkValues?.length) return checkValues[i % checkValues.length]!
  const t = type.toUpperCase()
  if (/JSON/.test(t)) return '{}'
  if (/INT|BOOL/.test(t)) return i
  if (/REAL|FLOA|DOUB|NUM|DEC/.test(t)) return i + 0.5
  if (/DATE|TIME/.test(t)) return `2024-01-0${i}T00:00:00Z`
  return `value ${i}`
}

/** Inserts ROWS_PER_TABLE rows in every table; row i references row i of its parents; the last has NULLs. */
async function seed(client: Client, schema: SqliteSchema): Promise<number> {
  const references = new Map<string, string[]>()
  const fkColumns = new Map<string, Map<string, { table: string; column: string | null }>>()
  for (const table of schema.tables.values()) {
    const fks = (await client.execute(`PRAGMA foreign_key_list(${quoteIdent(table.name)})`)).rows
    references.set(table.name, [...new Set(fks.map((f) => String(f.table)))])
    fkColumns.set(
      table.name,
      new Map(fks.map((f) => [String(f.from), { table: String(f.table), column: f.to === null ? null : String(f.to) }])),
    )
  }
  let rows = 0
  const inserted = new Map<string, Record<string, unknown>[]>()
  for (const table of referenceOrder([...schema.tables.values()], references)) {
    const checks = new Map(
      [...table.sql.matchAll(/CHECK\s*\(\s*["`[]?(\w+)["`\]]?\s+IN\s*\(([^)]*)\)\s*\)/gi)].map((m) => [
        m[1]!,
        [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replace(/''/g, "'")),
      ]),
    )
    const list: Record<string, unknown>[] = []
    for (let i = 1; i <= ROWS_PER_TABLE; i++) {
      const row: Record<string, unknown> = {}
      for (const column of table.columns.filter((c) => !c.generated)) {
        const fk = fkColumns.get(table.name)?.get(column.name)
        if (fk) {
          const parent = inserted.get(fk.table)?.[i - 1]
          const target = fk.column ?? schema.tables.get(fk.table)?.columns.find((c) => c.pk === 1)?.name
          row[column.name] = parent && target ? parent[target] : null
        } else if (i === ROWS_PER_TABLE && !column.notnull && column.pk === 0) {
          // The last row leaves every nullable column NULL: real data has gaps, and NOT NULL changes must meet them.
          row[column.name] = null
        } else {
          row[column.name] = valueFor(column.type, i, checks.get(column.name))
        }
      }
      const names = Object.keys(row)
      await client.execute({
        sql: `INSERT INTO ${quoteIdent(table.name)} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        args: names.map((n) => row[n] as string | number | null),
      })
      list.push(row)
      rows++
    }
    inserted.set(table.name, list)
  }
  return rows
}

async function snapshot(client: Client, schema: SqliteSchema): Promise<Map<string, Record<string, unknown>[]>> {
  const out = new Map<string, Record<string, unknown>[]>()
  for (const table of schema.tables.values()) {
    // WITHOUT ROWID tables have no rowid: their primary key orders them instead.
    const order = table.sql.match(/WITHOUT\s+ROWID/i)
      ? table.columns
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => quoteIdent(c.name))
          .join(', ')
      : 'rowid'
    // codex-ignore js-sql-injection-template-literal -- every identifier goes through quoteIdent()
    const result = await client.execute(`SELECT * FROM ${quoteIdent(table.name)} ORDER BY ${order}`)
    out.set(
      table.name,
      result.rows.map((r) => ({ ...r })),
    )
  }
  return out
}

function compareRows(
  label: string,
  before: Map<string, Record<string, unknown>[]>,
  after: Map<string, Record<string, unknown>[]>,
  columns: (table: string) => string[],
  tableName: (table: string) => string | undefined,
): string[] {
  const problems: string[] = []
  for (const [table, rows] of before) {
    const now = tableName(table)
    if (!now) continue
    const afterRows = after.get(now) ?? []
    if (afterRows.length !== rows.length) {
      problems.push(`${label}: ${now} has ${afterRows.length} rows, expected ${rows.length}`)
      continue
    }
    for (const [oldColumn, newColumn] of columns(table).map((c) => c.split('\0') as [string, string])) {
      rows.forEach((row, i) => {
        if (String(row[oldColumn]) !== String(afterRows[i]![newColumn]))
          problems.push(
            `${label}: ${now}.${newColumn} row ${i + 1} changed from ${String(row[oldColumn])} to ${String(afterRows[i]![newColumn])}`,
          )
      })
    }
  }
  return problems
}

export async function verifySqliteMigration(options: {
  from: SqliteSchema
  to: SqliteSchema
  up: string
  down: string
  /** For each old table: its name after up, and old column → new column for the columns that survive. */
  survivors: Map<string, { table: string; columns: Map<string, string> }>
}): Promise<VerifyResult> {
  const { createClient } = await import('@libsql/client')
  const client = createClient({ url: ':memory:' })
  const problems: string[] = []
  try {
    await client.executeMultiple(schemaDdl(options.from))
    await client.execute('PRAGMA foreign_keys = ON')
    let rows = 0
    try {
      rows = await seed(client, options.from)
    } catch (error) {
      problems.push(`could not put test rows in the old schema: ${(error as Error).message}`)
    }
    const before = await snapshot(client, options.from)
    try {
      await client.executeMultiple(options.up)
    } catch (error) {
      return { rows, problems: [...problems, `up failed: ${(error as Error).message}`] }
    }
    const afterUp = await readSqliteSchema(client)
    if (fingerprint(afterUp) !== fingerprint(options.to)) problems.push('after up, the schema differs from the target')
    const upRows = await snapshot(client, afterUp)
    problems.push(
      ...compareRows(
        'up',
        before,
        upRows,
        (t) => [...(options.survivors.get(t)?.columns ?? [])].map(([o, n]) => `${o}\0${n}`),
        (t) => options.survivors.get(t)?.table,
      ),
    )
    const fkAfterUp = await client.execute('PRAGMA foreign_key_check')
    if (fkAfterUp.rows.length) problems.push(`after up, ${fkAfterUp.rows.length} rows break a foreign key`)
    try {
      await client.executeMultiple(options.down)
    } catch (error) {
      return { rows, problems: [...problems, `down failed: ${(error as Error).message}`] }
    }
    const afterDown = await readSqliteSchema(client)
    if (fingerprint(afterDown) !== fingerprint(options.from)) problems.push('after down, the schema differs from the original')
    const downRows = await snapshot(client, afterDown)
    problems.push(
      ...compareRows(
        'down',
        before,
        downRows,
        (t) => [...(options.survivors.get(t)?.columns ?? [])].map(([o]) => `${o}\0${o}`),
        (t) => (options.survivors.has(t) ? t : undefined),
      ),
    )
    return { rows, problems }
  } finally {
    client.close()
  }
}
