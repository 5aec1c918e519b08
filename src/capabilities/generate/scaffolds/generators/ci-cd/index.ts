/**
 * `generate ci-cd`: a GitHub Actions workflow or a .gitlab-ci.yml built from the project itself
 * (package manager, scripts, Node and Python versions), with dependency caching; checked against
 * the platform's schema before it is written.
 */
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { ScaffoldVerificationError } from '../../errors.js'
import { defineGenerator } from '../../generator.js'
import type { ProjectInfo } from '../../project.js'
import { checkGithubWorkflow } from './github-schema.js'
import { checkGitlabCi } from './gitlab-schema.js'
import { nodeToolchain, pythonToolchain, type NodeToolchain } from './toolchain.js'

const STEPS = ['lint', 'typecheck', 'test', 'build', 'deploy'] as const
type Step = (typeof STEPS)[number]

export const CiCdOptions = z.strictObject({
  platform: z.enum(['github-actions', 'gitlab']).default('github-actions').describe('github-actions or gitlab'),
  steps: z.array(z.enum(STEPS)).min(1).optional().describe('lint,typecheck,test,build,deploy (default: those the project has scripts for)'),
  branch: z
    .string()
    .regex(/^[\w./-]+$/)
    .default('main')
    .describe('The branch that is built on push and deployed from'),
  node_version: z
    .string()
    .regex(/^\d+(\.\d+){0,2}$/)
    .optional()
    .describe('Node.js version (default: .nvmrc, .node-version or engines; else 22)'),
  python_version: z
    .string()
    .regex(/^3\.\d+$/)
    .optional()
    .describe('Python version (default: .python-version or requires-python; else 3.12)'),
  deploy_command: z.string().min(1).optional().describe('The deploy command (default: the package.json "deploy" script)'),
  environment: z
    .string()
    .regex(/^[\w-]+$/)
    .default('production')
    .describe('Deployment environment name'),
  name: z
    .string()
    .regex(/^[\w-]+$/)
    .default('ci')
    .describe('Workflow file name (GitHub: .github/workflows/<name>.yml)'),
})
type CiCdOptions = z.output<typeof CiCdOptions>

interface Command {
  name: string
  run: string
}

interface Job {
  id: string
  name: string
  stage: string
  runtime: 'node' | 'python'
  node: boolean
  python: boolean
  needs: string
  deploy: boolean
  commands: Command[]
}

/** A plain YAML scalar when it is safe as one; else a double-quoted string. */
function yamlScalar(value: string): string {
  return /^[\w./@$-][\w ./@$=+-]*$/.test(value) && !/\s$/.test(value) && !/: |\s#/.test(value) ? value : JSON.stringify(value)
}

/** "Lint, typecheck and test" from the commands' names. */
function listName(commands: Command[]): string {
  const names = commands.map((c, i) => (i === 0 ? c.name.replace(/ \(.*\)$/, '') : c.name.replace(/ \(.*\)$/, '').toLowerCase()))
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

function nodeCommands(steps: Set<Step>, explicit: boolean, project: ProjectInfo, tc: NodeToolchain): Map<Step, Command> {
  const out = new Map<Step, Command>()
  const scripts = project.scripts
  const want = (step: Step, script: string, label: string, fallback?: string) => {
    if (!steps.has(step)) return
    if (scripts[script]) out.set(step, { name: label, run: tc.run(script) })
    else if (fallback) out.set(step, { name: label, run: fallback })
    else if (explicit)
      throw new UserInputError(`--steps asks for ${step}, but package.json has no "${script}" script: add one or leave ${step} out.`, {
        field: 'steps',
      })
  }
  want('lint', 'lint', 'Lint')
  want('typecheck', scripts.typecheck ? 'typecheck' : 'type-check', 'Typecheck', project.typescript ? tc.exec('tsc --noEmit') : undefined)
  want('test', 'test', 'Test')
  want('build', 'build', 'Build')
  return out
}

function plannedSteps(options: CiCdOptions, project: ProjectInfo): { steps: Set<Step>; explicit: boolean } {
  if (options.steps) return { steps: new Set(options.steps), explicit: true }
  const steps = new Set<Step>(['lint', 'typecheck', 'test', 'build'])
  if (project.scripts.deploy) steps.add('deploy')
  return { steps, explicit: false }
}

export default defineGenerator({
  kind: 'ci-cd',
  summary: 'A CI/CD pipeline (GitHub Actions or GitLab CI) from the project’s package manager, scripts and versions, with caching',
  options: CiCdOptions,
  examples: ['generate ci-cd --platform github-actions --steps test,build,deploy', 'generate ci-cd --platform gitlab --steps lint,test'],
  plan(options, { project, workspace }) {
    const { steps, explicit } = plannedSteps(options, project)
    const hasNode = project.hasPackageJson
    const hasPython = project.python.present
    if (!hasNode && !hasPython)
      throw new UserInputError('No package.json or pyproject.toml/requirements.txt here: nothing to build a pipeline for.')
    const tc = nodeToolchain(workspace, project)
    const py = pythonToolchain(workspace, project)
    const nodeVersion = options.node_version ?? project.nodeVersion ?? '22'
    const pythonVersion = options.python_version ?? project.pythonVersion ?? '3.12'
    const jobs: Job[] = []
    const job = (fields: Omit<Job, 'node' | 'python' | 'needs' | 'deploy'> & Partial<Job>): Job => ({
      node: fields.runtime === 'node',
      python: fields.runtime === 'python',
      needs: '',
      deploy: false,
      ...fields,
    })
    let lastBuild = ''
    if (hasNode) {
      const commands = nodeCommands(steps, explicit && !hasPython, project, tc)
      const verify = (['lint', 'typecheck', 'test'] as const).flatMap((s) => (commands.has(s) ? [commands.get(s)!] : []))
      if (verify.length) jobs.push(job({ id: 'test', name: listName(verify), stage: 'test', runtime: 'node', commands: verify }))
      const build = commands.get('build')
      if (build) {
        jobs.push(
          job({ id: 'build', name: 'Build', stage: 'build', runtime: 'node', needs: verify.length ? 'test' : '', commands: [build] }),
        )
        lastBuild = 'build'
      }
    }
    if (hasPython) {
      const verify: Command[] = []
      if (steps.has('lint')) verify.push({ name: 'Lint (ruff)', run: py.run('ruff check .') })
      if (steps.has('typecheck')) verify.push({ name: 'Typecheck (mypy)', run: py.run('mypy .') })
      if (steps.has('test')) verify.push({ name: 'Test (pytest)', run: py.run('pytest') })
      if (verify.length)
        jobs.push(
          job({ id: 'python-test', name: `Python: ${listName(verify).toLowerCase()}`, stage: 'test', runtime: 'python', commands: verify }),
        )
      if (steps.has('build') && !hasNode) {
        jobs.push(
          job({
            id: 'build',
            name: 'Build',
            stage: 'build',
            runtime: 'python',
            needs: verify.length ? 'python-test' : '',
            commands: [{ name: 'Build', run: py.build }],
          }),
        )
        lastBuild = 'build'
      }
    }
    if (steps.has('deploy')) {
      const deploy = options.deploy_command ?? (project.scripts.deploy ? tc.run('deploy') : undefined)
      if (!deploy)
        throw new UserInputError('The deploy step needs a "deploy" script in package.json or --deploy-command "...".', {
          field: 'deploy_command',
        })
      const runtime = hasNode ? 'node' : 'python'
      const commands = lastBuild && hasNode ? [...jobs.find((j) => j.id === 'build')!.commands] : []
      commands.push({ name: 'Deploy', run: deploy })
      const needs = jobs.map((j) => j.id).join(', ')
      jobs.push(job({ id: 'deploy', name: `Deploy to ${options.environment}`, stage: 'deploy', runtime, needs, deploy: true, commands }))
    }
    if (!jobs.length)
      throw new UserInputError('No step has anything to run: add test/build scripts to package.json or pass --steps.', { field: 'steps' })
    for (const j of jobs) {
      j.name = yamlScalar(j.name)
      for (const c of j.commands) {
        c.run = yamlScalar(c.run)
        c.name = yamlScalar(c.name)
      }
    }

    const nodeGitlab = {
      npm: { cacheDir: '.npm/', variables: [{ name: 'npm_config_cache', value: '$CI_PROJECT_DIR/.npm' }], setup: [] as string[] },
      pnpm: { cacheDir: '.pnpm-store/', variables: [], setup: ['corepack enable', 'pnpm config set store-dir .pnpm-store'] },
      yarn: {
        cacheDir: '.yarn-cache/',
        variables: [{ name: 'YARN_CACHE_FOLDER', value: '$CI_PROJECT_DIR/.yarn-cache' }],
        setup: ['corepack enable'],
      },
      bun: {
        cacheDir: '.bun-cache/',
        variables: [{ name: 'BUN_INSTALL_CACHE_DIR', value: '$CI_PROJECT_DIR/.bun-cache' }],
        setup: ['npm install -g bun'],
      },
    }[tc.manager]
    const github = options.platform === 'github-actions'
    const file = github ? `.github/workflows/${options.name}.yml` : '.gitlab-ci.yml'
    const stages = ['test', 'build', 'deploy'].filter((s) => jobs.some((j) => j.stage === s))
    return {
      vars: {
        github,
        gitlab: !github,
        workflowName: options.name,
        title: options.name === 'ci' ? 'CI' : options.name,
        branch: options.branch,
        environment: options.environment,
        stages: stages.join(', '),
        jobs,
        node: {
          enabled: hasNode,
          version: nodeVersion,
          manager: tc.manager,
          pnpm: tc.manager === 'pnpm',
          // pnpm/action-setup reads the version from packageManager; without it, it must be given.
          pnpmDeclared: project.packageManagerField?.startsWith('pnpm@') ?? false,
          bun: tc.manager === 'bun',
          cache: tc.lockfile !== undefined && tc.manager !== 'bun',
          lockfile: tc.lockfile ?? 'package.json',
          install: yamlScalar(tc.install),
          cacheDir: nodeGitlab.cacheDir,
          gitlabVariables: nodeGitlab.variables,
          gitlabSetup: nodeGitlab.setup,
        },
        python: {
          enabled: hasPython,
          version: pythonVersion,
          uv: py.uv,
          image: py.uv ? `ghcr.io/astral-sh/uv:python${pythonVersion}-bookworm-slim` : `python:${pythonVersion}`,
          lockfile: py.lockfile,
          install: yamlScalar(py.install),
        },
      },
      notes: [
        `${file}: ${jobs.map((j) => `${j.id} (${j.commands.map((c) => c.name.toLowerCase()).join(', ')})`).join('; ')}.`,
        ...(hasNode && !tc.lockfile ? [`No lockfile for ${tc.manager}: commit one so installs are reproducible and cacheable.`] : []),
        ...(steps.has('deploy')
          ? [`Deploys from ${options.branch} to the "${options.environment}" environment: set its secrets in the platform's settings.`]
          : []),
      ],
      async verify(files) {
        const output = files.find((f) => f.path === file)
        if (!output) return []
        let document: unknown
        try {
          document = parseYaml(output.content)
        } catch (error) {
          throw new ScaffoldVerificationError(`${file} is not valid YAML: ${(error as Error).message}`)
        }
        const problems = github ? await checkGithubWorkflow(file, output.content) : checkGitlabCi(document)
        if (problems.length) throw new ScaffoldVerificationError(`${file}: ${problems.join('; ')}`)
        return [
          github
            ? `${file} against GitHub's workflow schema (@actions/workflow-parser)`
            : `${file} against the GitLab CI structure (stages, extends, needs)`,
        ]
      },
    }
  },
})
