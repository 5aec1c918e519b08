/** ci-cd: pipelines from the detected toolchain, validated against the platform's schema, and their commands run. */
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { checkGithubWorkflow } from '../../src/capabilities/generate/scaffolds/generators/ci-cd/github-schema.js'
import { checkGitlabCi } from '../../src/capabilities/generate/scaffolds/generators/ci-cd/gitlab-schema.js'
import { makeProject, scaffold, type TempProject } from './helpers.js'

interface Workflow {
  on: unknown
  jobs: Record<
    string,
    { needs?: string[]; if?: string; environment?: string; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }
  >
}

let project: TempProject | undefined
afterEach(() => project?.remove())

function nodeProject(packageJson: object, files: Record<string, string> = {}): TempProject {
  project = makeProject({ flavour: 'node', files })
  project.write('package.json', JSON.stringify({ name: 'app', ...packageJson }, null, 2))
  return project
}

const SCRIPTS = {
  lint: 'eslint .',
  typecheck: 'tsc --noEmit',
  test: 'vitest run --passWithNoTests',
  build: 'tsc --noEmit false --outDir dist',
  deploy: 'node deploy.js',
}

describe('ci-cd for GitHub Actions', () => {
  it('uses npm ci, setup-node caching and the .nvmrc version; deploys only from main', async () => {
    const p = nodeProject({ scripts: SCRIPTS }, { 'package-lock.json': '{}', '.nvmrc': 'v20.19.0\n' })
    const result = await scaffold(p.dir, { kind: 'ci-cd', platform: 'github-actions', steps: ['test', 'build', 'deploy'] })
    expect(result.verified[0]).toMatch(/GitHub's workflow schema/)
    const workflow = parseYaml(readFileSync(join(p.dir, '.github/workflows/ci.yml'), 'utf8')) as Workflow
    expect(Object.keys(workflow.jobs)).toEqual(['test', 'build', 'deploy'])
    const setup = workflow.jobs.test!.steps.find((s) => s.uses === 'actions/setup-node@v4')
    expect(setup?.with).toEqual({ 'node-version': '20', cache: 'npm' })
    expect(workflow.jobs.test!.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm test'])
    expect(workflow.jobs.build!.needs).toEqual(['test'])
    expect(workflow.jobs.deploy!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'")
    expect(workflow.jobs.deploy!.environment).toBe('production')
    expect(workflow.jobs.deploy!.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm run build', 'npm run deploy'])
  })

  it('picks pnpm from packageManager, with its setup action and cache; typechecks a TypeScript project without a script', async () => {
    const p = nodeProject(
      { packageManager: 'pnpm@9.12.0', scripts: { test: 'vitest run' }, engines: { node: '>=22' } },
      { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' },
    )
    await scaffold(p.dir, { kind: 'ci-cd' })
    const workflow = parseYaml(readFileSync(join(p.dir, '.github/workflows/ci.yml'), 'utf8')) as Workflow
    const steps = workflow.jobs.test!.steps
    expect(steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v4',
      'pnpm/action-setup@v4',
      'actions/setup-node@v4',
      'pnpm install --frozen-lockfile',
      'pnpm exec tsc --noEmit',
      'pnpm run test',
    ])
    expect(steps[2]!.with).toEqual({ 'node-version': '22', cache: 'pnpm' })
  })

  it('builds a uv job for a Python project, with uv caching and pytest/ruff/mypy', async () => {
    project = makeProject({ flavour: 'node' })
    project.write('package.json', '')
    const p = project
    execSync('rm package.json tsconfig.json eslint.config.js', { cwd: p.dir })
    p.write('pyproject.toml', '[project]\nname = "etl"\nrequires-python = ">=3.11"\n')
    p.write('uv.lock', 'version = 1\n')
    p.write('.python-version', '3.12\n')
    await scaffold(p.dir, { kind: 'ci-cd', steps: ['lint', 'typecheck', 'test', 'build'] })
    const workflow = parseYaml(readFileSync(join(p.dir, '.github/workflows/ci.yml'), 'utf8')) as Workflow
    expect(Object.keys(workflow.jobs)).toEqual(['python-test', 'build'])
    const steps = workflow.jobs['python-test']!.steps
    expect(steps[1]).toEqual({ uses: 'astral-sh/setup-uv@v6', with: { 'enable-cache': true, 'python-version': '3.12' } })
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([
      'uv sync --locked --all-extras --dev',
      'uv run ruff check .',
      'uv run mypy .',
      'uv run pytest',
    ])
  })

  it('runs the commands it wrote, and they pass in the project', async () => {
    const p = nodeProject(
      { type: 'module', scripts: SCRIPTS, devDependencies: { typescript: '*', vitest: '*', eslint: '*' } },
      { 'package-lock.json': '{}', 'src/index.ts': 'export const answer: number = 42\n' },
    )
    await scaffold(p.dir, { kind: 'ci-cd', steps: ['lint', 'typecheck', 'test', 'build'] })
    const workflow = parseYaml(readFileSync(join(p.dir, '.github/workflows/ci.yml'), 'utf8')) as Workflow
    const commands = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run && s.run !== 'npm ci' ? [s.run] : [])))
    expect(commands).toEqual(['npm run lint', 'npm run typecheck', 'npm test', 'npm run build'])
    for (const command of commands) execSync(command, { cwd: p.dir, stdio: 'pipe', env: { ...process.env, CI: '1' } })
  }, 120_000)

  it('refuses steps the project has no script for, and a deploy with no command', async () => {
    const p = nodeProject({ scripts: { test: 'vitest run' } })
    await expect(scaffold(p.dir, { kind: 'ci-cd', steps: ['lint'] })).rejects.toThrow(/no "lint" script/)
    await expect(scaffold(p.dir, { kind: 'ci-cd', steps: ['test', 'deploy'] })).rejects.toThrow(/deploy-command|deploy" script/)
    const ok = await scaffold(p.dir, { kind: 'ci-cd', steps: ['test', 'deploy'], deploy_command: 'npx wrangler deploy', dry_run: true })
    expect(ok.diff).toContain('+      - name: Deploy\n+        run: npx wrangler deploy\n')
  })

  it("GitHub's schema check catches what a hand-written workflow gets wrong", async () => {
    const problems = await checkGithubWorkflow(
      'bad.yml',
      'on: pushh\njobs:\n  t:\n    runs-onn: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: x\n',
    )
    expect(problems.join('\n')).toMatch(/Unexpected value 'pushh'/)
    expect(problems.join('\n')).toMatch(/Required property is missing: runs-on/)
  })
})

describe('ci-cd for GitLab', () => {
  it('writes stages, a cached .node template and a main-only deploy; the structure checks pass', async () => {
    const p = nodeProject({ scripts: SCRIPTS }, { 'package-lock.json': '{}', '.node-version': '22\n' })
    const result = await scaffold(p.dir, { kind: 'ci-cd', platform: 'gitlab', steps: ['test', 'build', 'deploy'] })
    expect(result.verified[0]).toMatch(/GitLab CI structure/)
    const ci = parseYaml(readFileSync(join(p.dir, '.gitlab-ci.yml'), 'utf8')) as Record<string, Record<string, unknown>>
    expect(ci.stages).toEqual(['test', 'build', 'deploy'])
    expect(ci['.node']).toMatchObject({
      image: 'node:22',
      cache: { key: { files: ['package-lock.json'] }, paths: ['.npm/'] },
      before_script: ['npm ci'],
    })
    expect(ci.test).toMatchObject({ extends: '.node', stage: 'test', script: ['npm test'] })
    expect(ci.deploy).toMatchObject({
      stage: 'deploy',
      needs: ['test', 'build'],
      environment: 'production',
      script: ['npm run build', 'npm run deploy'],
    })
    expect(checkGitlabCi(ci)).toEqual([])
  })

  it('the structure check catches an undeclared stage and a missing need', () => {
    const problems = checkGitlabCi({ stages: ['test'], job: { stage: 'deploy', script: ['x'], needs: ['nope'] } })
    expect(problems).toEqual(['job: stage "deploy" is not in stages', 'job: needs "nope", which is not a job'])
  })
})
