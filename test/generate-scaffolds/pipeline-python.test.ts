/** pipeline --language python: ruff clean, pytest passes (real SQLite through sqlite3), mypy --strict where installed. */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeProject, scaffold, type TempProject } from './helpers.js'

const require = createRequire(import.meta.url)

function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const JOBS = [
  { name: 'daily-analytics', source: 'posts table', transform: 'aggregate by platform', schedule: 'daily 2am', time_column: 'posted_at' },
  { name: 'hourly-clicks', source: 'clicks', transform: 'aggregate by campaign and country, sum of cost', schedule: 'hourly' },
  { name: 'weekly-report', source: 'orders', transform: 'aggregate by status, total amount', schedule: 'weekly monday 3am' },
  { name: 'monthly-usage', source: 'usage', transform: 'aggregate by plan', schedule: 'monthly' },
]

describe('pipeline (python)', () => {
  let project: TempProject
  let pythonFiles: string[] = []
  beforeAll(async () => {
    project = makeProject({ flavour: 'node' })
    for (const job of JOBS) await scaffold(project.dir, { kind: 'pipeline', language: 'python', ...job })
    pythonFiles = JOBS.flatMap((j) =>
      readdirSync(join(project.dir, 'jobs', j.name))
        .filter((f) => f.endsWith('.py'))
        .map((f) => join('jobs', j.name, f)),
    )
  }, 60_000)
  afterAll(() => project.remove())

  it('writes a job, its test and the destination DDL per pipeline, and one pyproject.toml', () => {
    expect(pythonFiles).toHaveLength(8)
    expect(readFileSync(join(project.dir, 'pyproject.toml'), 'utf8')).toContain('[tool.mypy]\nstrict = true')
  })

  it('passes ruff with the rules the pyproject selects', () => {
    const { Workspace } = require('@astral-sh/ruff-wasm-nodejs') as {
      Workspace: new (
        options: unknown,
        encoding: number,
      ) => { check(source: string): { code: string | null; message: string; start_location: { row: number } }[] }
    }
    const ruff = new Workspace(
      { 'line-length': 120, 'target-version': 'py311', lint: { select: ['E', 'F', 'I', 'UP', 'B'], ignore: ['E501'] } },
      1,
    )
    const problems = pythonFiles.flatMap((file) =>
      ruff.check(readFileSync(join(project.dir, file), 'utf8')).map((d) => `${file}:${d.start_location.row} ${d.code} ${d.message}`),
    )
    expect(problems).toEqual([])
  })

  it.skipIf(!has('python3', ['-m', 'pytest', '--version']))('passes pytest', () => {
    const output = execFileSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'jobs'], { cwd: project.dir, encoding: 'utf8' })
    expect(output).toMatch(/12 passed/)
  })

  // Debian's `mypy` package (apt-get install mypy), or any mypy on PATH.
  it.skipIf(!has('mypy', ['--version']))(
    'passes mypy --strict',
    () => {
      for (const job of JOBS)
        execFileSync('mypy', ['--strict', '--no-incremental', '.'], { cwd: join(project.dir, 'jobs', job.name), encoding: 'utf8' })
    },
    120_000,
  )
})
