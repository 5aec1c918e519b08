/**
 * `generate pipeline` (and `cloud build-pipeline`): an idempotent ETL job (extract, transform,
 * upsert, structured logs) on a validated cron schedule, with its test, the destination table's DDL,
 * and in a Next.js project a Vercel Cron route and its vercel.json entry.
 */
import { posix } from 'node:path'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { defineGenerator } from '../../generator.js'
import { words } from '../../template.js'
import { parseSchedule, type Period } from './schedule.js'

const IDENT = /^[a-z_][a-z0-9_]*$/

export const PipelineOptions = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'kebab-case, e.g. analytics-aggregation')
    .describe('Job name (kebab-case)'),
  schedule: z
    .string()
    .min(1)
    .default('daily')
    .describe('hourly, daily [2am], weekly [monday 3am], monthly, every N minutes|hours, or cron'),
  timezone: z.string().default('UTC').describe('Time zone of the schedule (Vercel Cron runs in UTC)'),
  source: z.string().default('events table').describe('The source table, e.g. "posts table" or posts'),
  transform: z
    .string()
    .default('aggregate by type')
    .describe('e.g. "aggregate by platform", "aggregate by platform and status, sum of score"'),
  destination: z.string().optional().describe('The destination table, e.g. "analytics dashboard" (default: the job name)'),
  time_column: z.string().regex(IDENT).default('created_at').describe('The source column that places a row in a period'),
  dir: z.string().default('jobs').describe('Folder for the job'),
  language: z
    .enum(['typescript', 'python'])
    .optional()
    .describe('typescript or python (default: python for a Python project without package.json, else typescript)'),
  test: z.boolean().default(true).describe('Write a vitest test'),
})

function snake(text: string): string {
  return words(text)
    .map((w) => w.toLowerCase())
    .join('_')
}

/** "posts table" → posts; "the posts table (Supabase)" → posts */
function tableFrom(text: string): string {
  const cleaned = text.replace(/\(.*?\)/g, ' ').replace(/\b(the|table|from)\b/gi, ' ')
  const name = snake(cleaned)
  if (!IDENT.test(name)) throw new UserInputError(`"${text}" does not name a table: pass e.g. --source "posts table".`, { field: 'source' })
  return name
}

/** "aggregate by platform and status, sum of score and clicks" → group by [platform, status], sum [score, clicks] */
function parseTransform(text: string): { groupBy: string[]; sums: string[] } {
  const lower = text.toLowerCase()
  const by = /\bby\s+([a-z0-9_ ,]+?)(?=(?:,?\s*(?:sum|total)\b)|$)/.exec(lower)
  const sum = /\b(?:sum|total)(?:\s+of)?\s+([a-z0-9_ ,]+)$/.exec(lower)
  const list = (s: string | undefined) =>
    (s ?? '')
      .split(/,|\band\b/)
      .map((x) => snake(x))
      .filter(Boolean)
  const groupBy = list(by?.[1])
  if (!groupBy.length)
    throw new UserInputError(`--transform "${text}": say what to aggregate by, e.g. "aggregate by platform".`, { field: 'transform' })
  for (const column of [...groupBy, ...list(sum?.[1])])
    if (!IDENT.test(column)) throw new UserInputError(`--transform: "${column}" is not a column name.`, { field: 'transform' })
  return { groupBy, sums: list(sum?.[1]) }
}

const SAMPLE_NOW: Record<Period, { now: string; start: string; end: string }> = {
  hour: { now: '2024-03-10T14:25:00.000Z', start: '2024-03-10T13:00:00.000Z', end: '2024-03-10T14:00:00.000Z' },
  day: { now: '2024-03-10T02:00:00.000Z', start: '2024-03-09T00:00:00.000Z', end: '2024-03-10T00:00:00.000Z' },
  week: { now: '2024-03-13T03:00:00.000Z', start: '2024-03-04T00:00:00.000Z', end: '2024-03-11T00:00:00.000Z' },
  month: { now: '2024-03-01T00:30:00.000Z', start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' },
}

export default defineGenerator({
  kind: 'pipeline',
  summary: 'An idempotent ETL job (extract, transform, upsert, logs) on a validated cron schedule, with its test',
  options: PipelineOptions,
  examples: [
    'generate pipeline --name analytics-aggregation --schedule daily',
    'generate pipeline --name daily-analytics --source "posts table" --transform "aggregate by platform" --destination "analytics dashboard" --schedule "daily 2am"',
  ],
  plan(options, { project, tree }) {
    const schedule = parseSchedule(options.schedule, options.timezone)
    const source = tableFrom(options.source)
    const destination = options.destination ? snake(options.destination.replace(/\btable\b/gi, ' ')) : snake(options.name)
    if (!IDENT.test(destination))
      throw new UserInputError(`--destination "${options.destination}" does not name a table.`, { field: 'destination' })
    const { groupBy, sums } = parseTransform(options.transform)
    const deps = project.dependencies
    const libsql = '@libsql/client' in deps
    const pgDriver = 'pg' in deps
    const next = 'next' in deps
    const base = `${options.dir.replace(/\/$/, '')}/${options.name}`
    const python = (options.language ?? (project.python.present && !project.hasPackageJson ? 'python' : 'typescript')) === 'python'
    const pyModule = snake(options.name)
    const files = {
      pyJob: `${base}/${pyModule}.py`,
      pyTest: `${base}/test_${pyModule}.py`,
      job: `${base}/job.ts`,
      test: `${base}/job.test.ts`,
      schema: `${base}/schema.sql`,
      cronRoute: `app/api/cron/${options.name}/route.ts`,
    }
    const ext = project.importExtensions ? '.js' : ''
    const pascal = words(options.name)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')
    const groupCols = groupBy.map((name, index) => ({
      name,
      index,
      variable: `${words(name)
        .map((w, i) => (i ? w.charAt(0).toUpperCase() + w.slice(1) : w))
        .join('')}Value`,
    }))
    const sumCols = sums.map((name) => ({ name, sumName: `${name}_sum` }))
    const keyList = ['period_start', ...groupBy]
    const columnList = [...keyList, 'row_count', ...sumCols.map((c) => c.sumName), 'updated_at']
    const upsert =
      `INSERT INTO ${destination} (${columnList.join(', ')}) VALUES (${columnList.map(() => '?').join(', ')}) ` +
      `ON CONFLICT (${keyList.join(', ')}) DO UPDATE SET ${['row_count', ...sumCols.map((c) => c.sumName), 'updated_at'].map((c) => `${c} = excluded.${c}`).join(', ')}`
    const select = `SELECT ${[...groupBy, ...sums].join(', ')} FROM ${source} WHERE ${options.time_column} >= ? AND ${options.time_column} < ?`
    const period = schedule.period
    const isoPy = (iso: string) => iso.replace(/\.000Z$/, '+00:00')
    if (!python && next && (libsql || pgDriver)) {
      const cron = schedule.cron
      tree.update('vercel.json', (current) => {
        let config: { crons?: { path: string; schedule: string }[] } & Record<string, unknown> = {}
        if (current) {
          try {
            config = JSON.parse(current) as typeof config
          } catch {
            throw new UserInputError('vercel.json is not valid JSON: fix it, then run again.')
          }
        }
        const path = `/api/cron/${options.name}`
        const crons = (config.crons ?? []).filter((c) => c.path !== path)
        return `${JSON.stringify({ ...config, crons: [...crons, { path, schedule: cron }] }, null, 2)}\n`
      })
    }
    return {
      vars: {
        name: options.name,
        title: words(options.name)
          .join(' ')
          .replace(/^./, (c) => c.toUpperCase()),
        pascal,
        files,
        period,
        periodIs: { hour: period === 'hour', day: period === 'day', week: period === 'week', month: period === 'month' },
        schedule: { cron: schedule.cron, timezone: options.timezone, description: schedule.description },
        source: { table: source },
        destination,
        groupBy: groupCols,
        groupByList: groupBy.join(', '),
        groupByVariables: groupCols.map((c) => c.variable).join(', '),
        sortA: groupBy.map((c) => `a.${c}`).join(', '),
        sortB: groupBy.map((c) => `b.${c}`).join(', '),
        sums: sumCols,
        transformDescription: `count${sums.length ? ` and sum ${sums.join(', ')}` : ''} per ${groupBy.join(' and ')}`,
        sql: {
          select,
          upsert,
          upsertInsert: `${upsert.slice(0, upsert.indexOf(' ON CONFLICT'))} `,
          upsertConflict: upsert.slice(upsert.indexOf('ON CONFLICT')),
        },
        python,
        typescript: !python,
        pyModule,
        pyProjectName: snake(project.name) || 'app',
        pyprojectExists: tree.exists('pyproject.toml'),
        groupByUnderscore: groupBy.join('_'),
        adapters: {
          libsql,
          pg: pgDriver,
          pgOnly: pgDriver && !libsql,
          any: libsql || pgDriver,
          factory: libsql ? 'libsqlDatabase' : 'pgDatabase',
        },
        next,
        imports: {
          job: `./job${ext}`,
          schema: './schema.sql',
          jobFromRoute: posix.relative(posix.dirname(files.cronRoute), files.job).replace(/\.ts$/, ext),
        },
        sample: {
          ...SAMPLE_NOW[period],
          nowPy: isoPy(SAMPLE_NOW[period].now),
          startPy: isoPy(SAMPLE_NOW[period].start),
          endPy: isoPy(SAMPLE_NOW[period].end),
          sourceDdl: `CREATE TABLE ${source} (${[...groupBy.map((c) => `${c} TEXT`), ...sums.map((c) => `${c} REAL`), `${options.time_column} TEXT NOT NULL`].join(', ')})`,
          insert: `INSERT INTO ${source} (${[...groupBy, ...sums, options.time_column].join(', ')}) VALUES (${[...groupBy, ...sums, options.time_column].map(() => '?').join(', ')})`,
          readBack: `SELECT ${groupBy.join(', ')}, row_count FROM ${destination} ORDER BY ${groupBy.join(', ')}`,
        },
        test: options.test,
      },
      notes: [
        `Schedule ${schedule.description}; next runs: ${schedule.next.join(', ')} (from 2024-01-01, to check the expression).`,
        `Create the destination table with ${files.schema} before the first run.`,
        ...(python ? [`Run the tests with: uv run pytest ${base} (or python3 -m pytest ${base}).`] : []),
        ...(python || libsql || pgDriver
          ? []
          : ['No @libsql/client or pg in package.json: write a JobDatabase adapter for your driver (the interface is in job.ts).']),
        ...(!python && next && (libsql || pgDriver)
          ? [`Vercel Cron calls ${files.cronRoute} (${schedule.cron} UTC): set CRON_SECRET in the project's environment.`]
          : []),
        ...(options.timezone !== 'UTC' && next
          ? ['Vercel Cron runs in UTC: convert the schedule, or run the job from a scheduler that honours the time zone.']
          : []),
      ],
      verify: () => [`cron "${schedule.cron}" parsed by cron-parser; next runs ${schedule.next.slice(0, 2).join(', ')}`],
    }
  },
})
