/**
 * Plans a SQLite migration from one schema to another. Changed tables are rebuilt the way SQLite's
 * documentation prescribes for any ALTER it cannot do in place (create the new table, copy the
 * common columns, drop, rename), so type and constraint changes keep the data; renames the person
 * confirmed (--renames) carry their column's data across; drops are flagged as destructive, and a
 * drop paired with a look-alike add is offered as a rename hint.
 */
import { quoteIdent, type SqliteSchema, type SqliteTable } from './sqlite-schema.js'

export interface Renames {
  /** old table name → new table name */
  tables: Map<string, string>
  /** `${newTable}` → (old column → new column) */
  columns: Map<string, Map<string, string>>
}

export interface MigrationPlan {
  statements: string[]
  destructive: string[]
  hints: string[]
}

function affinity(type: string): string {
  const t = type.toUpperCase()
  if (/INT/.test(t)) return 'INTEGER'
  if (/CHAR|CLOB|TEXT/.test(t)) return 'TEXT'
  if (t === '' || /BLOB/.test(t)) return 'BLOB'
  if (/REAL|FLOA|DOUB/.test(t)) return 'REAL'
  return 'NUMERIC'
}

/** Replaces the table name in a CREATE TABLE statement. */
function renameCreate(sql: string, name: string): string {
  return sql.replace(/^(\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?)("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[\w$]+)/i, `$1${quoteIdent(name)}`)
}

function sameTable(a: SqliteTable, b: SqliteTable): boolean {
  return a.sql.replace(/\s+/g, ' ').replace(/^CREATE TABLE \S+/i, '') === b.sql.replace(/\s+/g, ' ').replace(/^CREATE TABLE \S+/i, '')
}

/** A dropped table and an added one that share at least half their columns may be one table renamed: say so, do not guess. */
export function tableRenameHints(
  dropped: string[],
  added: string[],
  from: Map<string, { columns: { name: string }[] }>,
  to: Map<string, { columns: { name: string }[] }>,
): string[] {
  const hints: string[] = []
  for (const d of dropped) {
    const oldCols = from.get(d)!.columns.map((c) => c.name)
    for (const a of added) {
      const newCols = to.get(a)!.columns.map((c) => c.name)
      const shared = oldCols.filter((c) => newCols.includes(c)).length
      if (shared * 2 >= Math.max(oldCols.length, newCols.length))
        hints.push(
          `Table ${d} was dropped and ${a} added with ${shared} of the same columns: if it is a rename, pass --renames ${d}:${a} to keep its rows.`,
        )
    }
  }
  return hints
}

export function invertRenames(renames: Renames): Renames {
  const tables = new Map([...renames.tables].map(([o, n]) => [n, o]))
  const columns = new Map<string, Map<string, string>>()
  for (const [newTable, map] of renames.columns) {
    const oldTable = [...renames.tables].find(([, n]) => n === newTable)?.[0] ?? newTable
    columns.set(oldTable, new Map([...map].map(([o, n]) => [n, o])))
  }
  return { tables, columns }
}

export function planSqliteMigration(from: SqliteSchema, to: SqliteSchema, renames: Renames): MigrationPlan {
  const statements: string[] = []
  const destructive: string[] = []
  const hints: string[] = []
  const oldNameOf = (newName: string) => [...renames.tables].find(([, n]) => n === newName)?.[0] ?? newName
  const renamedAway = new Set(renames.tables.keys())

  const dropped = [...from.tables.keys()].filter((name) => !renamedAway.has(name) && !to.tables.has(name))
  const added = [...to.tables.keys()].filter((name) => !from.tables.has(oldNameOf(name)))
  hints.push(...tableRenameHints(dropped, added, from.tables, to.tables))

  // Views and triggers may name any table; they are dropped first and created again at the end.
  const rebuilt: string[] = []
  const viewSql = (s: SqliteSchema) => new Map(s.views.map((v) => [v.name, v.sql]))
  const fromViews = viewSql(from)
  const toViews = viewSql(to)

  const body: string[] = []
  for (const [oldName, newName] of renames.tables) {
    if (!from.tables.has(oldName)) throw new Error(`--renames ${oldName}:${newName}: there is no table ${oldName}`)
    if (!to.tables.has(newName)) throw new Error(`--renames ${oldName}:${newName}: there is no table ${newName} in the target`)
    body.push(`ALTER TABLE ${quoteIdent(oldName)} RENAME TO ${quoteIdent(newName)};`)
  }
  for (const name of added) body.push(`${to.tables.get(name)!.sql};`)

  for (const [name, target] of to.tables) {
    const oldName = oldNameOf(name)
    const source = from.tables.get(oldName)
    if (!source) continue
    const columnRenames = renames.columns.get(name) ?? new Map<string, string>()
    if (sameTable(source, target) && columnRenames.size === 0) continue
    for (const [o, n] of columnRenames) {
      if (!source.columns.some((c) => c.name === o)) throw new Error(`--renames ${name}.${o}:${n}: ${oldName} has no column ${o}`)
      if (!target.columns.some((c) => c.name === n)) throw new Error(`--renames ${name}.${o}:${n}: the target ${name} has no column ${n}`)
    }
    const copied: [string, string][] = []
    for (const column of target.columns.filter((c) => !c.generated)) {
      const fromName = [...columnRenames].find(([, n]) => n === column.name)?.[0] ?? column.name
      const old = source.columns.find((c) => c.name === fromName && !c.generated)
      if (old) {
        copied.push([fromName, column.name])
        if (column.notnull && !old.notnull && column.dflt === null)
          destructive.push(`${name}.${column.name} becomes NOT NULL: the copy fails if a row holds NULL there.`)
        if (affinity(old.type) !== affinity(column.type))
          hints.push(
            `${name}.${column.name} changes type ${old.type || 'any'} → ${column.type || 'any'}: values are converted by SQLite's type affinity; ones that do not convert keep their old form.`,
          )
      } else if (column.notnull && column.dflt === null && column.pk === 0) {
        destructive.push(`${name}.${column.name} is added NOT NULL with no default: the copy fails if ${name} has rows. Give it a DEFAULT.`)
      }
    }
    const kept = new Set(copied.map(([o]) => o))
    const lost = source.columns.filter((c) => !c.generated && !kept.has(c.name)).map((c) => c.name)
    for (const column of lost) {
      destructive.push(`Drops column ${oldName}.${column}: its values are lost.`)
      const look = target.columns.filter(
        (c) =>
          !source.columns.some((s) => s.name === c.name) &&
          affinity(c.type) === affinity(source.columns.find((s) => s.name === column)!.type),
      )
      for (const candidate of look)
        hints.push(
          `${name}.${column} was dropped and ${name}.${candidate.name} added with the same type: if it is a rename, pass --renames ${name}.${column}:${candidate.name} to keep its values.`,
        )
    }
    const temp = `__codex_new_${name}`
    body.push(`${renameCreate(target.sql, temp)};`)
    if (copied.length) {
      body.push(
        `INSERT INTO ${quoteIdent(temp)} (${copied.map(([, n]) => quoteIdent(n)).join(', ')}) SELECT ${copied.map(([o]) => quoteIdent(o)).join(', ')} FROM ${quoteIdent(name)};`,
      )
    }
    body.push(`DROP TABLE ${quoteIdent(name)};`, `ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(name)};`)
    rebuilt.push(name)
  }
  for (const name of dropped) {
    destructive.push(`Drops table ${name}: its rows are lost.`)
    body.push(`DROP TABLE ${quoteIdent(name)};`)
  }

  const touched = new Set([...rebuilt, ...dropped, ...renames.tables.keys(), ...renames.tables.values()])
  // A changed or removed index/trigger is dropped first; a new or changed one, or one whose table was
  // rebuilt (DROP TABLE took it along), is created after the tables.
  const objectPlan = (kind: 'INDEX' | 'TRIGGER', fromList: SqliteSchema['indexes'], toList: SqliteSchema['indexes']) => {
    const source = new Map(fromList.map((o) => [o.name, o.sql]))
    const target = new Map(toList.map((o) => [o.name, o.sql]))
    return {
      drop: fromList.filter((o) => target.get(o.name) !== o.sql).map((o) => `DROP ${kind} IF EXISTS ${quoteIdent(o.name)};`),
      create: toList.filter((o) => source.get(o.name) !== o.sql || rebuilt.includes(o.table)).map((o) => `${o.sql};`),
    }
  }
  const indexes = objectPlan('INDEX', from.indexes, to.indexes)
  const triggers = objectPlan('TRIGGER', from.triggers, to.triggers)
  const viewsChanged =
    touched.size > 0 || [...fromViews].some(([n, s]) => toViews.get(n) !== s) || [...toViews].some(([n]) => !fromViews.has(n))
  const dropViews = viewsChanged ? [...fromViews.keys()].map((n) => `DROP VIEW IF EXISTS ${quoteIdent(n)};`) : []
  const createViews = viewsChanged ? [...toViews.values()].map((sql) => `${sql};`) : []

  const changes = [...dropViews, ...triggers.drop, ...indexes.drop, ...body, ...indexes.create, ...createViews, ...triggers.create]
  if (changes.length)
    statements.push('PRAGMA foreign_keys = OFF;', 'BEGIN;', ...changes, 'PRAGMA foreign_key_check;', 'COMMIT;', 'PRAGMA foreign_keys = ON;')
  return { statements, destructive, hints }
}
