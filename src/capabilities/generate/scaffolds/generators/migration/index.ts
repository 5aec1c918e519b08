/**
 * `generate migration`: up and down SQL from one schema to another — SQLite (DDL files or database
 * files) or PostgreSQL (DDL files or live databases) — proved before it is written by applying up
 * then down to a throwaway database of that engine with rows in it.
 */
import { existsSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { normalizeTreePath } from '../../../changeset/paths.js'
import { ScaffoldVerificationError } from '../../errors.js'
import { defineGenerator } from '../../generator.js'
import { isDatabaseUrl } from '../../source-file.js'
import { parseRenames } from './dialect.js'
import { planSqlite } from './sqlite.js'

export const MigrationOptions = z.strictObject({
  from: z.string().min(1).describe('The current schema: a .sql DDL file, a SQLite database file, or a postgres:// URL'),
  to: z.string().min(1).describe('The wanted schema: a .sql DDL file, a SQLite database file, or a postgres:// URL'),
  dialect: z
    .enum(['sqlite', 'postgres'])
    .optional()
    .describe('SQL dialect of the sources and the migration (default: postgres when a source is a postgres:// URL, else sqlite)'),
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
  schema: z.string().regex(/^\w+$/).default('public').describe('Postgres schema to migrate'),
  shadow_url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe(
      'Postgres: a server where scratch databases may be created to parse and prove the migration (default: CODEX_AGENT_SHADOW_DATABASE_URL, else a throwaway server started with initdb)',
    ),
})

export type MigrationOptions = z.output<typeof MigrationOptions>

/** The next version number after the highest `NNNN_` file in the folder. */
function nextVersion(workspace: string, dir: string): string {
  const abs = join(workspace, normalizeTreePath(workspace, dir))
  const versions = existsSync(abs) ? readdirSync(abs).flatMap((f) => (/^(\d+)_/.exec(f) ? [Number(/^(\d+)_/.exec(f)![1])] : [])) : []
  return String(Math.max(0, ...versions) + 1).padStart(4, '0')
}

function label(source: string): string {
  if (!isDatabaseUrl(source)) return basename(source)
  const url = new URL(source)
  return `${url.protocol}//${url.host}${url.pathname}`
}

export default defineGenerator({
  kind: 'migration',
  summary: 'Up and down SQL between two schemas, with rename hints and destructive steps flagged, proved on a throwaway database',
  options: MigrationOptions,
  examples: [
    'generate migration --from db/schema.sql --to db/schema.next.sql --name add_post_tags',
    'generate migration --from app.db --to new.sql --preserve-data --renames posts.body:content',
    'generate migration --dialect postgres --from db/schema.sql --to db/schema.next.sql --name posts_v2',
    'cloud generate-migration --from "$DATABASE_URL" --to db/schema.sql --preserve-data',
  ],
  async plan(options, { workspace, signal }) {
    const dialect = options.dialect ?? ([options.from, options.to].some((s) => /^postgres(ql)?:\/\//.test(s)) ? 'postgres' : 'sqlite')
    const renames = parseRenames(options.renames ?? [])
    const planned =
      dialect === 'postgres'
        ? await (await import('./postgres/index.js')).planPostgres(options, renames, workspace, signal)
        : await planSqlite(options, renames, workspace)
    try {
      const { up } = planned
      if (!up.statements.length)
        throw new UserInputError(`${options.from} and ${options.to} describe the same schema: there is nothing to migrate.`)
      if (options.preserve_data && up.destructive.length) {
        throw new UserInputError(
          `--preserve-data: this migration would lose data:\n  ${up.destructive.join('\n  ')}\nConfirm renames with --renames, or drop --preserve-data to accept it.`,
          { field: 'preserve_data' },
        )
      }
    } catch (error) {
      await planned.dispose?.()
      throw error
    }
    const version = nextVersion(workspace, options.dir)
    const base = `${options.dir.replace(/\/$/, '')}/${version}_${options.name}`
    return {
      vars: {
        files: { up: `${base}.up.sql`, down: `${base}.down.sql` },
        version,
        name: options.name,
        dialect,
        fromLabel: label(options.from),
        toLabel: label(options.to),
        verifiedNote: options.verify
          ? `checked before writing: applied up then down to a scratch ${planned.engine} database with rows in every table.`
          : '',
        up: planned.up,
        down: planned.down,
      },
      notes: [...planned.up.destructive.map((d) => `destructive: ${d}`), ...planned.up.hints.map((h) => `hint: ${h}`)],
      // The files as rendered (a project template may have changed them) are what is proved.
      async verify(files) {
        if (!options.verify) return []
        const upFile = files.find((f) => f.path === `${base}.up.sql`)
        const downFile = files.find((f) => f.path === `${base}.down.sql`)
        if (!upFile || !downFile) throw new ScaffoldVerificationError(`the templates did not produce ${base}.up.sql and ${base}.down.sql`)
        return [await planned.verify(upFile.content, downFile.content)]
      },
      ...(planned.dispose ? { dispose: planned.dispose } : {}),
    }
  },
})
