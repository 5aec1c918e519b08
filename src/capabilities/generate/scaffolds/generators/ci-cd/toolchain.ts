/** Install and run commands for the detected package manager and Python tooling. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PackageManager, ProjectInfo } from '../../project.js'

const LOCKFILES: Record<PackageManager, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  pnpm: ['pnpm-lock.yaml'],
  yarn: ['yarn.lock'],
  bun: ['bun.lock', 'bun.lockb'],
}

export interface NodeToolchain {
  manager: PackageManager
  lockfile?: string
  install: string
  run(script: string): string
  /** Runs a binary from node_modules/.bin. */
  exec(command: string): string
  yarnBerry: boolean
}

export function nodeToolchain(workspace: string, project: ProjectInfo): NodeToolchain {
  const manager = project.packageManager
  const lockfile = LOCKFILES[manager].find((f) => existsSync(join(workspace, f)))
  const yarnBerry = existsSync(join(workspace, '.yarnrc.yml'))
  const install = {
    npm: lockfile ? 'npm ci' : 'npm install',
    pnpm: lockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install',
    yarn: lockfile ? (yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile') : 'yarn install',
    bun: lockfile ? 'bun install --frozen-lockfile' : 'bun install',
  }[manager]
  const runPrefix = { npm: 'npm run', pnpm: 'pnpm run', yarn: 'yarn run', bun: 'bun run' }[manager]
  const execPrefix = { npm: 'npx --no-install', pnpm: 'pnpm exec', yarn: 'yarn exec', bun: 'bunx' }[manager]
  const toolchain: NodeToolchain = {
    manager,
    install,
    yarnBerry,
    run: (script) => (script === 'test' && manager === 'npm' ? 'npm test' : `${runPrefix} ${script}`),
    exec: (command) => `${execPrefix} ${command}`,
  }
  if (lockfile) toolchain.lockfile = lockfile
  return toolchain
}

export interface PythonToolchain {
  uv: boolean
  lockfile: string
  install: string
  run(command: string): string
  build: string
}

export function pythonToolchain(workspace: string, project: ProjectInfo): PythonToolchain {
  if (project.python.uv) {
    return { uv: true, lockfile: 'uv.lock', install: 'uv sync --locked --all-extras --dev', run: (c) => `uv run ${c}`, build: 'uv build' }
  }
  const requirements = existsSync(join(workspace, 'requirements.txt'))
  return {
    uv: false,
    lockfile: requirements ? 'requirements.txt' : 'pyproject.toml',
    install: requirements ? 'pip install -r requirements.txt' : "pip install -e '.[dev]'",
    run: (c) => c,
    build: 'python -m pip wheel --no-deps -w dist .',
  }
}
