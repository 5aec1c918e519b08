/**
 * Postgres introspection through pg, from the catalogs (pg_class, pg_attribute, pg_type,
 * pg_constraint, pg_index, pg_enum): tables, views, enums, identity/generated/defaulted columns,
 * arrays, domains and foreign keys.
 */
import { UserInputError } from '../../../../../core/errors.js'
import { tsString } from '../../literal.js'
import type { ColumnModel, RelationModel, SchemaModel } from './schema-model.js'

interface ColumnRow {
  relname: string
  relkind: string
  attname: string
  attnum: number
  format: string
  typname: string
  typtype: string
  typcategory: string
  typschema: string
  elem_typname: string | null
  elem_typtype: string | null
  elem_typcategory: string | null
  elem_typschema: string | null
  attnotnull: boolean
  atthasdef: boolean
  attidentity: string
  attgenerated: string
  is_unique: boolean
  is_serial: boolean
}

interface ForeignKeyRow {
  conname: string
  relname: string
  ref_relname: string
  columns: string[]
  ref_columns: string[]
  one_to_one: boolean
}

const COLUMNS_SQL = `
SELECT c.relname, c.relkind, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS format,
       coalesce(bt.typname, t.typname) AS typname, coalesce(bt.typtype, t.typtype) AS typtype,
       coalesce(bt.typcategory, t.typcategory) AS typcategory, tn.nspname AS typschema,
       et.typname AS elem_typname, et.typtype AS elem_typtype, et.typcategory AS elem_typcategory, etn.nspname AS elem_typschema,
       a.attnotnull, a.atthasdef, a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated,
       coalesce(pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL, false) AS is_serial,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS is_unique
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_type et ON et.oid = coalesce(bt.typelem, t.typelem) AND coalesce(bt.typcategory, t.typcategory) = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`

const ENUMS_SQL = `
SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname`

const FOREIGN_KEYS_SQL = `
SELECT con.conname, c.relname, fc.relname AS ref_relname,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indisunique
                 AND i.indnkeyatts = cardinality(con.conkey) AND (i.indkey::int2[])[0:i.indnkeyatts - 1] @> con.conkey) AS one_to_one
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class fc ON fc.oid = con.confrelid
WHERE con.contype = 'f' AND n.nspname = $1
ORDER BY c.relname, con.conname`

/** The type a value arrives as in JSON (PostgREST/Supabase) or from pg with dates as text. */
function scalarType(
  typname: string,
  typtype: string,
  category: string,
  typschema: string,
  schema: string,
  enums: Map<string, string[]>,
  dates: 'string' | 'Date',
): string {
  if (typtype === 'e') {
    if (typschema === schema && enums.has(typname)) return `Database[${tsString(schema)}]['Enums'][${tsString(typname)}]`
    return 'string'
  }
  if (typname === 'json' || typname === 'jsonb') return 'Json'
  if (['int2', 'int4', 'float4', 'float8', 'oid'].includes(typname)) return 'number'
  // int8 and numeric exceed a double's exact range: pg and PostgREST hand them over as text.
  if (typname === 'int8' || typname === 'numeric' || typname === 'money') return 'string'
  if (category === 'B') return 'boolean'
  if (category === 'D') return dates
  return category === 'U' && !['uuid', 'bytea', 'citext', 'xml', 'tsvector'].includes(typname) ? 'unknown' : 'string'
}

function columnType(row: ColumnRow, schema: string, enums: Map<string, string[]>, dates: 'string' | 'Date'): string {
  if (row.typcategory === 'A' && row.elem_typname) {
    const element = scalarType(
      row.elem_typname,
      row.elem_typtype ?? 'b',
      row.elem_typcategory ?? 'S',
      row.elem_typschema ?? '',
      schema,
      enums,
      dates,
    )
    return /[ |]/.test(element) ? `(${element})[]` : `${element}[]`
  }
  return scalarType(row.typname, row.typtype, row.typcategory, row.typschema, schema, enums, dates)
}

export async function introspectPostgres(url: string, schema: string, options: { dates?: 'string' | 'Date' } = {}): Promise<SchemaModel> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  try {
    await client.connect()
  } catch (error) {
    throw new UserInputError(`Could not connect to ${new URL(url).host || 'the database'}: ${(error as Error).message}`, {
      field: 'from',
      cause: error,
    })
  }
  try {
    const dates = options.dates ?? 'string'
    const enumRows = (await client.query<{ typname: string; labels: string[] }>(ENUMS_SQL, [schema])).rows
    const enums = new Map(enumRows.map((r) => [r.typname, r.labels]))
    const columns = (await client.query<ColumnRow>(COLUMNS_SQL, [schema])).rows
    const relations = new Map<string, RelationModel & { view: boolean }>()
    for (const row of columns) {
      let relation = relations.get(row.relname)
      if (!relation) {
        relation = { name: row.relname, columns: [], relationships: [], view: row.relkind === 'v' || row.relkind === 'm' }
        relations.set(row.relname, relation)
      }
      const generated = row.attgenerated === 's' || row.attidentity === 'a'
      const column: ColumnModel = {
        name: row.attname,
        tsType: columnType(row, schema, enums, dates),
        nullable: relation.view || !row.attnotnull,
        hasDefault: row.atthasdef || row.attidentity !== '' || row.attgenerated !== '',
        generated,
        dbType: row.format,
      }
      if (row.typtype === 'e' && enums.has(row.typname) && row.typschema === schema) column.enumValues = enums.get(row.typname)!
      if (row.elem_typtype === 'e' && row.elem_typname && enums.has(row.elem_typname)) column.enumValues = enums.get(row.elem_typname)!
      if (row.is_unique) column.unique = true
      if (row.attidentity !== '' || (row.atthasdef && row.is_serial)) column.identity = true
      relation.columns.push(column)
    }
    for (const fk of (await client.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, [schema])).rows) {
      relations.get(fk.relname)?.relationships.push({
        foreignKeyName: fk.conname,
        columns: fk.columns,
        referencedRelation: fk.ref_relname,
        referencedColumns: fk.ref_columns,
        isOneToOne: fk.one_to_one,
      })
    }
    const all = [...relations.values()]
    const strip = ({ view: _view, ...relation }: RelationModel & { view: boolean }): RelationModel => relation
    return {
      schema,
      tables: all.filter((r) => !r.view).map(strip),
      views: all.filter((r) => r.view).map(strip),
      enums: enumRows.map((r) => ({ name: r.typname, values: r.labels })),
    }
  } finally {
    await client.end()
  }
}
