/** What the SQLite and PostgreSQL sides of `generate migration` share: their result, renames, and the columns that survive. */
import { UserInputError } from '../../../../../core/errors.js'
import { ScaffoldVerificationError } from '../../errors.js'
import { invertRenames, type MigrationPlan, type Renames } from './plan-sqlite.js'

/** What a dialect hands back: both directions, and how to prove them. */
export interface DialectPlan {
  up: MigrationPlan
  down: MigrationPlan
  /** "SQLite", "PostgreSQL": for the notes and the files' header. */
  engine: string
  /** Applies up then down to a scratch database with rows; returns what was proved, throws when it does not hold. */
  verify(up: string, down: string): Promise<string>
  /** Releases scratch databases and servers. */
  dispose?(): Promise<void>
}

/** A table as the survivor count needs it: its column names and which are computed. */
export interface TableColumns {
  columns: { name: string; generated: unknown }[]
}

export function parseRenames(specs: string[]): Renames {
  const renames: Renames = { tables: new Map(), columns: new Map() }
  for (const spec of specs) {
    const [left = '', right = ''] = spec.split(':')
    if (left.includes('.')) {
      const [table = '', column = ''] = left.split('.')
      const map = renames.columns.get(table) ?? new Map<string, string>()
      map.set(column, right)
      renames.columns.set(table, map)
    } else renames.tables.set(left, right)
  }
  return renames
}

/** Which old columns survive up, under which names: the rows the verification follows. */
export function survivorsOf(
  from: Map<string, TableColumns>,
  to: Map<string, TableColumns>,
  renames: Renames,
): Map<string, { table: string; columns: Map<string, string> }> {
  const survivors = new Map<string, { table: string; columns: Map<string, string> }>()
  for (const [name, table] of from) {
    const newTable = renames.tables.get(name) ?? name
    const target = to.get(newTable)
    if (!target || (!renames.tables.has(name) && [...renames.tables.values()].includes(name))) continue
    const columnRenames = renames.columns.get(newTable) ?? new Map<string, string>()
    const columns = new Map<string, string>()
    for (const column of table.columns) {
      const newName = columnRenames.get(column.name) ?? column.name
      if (target.columns.some((c) => c.name === newName && !c.generated) && !column.generated) columns.set(column.name, newName)
    }
    survivors.set(name, { table: newTable, columns })
  }
  return survivors
}

export type Survivors = ReturnType<typeof survivorsOf>

/** Both directions of a migration between two schemas of one engine, and their proof by `prove` (up then down on rows). */
export function bothWays<Schema extends { tables: Map<string, TableColumns> }>(options: {
  engine: string
  from: Schema
  to: Schema
  renames: Renames
  plan(from: Schema, to: Schema, renames: Renames): MigrationPlan
  prove(sql: { up: string; down: string; survivors: Survivors }): Promise<{ rows: number; problems: string[] }>
}): DialectPlan {
  const { engine, from, to, renames } = options
  let up, down
  try {
    up = options.plan(from, to, renames)
    down = options.plan(to, from, invertRenames(renames))
  } catch (error) {
    throw new UserInputError((error as Error).message, { field: 'renames' })
  }
  const survivors = survivorsOf(from.tables, to.tables, renames)
  return {
    up,
    down,
    engine,
    async verify(upSql, downSql) {
      const result = await options.prove({ up: upSql, down: downSql, survivors })
      if (result.problems.length)
        throw new ScaffoldVerificationError(`the migration does not round-trip:\n  ${result.problems.join('\n  ')}`)
      return `up then down on a scratch ${engine} database with ${result.rows} rows: the schema matched each time and every surviving value came back`
    },
  }
}
