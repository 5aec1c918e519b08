/** The real binary: `generate --list`, dry runs, conflicts, --force, templates from .codex/templates, exit codes. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { makeProject, type TempProject } from './helpers.js'

let project: TempProject
beforeEach(() => {
  project = makeProject({ flavour: 'next', dependencies: ['next', 'zod'] })
})
afterEach(() => project.remove())

const ROUTE = [
  'generate',
  'api-route',
  '--path',
  'app/api/analytics/route.ts',
  '--method',
  'POST',
  '--auth',
  'required',
  '--rate-limit',
  '30/minute',
]

function files(dir = project.dir, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== 'node_modules' && d.name !== '.codex')
    .flatMap((d) => (d.isDirectory() ? files(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort()
}

describe('codex-agent generate (CLI)', () => {
  it('--help (and no arguments) explains both kinds of generation and lists the scaffolds', async () => {
    for (const args of [['generate', '--help'], ['generate']]) {
      const help = await runCli(args, { cwd: project.dir })
      expect(help.code).toBe(0)
      expect(help.stdout).toContain('codex-agent generate --task')
      expect(help.stdout).toMatch(/^api-route {2}/m)
    }
  })

  it('--list shows every generator and its options, as text and JSON', async () => {
    const text = await runCli(['generate', '--list'], { cwd: project.dir })
    expect(text.code).toBe(0)
    for (const kind of ['api-route', 'env-config', 'ci-cd', 'component', 'types', 'migration', 'fixtures', 'pipeline'])
      expect(text.stdout).toMatch(new RegExp(`^${kind}  `, 'm'))
    expect(text.stdout).toContain('--rate-limit <value>')
    expect(text.stdout).toContain('--platform <github-actions|gitlab>')
    const json = await runCli(['--json', 'generate', '--list'], { cwd: project.dir })
    const list = JSON.parse(json.stdout) as { generators: { kind: string; options: { flag: string; required: boolean }[] }[] }
    const apiRoute = list.generators.find((g) => g.kind === 'api-route')!
    expect(apiRoute.options.find((o) => o.flag === '--path')?.required).toBe(true)
  })

  it('<kind> --help shows options and examples', async () => {
    const help = await runCli(['generate', 'ci-cd', '--help'], { cwd: project.dir })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('codex-agent generate ci-cd --platform github-actions --steps test,build,deploy')
    expect(help.stdout).toContain('--dry-run')
  })

  it('--dry-run prints the diff and writes nothing', async () => {
    const before = files()
    const dry = await runCli([...ROUTE, '--dry-run', '--no-store'], { cwd: project.dir })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('diff --git a/app/api/analytics/route.ts b/app/api/analytics/route.ts\nnew file mode 100644')
    expect(dry.stdout).toContain('+export async function POST(request: Request): Promise<Response> {')
    expect(dry.stdout).toContain('api-route: would write 6 files (dry run: nothing written)')
    expect(files()).toEqual(before)
  })

  it('writes, then reports conflicts without --force and overwrites nothing, then overwrites with --force', async () => {
    const first = await runCli(ROUTE, { cwd: project.dir })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('  create  app/api/analytics/route.ts')
    const handler = readFileSync(join(project.dir, 'app/api/analytics/handler.ts'), 'utf8')

    const changed = [...ROUTE.slice(0, -4), '--auth', 'none']
    const conflict = await runCli(changed, { cwd: project.dir })
    expect(conflict.code).toBe(2)
    expect(conflict.stderr).toMatch(/conflicting file.*\n {2}app\/api\/analytics\/handler\.ts: the file exists with other content/)
    expect(conflict.stderr).toContain('--force')
    expect(readFileSync(join(project.dir, 'app/api/analytics/handler.ts'), 'utf8')).toBe(handler)

    const preview = await runCli([...changed, '--dry-run'], { cwd: project.dir })
    expect(preview.code).toBe(0)
    expect(preview.stdout).toMatch(/update {2}app\/api\/analytics\/handler\.ts {2}conflict: the file exists with other content/)
    expect(preview.stdout).toContain('-import { authenticate, type AuthUser }')

    const forced = await runCli([...changed, '--force', '--json'], { cwd: project.dir })
    expect(forced.code, forced.stderr).toBe(0)
    const result = JSON.parse(forced.stdout) as { applied: boolean; conflicts: { path: string }[] }
    expect(result.applied).toBe(true)
    expect(result.conflicts.map((c) => c.path)).toContain('app/api/analytics/handler.ts')
    expect(readFileSync(join(project.dir, 'app/api/analytics/handler.ts'), 'utf8')).not.toContain('authenticate')
  })

  it('uses templates from .codex/templates: an override replaces, a new file adds', async () => {
    mkdirSync(join(project.dir, '.codex/templates/component'), { recursive: true })
    writeFileSync(
      join(project.dir, '.codex/templates/component/index.ts.tpl'),
      "---\nto: <%= files.index %>\n---\n// House barrel\nexport * from './<%= name %>'\n",
    )
    writeFileSync(
      join(project.dir, '.codex/templates/component/story.tsx.tpl'),
      '---\nto: components/<%= name %>/<%= name %>.stories.md\n---\n# <%= name %>\n\nTest id: <%= testId %>\n',
    )
    const run = await runCli(['generate', 'component', '--name', 'PostCard'], { cwd: project.dir })
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(join(project.dir, 'components/PostCard/index.ts'), 'utf8')).toBe("// House barrel\nexport * from './PostCard'\n")
    expect(readFileSync(join(project.dir, 'components/PostCard/PostCard.stories.md'), 'utf8')).toBe('# PostCard\n\nTest id: post-card\n')
  })

  it('a failed verification writes nothing and exits 4', async () => {
    mkdirSync(join(project.dir, '.codex/templates/ci-cd'), { recursive: true })
    // A broken override of the workflow template: `runs-onn` is not a key GitHub knows.
    writeFileSync(
      join(project.dir, '.codex/templates/ci-cd/github-actions.yml.tpl'),
      '---\nto: .github/workflows/<%= workflowName %>.yml\nwhen: github\n---\non: push\njobs:\n  test:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: npm test\n',
    )
    writeFileSync(join(project.dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { test: 'vitest run' } }))
    const before = files()
    const run = await runCli(['generate', 'ci-cd'], { cwd: project.dir })
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/failed verification, nothing was written: .*Unexpected value 'runs-onn'/)
    expect(files()).toEqual(before)
    expect(existsSync(join(project.dir, '.github'))).toBe(false)
  })

  it('exits 2 with an actionable message for bad input', async () => {
    const unknownKind = await runCli(['generate', 'widget'], { cwd: project.dir })
    expect(unknownKind.code).toBe(2)
    expect(unknownKind.stderr).toContain(
      'Unknown generator "widget". Available: api-route, env-config, ci-cd, component, types, migration, fixtures, pipeline.',
    )
    const unknownFlag = await runCli(['generate', 'component', '--name', 'X', '--colour', 'red'], { cwd: project.dir })
    expect(unknownFlag.code).toBe(2)
    expect(unknownFlag.stderr).toContain('Unknown option --colour')
    const badValue = await runCli(['generate', 'api-route', '--path', 'app/api/x/route.ts', '--rate-limit', 'lots'], { cwd: project.dir })
    expect(badValue.code).toBe(2)
    expect(badValue.stderr).toMatch(/rate_limit.*N\/minute/)
    const missing = await runCli(['--json', 'generate', 'component'], { cwd: project.dir })
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'invalid_input' } })
  })
})
