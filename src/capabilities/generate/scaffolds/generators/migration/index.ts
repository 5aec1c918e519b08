/**
 * `generate migration`: up and down SQL from one schema to another (DDL files or SQLite databases),
 * proved before it is written by applying up then down to a throwaway database with rows in it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { Client } from '@libsql/client'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { normalizeTreePath } from '../../../changeset/paths.js'
import { ScaffoldVerificationError } from '../../errors.js'
import { defineGenerator } from '../../generator.js'
import { invertRenames, planSqliteMigration, type Renames } from './plan-sqlite.js'
import { readSqliteSchema, type SqliteSchema } from './sqlite-schema.js'
import { verifySqliteMigration } from './verify-sqlite.js'

export const MigrationOptions = z.strictObject({
  from: z.string().min(1).describe('The current schema: a .sql DDL file or a SQLite database file'),
  to: z.string().min(1).describe('The wanted schema: a .sql DDL file or a SQLite database file'),
  dialect: z.enum(['sqlite', 'postgres']).default('sqlite').describe('SQL dialect (postgres: not in this build yet)'),
  preserve_data: z.boolean().default(false).describe('Refuse any step that loses data (dropped tables or columns) instead of flagging it'),
  renames: z
    .array(z.string().regex(/^[\w$]+(\.[\w$]+)?:[\w$]+$/, 'write table.old:new for a column, old:new for a table'))
    .optional()
    .describe('Confirmed renames: table.old_column:new_column or old_table:new_table (their data is kept)'),
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case words, e.g. add_post_tags')
    .default('schema_change')
    .describe('Migration name'),
  dir: z.string().default('migrations').describe('Folder for the migration files'),
  verify: z.boolean().default(true).describe('Apply up then down to a throwaway database with rows before writing'),
})

async function loadSchema(source: string, workspace: string): Promise<SqliteSchema> {
  const path = resolve(workspace, normalizeTreePath(workspace, source))
  if (!existsSync(path)) throw new UserInputError(`${source}: no such file.`)
  const { createClient } = await import('@libsql/client')
  let client: Client
  if (/\.sql$/i.test(path)) {
    client = createClient({ url: ':memory:' })
    try {
      await client.executeMultiple(readFileSync(path, 'utf8'))
    } catch (error) {
      client.close()
      throw new UserInputError(`${source}: SQLite could not load this DDL: ${(error as Error).message}`, { cause: error })
    }
  } else {
    if (readFileSync(path).subarray(0, 16).toString('latin1') !== 'SQLite format 3\0')
      throw new UserInputError(`${source}: not a .sql file or a SQLite database.`)
    client = createClient({ url: `file:${path}` })
  }
  try {
    return await readSqliteSchema(client)
  } finally {
    client.close()
  }
}

function parseRenames(specs: string[]): Renames {
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

/** The next version number after the highest `NNNN_` file in the folder. */
function nextVersion(workspace: string, dir: string): string {
  const abs = join(workspace, dir)
  const versions = existsSync(abs) ? readdirSync(abs).flatMap((f) => (/^(\d+)_/.exec(f) ? [Number(/^(\d+)_/.exec(f)![1])] : [])) : []
  return String(Math.max(0, ...versions) + 1).padStart(4, '0')
}

export default defineGenerator({
  kind: 'migration',
  summary: 'Up and down SQL between two schemas, with rename hints and destructive steps flagged, proved on a throwaway database',
  options: MigrationOptions,
  examples: [
    'generate migration --from db/schema.sql --to db/schema.next.sql --name add_post_tags',
    'generate migration --from app.db --to new.sql --preserve-data --renames posts.body:content',
  ],
  async plan(options, { workspace }) {
    if (options.dialect === 'postgres') {
      throw new UserInputError('generate migration --dialect postgres is not available in this build yet: use --dialect sqlite.', {
        field: 'dialect',
      })
    }
    const [from, to] = await Promise.all([loadSchema(options.from, workspace), loadSchema(options.to, workspace)])
    const renames = parseRenames(options.renames ?? [])
    let up, down
    try {
      up = planSqliteMigration(from, to, renames)
      down = planSqliteMigration(to, from, invertRenames(renames))
    } catch (error) {
      throw new UserInputError((error as Error).message, { field: 'renames' })
    }
    if (!up.statements.length)
      throw new UserInputError(`${options.from} and ${options.to} describe the same schema: there is nothing to migrate.`)
    if (options.preserve_data && up.destructive.length) {
      throw new UserInputError(
        `--preserve-data: this migration would lose data:\n  ${up.destructive.join('\n  ')}\nConfirm renames with --renames, or drop --preserve-data to accept it.`,
        {
          field: 'preserve_data',
        },
      )
    }
    // Which old columns survive up, under which names: the rows the verification follows.
    const survivors = new Map<string, { table: string; columns: Map<string, string> }>()
    for (const [name, table] of from.tables) {
      const newTable = renames.tables.get(name) ?? name
      const target = to.tables.get(newTable)
      if (!target || (!renames.tables.has(name) && [...renames.tables.values()].includes(name))) continue
      const columnRenames = renames.columns.get(newTable) ?? new Map<string, string>()
      const columns = new Map<string, string>()
      for (const column of table.columns) {
        const newName = columnRenames.get(column.name) ?? column.name
        if (target.columns.some((c) => c.name === newName && !c.generated) && !column.generated) columns.set(column.name, newName)
      }
      survivors.set(name, { table: newTable, columns })
    }
    const version = nextVersion(workspace, options.dir)
    const base = `${options.dir.replace(/\/$/, '')}/${version}_${options.name}`
    return {
      vars: {
        files: { up: `${base}.up.sql`, down: `${base}.down.sql` },
        version,
        name: options.name,
        dialect: options.dialect,
        fromLabel: basename(options.from),
        toLabel: basename(options.to),
        verifiedNote: options.verify
          ? 'checked before writing: applied up then down to a scratch SQLite database with rows in every table.'
          : '',
        up,
        down,
      },
      notes: [...up.destructive.map((d) => `destructive: ${d}`), ...up.hints.map((h) => `hint: ${h}`)],
      // The files as rendered (a project template may have changed them) are what is proved.
      async verify(files) {
        if (!options.verify) return []
        const upFile = files.find((f) => f.path === `${base}.up.sql`)
        const downFile = files.find((f) => f.path === `${base}.down.sql`)
        if (!upFile || !downFile) throw new ScaffoldVerificationError(`the templates did not produce ${base}.up.sql and ${base}.down.sql`)
        const result = await verifySqliteMigration({ from, to, up: upFile.content, down: downFile.content, survivors })
        if (result.problems.length)
          throw new ScaffoldVerificationError(`the migration does not round-trip:\n  ${result.problems.join('\n  ')}`)
        return [
          `up then down on a scratch SQLite database with ${result.rows} rows: the schema matched each time and every surviving value came back`,
        ]
      },
    }
  },
})
