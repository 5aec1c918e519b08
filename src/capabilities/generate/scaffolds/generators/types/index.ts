/**
 * `generate types`: TypeScript types from a real database (a SQLite file, a postgres:// URL, or a
 * .sql DDL file loaded into SQLite): tables (Row/Insert/Update), views, enums and relationships.
 */
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { defineGenerator } from '../../generator.js'
import { tsString } from '../../literal.js'
import type { ColumnModel } from './schema-model.js'
import { describeSource, loadModel } from './load-model.js'

export const TypesOptions = z.strictObject({
  from: z.string().min(1).describe('A SQLite database file, a postgres:// URL, or a .sql DDL file (SQLite dialect)'),
  output: z.string().optional().describe('The file to write (default lib/database.types.ts, or src/lib/ under src/)'),
  schema: z.string().regex(/^\w+$/).default('public').describe('Postgres schema to read (default public)'),
  dates: z
    .enum(['string', 'Date'])
    .default('string')
    .describe('Postgres date/time columns as string (JSON, PostgREST/Supabase) or Date (pg driver defaults)'),
})

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : tsString(name)
}

function columnVars(column: ColumnModel) {
  return {
    key: key(column.name),
    dbType: column.dbType.replace(/\*\//g, '* /'),
    rowType: column.nullable ? `${column.tsType} | null` : column.tsType,
    insertOptional: column.nullable || column.hasDefault,
  }
}

export default defineGenerator({
  kind: 'types',
  summary: 'TypeScript types from a real database: tables, views, enums, nullability, defaults and relationships',
  options: TypesOptions,
  examples: [
    'generate types --from data/app.db --output lib/database.types.ts',
    'generate types --from postgres://localhost/app --output lib/database.types.ts',
  ],
  async plan(options, { workspace, project }) {
    const model = await loadModel(options.from, workspace, options)
    if (!model.tables.length && !model.views.length)
      throw new UserInputError(`--from ${describeSource(options.from)}: the database has no tables or views.`, { field: 'from' })
    const output = options.output ?? (project.srcDir ? 'src/lib/database.types.ts' : 'lib/database.types.ts')
    return {
      vars: {
        output,
        source: describeSource(options.from),
        sourceArg: /^postgres/.test(options.from) ? '"$DATABASE_URL"' : options.from,
        schemaKey: key(model.schema),
        tables: model.tables.map((table) => ({
          key: key(table.name),
          columns: table.columns.map(columnVars),
          writable: table.columns.filter((c) => !c.generated).map(columnVars),
          relationships: table.relationships.map((rel) => ({
            foreignKeyName: rel.foreignKeyName,
            columns: rel.columns.map(tsString).join(', '),
            referencedRelation: rel.referencedRelation,
            referencedColumns: rel.referencedColumns.map(tsString).join(', '),
            isOneToOne: String(rel.isOneToOne),
          })),
        })),
        views: model.views.map((view) => ({ key: key(view.name), columns: view.columns.map(columnVars) })),
        enums: model.enums.map((e) => ({ key: key(e.name), union: e.values.map(tsString).join(' | ') || 'never' })),
      },
      notes: [
        `${model.tables.length} tables, ${model.views.length} views, ${model.enums.length} enums from ${describeSource(options.from)} → ${output}`,
      ],
    }
  },
})
