/**
 * Proves a PostgreSQL migration on a scratch database that holds the old schema: rows in every
 * table, then up (the schema must equal the target, and every surviving value must cast back to
 * what it was), then down (the schema must equal the old one again, and every value must be back).
 */
import type pg from 'pg'
import { pgDifferences, pgFingerprint, quoteIdent as q, readPgSchema, type PgColumn, type PgSchema, type PgTable } from './schema.js'

export interface Survivor {
  /** The table's name after up. */
  table: string
  /** old column → new column, for the columns that live through up. */
  columns: Map<string, string>
}

export interface PgVerifyResult {
  rows: number
  problems: string[]
}

const ROWS_PER_TABLE = 3

/** `CHECK ((status = ANY (ARRAY['draft'::text, 'posted'::text])))` → status: [draft, posted]. */
function checkValues(schema: PgSchema, table: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const c of schema.constraints) {
    if (c.table !== table || c.kind !== 'c') continue
    const m = /^CHECK \(\(?\(?"?([\w$]+)"?\)?(?:::\w+)? = ANY \(\(?ARRAY\[(.*)\]/.exec(c.def)
    if (m)
      out.set(
        m[1]!,
        [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replace(/''/g, "'")),
      )
  }
  return out
}

/** A value of the column's type as text Postgres parses; unique per row, plain enough for common CHECKs. */
function valueFor(column: PgColumn, i: number, allowed: string[] | undefined, enums: Map<string, string[]>): string {
  if (allowed?.length) return allowed[(i - 1) % allowed.length]!
  const labels = column.typtype === 'e' ? enums.get(column.typname) : undefined
  if (column.type.endsWith('[]')) return labels?.length ? `{${labels[0]}}` : '{}'
  if (labels?.length) return labels[(i - 1) % labels.length]!
  const type = (column.baseType ?? column.type).toLowerCase()
  const name = `${column.name} ${column.typname}`.toLowerCase()
  if (/^(smallint|integer|bigint|oid)/.test(type)) return String(i)
  if (/^(numeric|decimal|real|double|money)/.test(type)) return `${i}.5`
  if (type === 'boolean') return i % 2 === 0 ? 'true' : 'false'
  if (type === 'uuid') return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
  if (/^json/.test(type)) return `{"n": ${i}}`
  if (type === 'date') return `2024-01-0${i}`
  if (/^timestamp/.test(type)) return `2024-01-0${i} 10:00:00+00`
  if (/^time/.test(type)) return `10:00:0${i}`
  if (type === 'interval') return `${i} days`
  if (/^(inet|cidr)/.test(type)) return `10.0.0.${i}`
  if (type === 'bytea') return `\\x0${i}`
  const limit = /\((\d+)\)/.exec(type)
  const text = name.includes('email') ? `user${i}@example.com` : `value ${i}`
  return limit && Number(limit[1]) < text.length ? String(i).slice(0, Number(limit[1])) : text
}

function referenceOrder(schema: PgSchema): PgTable[] {
  const out: PgTable[] = []
  const seen = new Set<string>()
  const visit = (table: PgTable) => {
    if (seen.has(table.name)) return
    seen.add(table.name)
    for (const fk of schema.constraints.filter((c) => c.kind === 'f' && c.table === table.name && c.refTable !== table.name)) {
      const parent = schema.tables.get(fk.refTable ?? '')
      if (parent) visit(parent)
    }
    out.push(table)
  }
  for (const table of schema.tables.values()) visit(table)
  return out
}

/** Labels an enum keeps in both schemas, so seeded rows survive a migration that drops others. */
function lastingEnums(from: PgSchema, to: PgSchema): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [name, labels] of from.enums) {
    const kept = labels.filter((l) => to.enums.get(name)?.includes(l))
    out.set(name, kept.length ? kept : labels)
  }
  return out
}

async function seed(client: pg.Client, from: PgSchema, to: PgSchema): Promise<number> {
  const enums = lastingEnums(from, to)
  const inserted = new Map<string, Record<string, unknown>[]>()
  let rows = 0
  for (const table of referenceOrder(from)) {
    const allowed = checkValues(from, table.name)
    const fks = from.constraints.filter((c) => c.kind === 'f' && c.table === table.name)
    const list: Record<string, unknown>[] = []
    for (let i = 1; i <= ROWS_PER_TABLE; i++) {
      const row: Record<string, unknown> = {}
      for (const column of table.columns) {
        if (column.generated || column.identity || column.serial) continue
        const fk = fks.find((f) => f.columns.includes(column.name))
        if (fk) {
          const parent = inserted.get(fk.refTable ?? '')?.[i - 1]
          row[column.name] = parent ? (parent[fk.refColumns[fk.columns.indexOf(column.name)]!] ?? null) : null
        } else if (i === ROWS_PER_TABLE && !column.notnull) {
          // The last row leaves every nullable column NULL: real data has gaps, and NOT NULL changes must meet them.
          row[column.name] = null
        } else {
          row[column.name] = valueFor(column, i, allowed.get(column.name), enums)
        }
      }
      const names = Object.keys(row)
      const sql = names.length
        ? `INSERT INTO ${q(table.name)} (${names.map(q).join(', ')}) VALUES (${names.map((_, n) => `$${n + 1}`).join(', ')}) RETURNING *`
        : `INSERT INTO ${q(table.name)} DEFAULT VALUES RETURNING *`
      const result = await client.query(
        sql,
        names.map((n) => row[n]),
      )
      list.push(result.rows[0] as Record<string, unknown>)
      rows++
    }
    inserted.set(table.name, list)
  }
  return rows
}

/** The rows of a table as sorted tuples of text, one expression per column. */
async function tuples(client: pg.Client, table: string, expressions: string[]): Promise<string[]> {
  if (!expressions.length) return []
  const result = await client.query<{ t: string }>(`SELECT json_build_array(${expressions.join(', ')})::text AS t FROM ${q(table)}`)
  return result.rows.map((r) => r.t).sort()
}

function isBaseType(column: PgColumn): boolean {
  return column.typtype === 'b' || column.typtype === 'r' || column.typtype === 'm'
}

function compare(label: string, table: string, before: string[], after: string[]): string[] {
  if (before.length !== after.length) return [`${label}: ${table} has ${after.length} rows, expected ${before.length}`]
  const i = before.findIndex((row, n) => row !== after[n])
  return i < 0 ? [] : [`${label}: a row of ${table} changed from ${before[i]} to ${after[i]}`]
}

/** Runs one direction; `failed` when it did not run, else where the schema differs from the one expected. */
async function apply(
  client: pg.Client,
  label: string,
  sql: string,
  expected: PgSchema,
  name: string,
): Promise<{ failed?: string; problems: string[] }> {
  try {
    await client.query(sql)
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    return { failed: `${label} failed: ${(error as Error).message}`, problems: [] }
  }
  const after = await readPgSchema(client, expected.schema)
  if (pgFingerprint(after) === pgFingerprint(expected)) return { problems: [] }
  return { problems: [`after ${label}, the schema differs from ${name} (${pgDifferences(after, expected).slice(0, 3).join('; ')})`] }
}

export async function verifyPostgresMigration(options: {
  /** A scratch database that holds the old schema (and nothing else). */
  client: pg.Client
  from: PgSchema
  to: PgSchema
  up: string
  down: string
  survivors: Map<string, Survivor>
}): Promise<PgVerifyResult> {
  const { client, from, to, survivors } = options
  const problems: string[] = []
  let rows = 0
  try {
    rows = await seed(client, from, to)
  } catch (error) {
    problems.push(`could not put test rows in the old schema: ${(error as Error).message}`)
  }
  const before = new Map<string, string[]>()
  for (const [name, survivor] of survivors) {
    before.set(
      name,
      await tuples(
        client,
        name,
        [...survivor.columns.keys()].map((c) => `${q(c)}::text`),
      ),
    )
  }
  const upFailed = await apply(client, 'up', options.up, to, 'the target')
  if (upFailed.failed) return { rows, problems: [...problems, upFailed.failed] }
  problems.push(...upFailed.problems)
  for (const [name, survivor] of survivors) {
    const oldTable = from.tables.get(name)!
    const expressions = [...survivor.columns].map(([o, n]) => {
      const was = oldTable.columns.find((c) => c.name === o)!
      const now = to.tables.get(survivor.table)?.columns.find((c) => c.name === n)
      // A changed type is proved by casting back: the value must be what it was in the old type.
      return now && now.type !== was.type && isBaseType(was) ? `${q(n)}::${was.type}::text` : `${q(n)}::text`
    })
    try {
      problems.push(...compare('up', survivor.table, before.get(name)!, await tuples(client, survivor.table, expressions)))
    } catch (error) {
      problems.push(`up: the values of ${survivor.table} do not cast back to their old types: ${(error as Error).message}`)
    }
  }
  const downFailed = await apply(client, 'down', options.down, from, 'the original')
  if (downFailed.failed) return { rows, problems: [...problems, downFailed.failed] }
  problems.push(...downFailed.problems)
  for (const [name, survivor] of survivors) {
    problems.push(
      ...compare(
        'down',
        name,
        before.get(name)!,
        await tuples(
          client,
          name,
          [...survivor.columns.keys()].map((c) => `${q(c)}::text`),
        ),
      ),
    )
  }
  return { rows, problems }
}
