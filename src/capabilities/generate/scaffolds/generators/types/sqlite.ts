/**
 * SQLite introspection through libsql: tables, views, columns (with generated columns), foreign
 * keys, and CHECK (col IN (...)) constraints read as enums. A .sql file is loaded into an in-memory
 * database first, so SQLite itself parses the DDL.
 */
import type { Client } from '@libsql/client'
import type { ColumnModel, RelationModel, SchemaModel } from './schema-model.js'

interface ColumnInfo {
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
  /** 0 normal, 1 hidden (virtual table), 2 generated virtual, 3 generated stored. */
  hidden: number
}

interface ForeignKeyInfo {
  id: number
  seq: number
  table: string
  from: string
  to: string | null
}

/** SQLite's type affinity rules (section 3.1 of its datatype docs), plus the JSON and date names apps use. */
export function sqliteTsType(declared: string): string {
  const t = declared.toUpperCase()
  if (t === '') return 'unknown'
  if (/JSON/.test(t)) return 'Json'
  if (/INT/.test(t)) return 'number'
  if (/CHAR|CLOB|TEXT/.test(t)) return 'string'
  if (/BLOB/.test(t)) return 'Uint8Array'
  if (/REAL|FLOA|DOUB/.test(t)) return 'number'
  if (/BOOL/.test(t)) return 'number'
  if (/DATE|TIME/.test(t)) return 'string'
  return 'number'
}

/** `status TEXT CHECK (status IN ('draft', 'posted'))` → { status: ['draft', 'posted'] } */
export function checkInEnums(sql: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  // Literals separated by commas: with an optional comma the list split in exponentially many ways
  // on a run of quotes (`IN('' '''' '''' ...`): 39 s for 16 of them.
  const pattern = /CHECK\s*\(\s*["`[]?(\w+)["`\]]?\s+IN\s*\(\s*('(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*)\s*\)\s*\)/gi
  for (const m of sql.matchAll(pattern)) {
    const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replace(/''/g, "'"))
    out.set(m[1]!, values)
  }
  return out
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export async function introspectSqlite(client: Client): Promise<SchemaModel> {
  const objects = await client.execute(
    "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name",
  )
  const model: SchemaModel = { schema: 'public', tables: [], views: [], enums: [] }
  const primaryKeys = new Map<string, string[]>()
  const pending: { relation: RelationModel; fks: ForeignKeyInfo[]; unique: string[][] }[] = []
  for (const row of objects.rows) {
    const name = String(row.name)
    const isView = row.type === 'view'
    const sql = String(row.sql ?? '')
    const info = (await client.execute(`PRAGMA table_xinfo(${quoteIdent(name)})`)).rows as unknown as ColumnInfo[]
    const enums = isView ? new Map<string, string[]>() : checkInEnums(sql)
    const pkColumns = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    primaryKeys.set(
      name,
      pkColumns.map((c) => c.name),
    )
    const rowidAlias = pkColumns.length === 1 && pkColumns[0]!.type.toUpperCase() === 'INTEGER'
    const columns: ColumnModel[] = info
      .filter((c) => c.hidden !== 1)
      .map((c) => {
        const values = enums.get(c.name)
        if (values) model.enums.push({ name: `${name}_${c.name}`, values })
        const generated = c.hidden === 2 || c.hidden === 3
        // A view's columns may be NULL whatever the base table says (outer joins, aggregates).
        const nullable = isView || (c.notnull === 0 && c.pk === 0)
        const column: ColumnModel = {
          name: c.name,
          tsType: values ? values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ') : sqliteTsType(c.type),
          nullable,
          hasDefault: c.dflt_value !== null || (rowidAlias && c.pk === 1) || generated,
          generated,
          dbType: c.type || 'any',
        }
        if (values) column.enumValues = values
        if (rowidAlias && c.pk === 1) column.identity = true
        return column
      })
    const relation: RelationModel = { name, columns, relationships: [] }
    if (isView) model.views.push(relation)
    else {
      model.tables.push(relation)
      const fks = (await client.execute(`PRAGMA foreign_key_list(${quoteIdent(name)})`)).rows as unknown as ForeignKeyInfo[]
      const unique: string[][] = [pkColumns.map((c) => c.name)]
      for (const index of (await client.execute(`PRAGMA index_list(${quoteIdent(name)})`)).rows) {
        if (Number(index.unique) !== 1) continue
        const cols = (await client.execute(`PRAGMA index_info(${quoteIdent(String(index.name))})`)).rows
        unique.push(cols.map((c) => String(c.name)))
      }
      pending.push({ relation, fks, unique })
      for (const column of columns) if (unique.some((u) => u.length === 1 && u[0] === column.name)) column.unique = true
    }
  }
  for (const { relation, fks, unique } of pending) {
    const byId = new Map<number, ForeignKeyInfo[]>()
    for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk])
    for (const parts of [...byId.values()]) {
      parts.sort((a, b) => a.seq - b.seq)
      const columns = parts.map((p) => p.from)
      const referencedRelation = parts[0]!.table
      // `REFERENCES users` without columns means the referenced table's primary key.
      const referencedColumns = parts.every((p) => p.to) ? parts.map((p) => p.to!) : (primaryKeys.get(referencedRelation) ?? [])
      const isOneToOne = unique.some((u) => u.length === columns.length && u.every((c) => columns.includes(c)))
      relation.relationships.push({
        foreignKeyName: `${relation.name}_${columns.join('_')}_fkey`,
        columns,
        referencedRelation,
        referencedColumns,
        isOneToOne,
      })
    }
    relation.relationships.sort((a, b) => (a.foreignKeyName < b.foreignKeyName ? -1 : 1))
  }
  return model
}
