/** pipeline × schedule × driver: strict typecheck, lint, and the generated tests (real SQLite) pass; the cron is validated. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'

const JOBS = [
  {
    name: 'daily-analytics',
    source: 'posts table',
    transform: 'aggregate by platform',
    destination: 'analytics dashboard',
    schedule: 'daily 2am',
    time_column: 'posted_at',
  },
  { name: 'hourly-clicks', source: 'clicks', transform: 'aggregate by campaign and country, sum of cost', schedule: 'hourly' },
  { name: 'weekly-report', source: 'orders table', transform: 'aggregate by status, total amount', schedule: 'weekly monday 3am' },
  { name: 'monthly-usage', source: 'usage', transform: 'aggregate by plan', schedule: '30 1 1 * *' },
]

for (const setup of [
  { flavour: 'next', dependencies: ['next', '@libsql/client'], tests: 4 * 3 },
  { flavour: 'node', dependencies: ['pg'], tests: 4 * 2 },
] as const) {
  describe(`pipeline (${setup.flavour}, ${setup.dependencies.join(' + ')})`, () => {
    let project: TempProject
    beforeAll(async () => {
      project = makeProject({ flavour: setup.flavour, dependencies: [...setup.dependencies] })
      for (const job of JOBS) {
        const result = await scaffold(project.dir, { kind: 'pipeline', ...job })
        expect(result.verified[0]).toMatch(/^cron ".+" parsed by cron-parser/)
      }
    }, 60_000)
    afterAll(() => project.remove())

    it('typechecks under strict and passes the linter', () => expectTypecheckAndLint(project.dir), 120_000)

    it(
      'passes its generated tests (idempotent load against real SQLite where the project has libsql)',
      () => expectGeneratedTestsPass(project.dir, setup.tests),
      120_000,
    )

    if (setup.flavour === 'next') {
      it('adds a Vercel Cron route guarded by CRON_SECRET and its vercel.json entries', () => {
        const vercel = JSON.parse(readFileSync(join(project.dir, 'vercel.json'), 'utf8')) as { crons: { path: string; schedule: string }[] }
        expect(vercel.crons).toEqual([
          { path: '/api/cron/daily-analytics', schedule: '0 2 * * *' },
          { path: '/api/cron/hourly-clicks', schedule: '0 * * * *' },
          { path: '/api/cron/weekly-report', schedule: '0 3 * * 1' },
          { path: '/api/cron/monthly-usage', schedule: '30 1 1 * *' },
        ])
        const route = readFileSync(join(project.dir, 'app/api/cron/daily-analytics/route.ts'), 'utf8')
        expect(route).toContain("request.headers.get('authorization') !== `Bearer ${secret}`")
        const job = readFileSync(join(project.dir, 'jobs/daily-analytics/job.ts'), 'utf8')
        expect(job).toContain(
          'ON CONFLICT (period_start, platform) DO UPDATE SET row_count = excluded.row_count, updated_at = excluded.updated_at',
        )
        expect(job).toContain('FROM posts WHERE posted_at >= ? AND posted_at < ?')
      })
    }
  })
}

describe('pipeline schedules', () => {
  it('refuses a schedule that is not one', async () => {
    const project = makeProject({ flavour: 'node' })
    await expect(scaffold(project.dir, { kind: 'pipeline', name: 'x', schedule: '61 * * * *' })).rejects.toThrow(/is not valid: .*59/)
    await expect(scaffold(project.dir, { kind: 'pipeline', name: 'x', schedule: 'daily at 25:00' })).rejects.toThrow(/not a time of day/)
    await expect(scaffold(project.dir, { kind: 'pipeline', name: 'x', schedule: 'whenever' })).rejects.toThrow(/write hourly, daily/)
    project.remove()
  })
})
