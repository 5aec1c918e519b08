/**
 * What a generator needs to know about the target project, read from its files: package.json
 * (dependencies, scripts, engines, packageManager), lockfiles, tsconfig and Node/Python versions.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun'
export type WebFramework = 'next' | 'express' | 'fastify' | 'hono'
export type TestRunner = 'vitest' | 'jest'

export interface ProjectInfo {
  hasPackageJson: boolean
  name: string
  dependencies: Record<string, string>
  scripts: Record<string, string>
  packageManager: PackageManager
  /** package.json's `packageManager` field (e.g. "pnpm@9.12.0"), when it has one. */
  packageManagerField?: string
  /** Major version (e.g. "20") from .nvmrc, .node-version, .tool-versions or engines; undefined when none says. */
  nodeVersion?: string
  /** e.g. "3.12" from .python-version or pyproject's requires-python; undefined for no Python project. */
  pythonVersion?: string
  python: { present: boolean; uv: boolean }
  framework?: WebFramework
  testRunner?: TestRunner
  typescript: boolean
  /** tsconfig's `jsx` setting, lower-cased, when it has one. */
  jsx?: string
  /** True when the project keeps its code under src/. */
  srcDir: boolean
  /** True when relative imports need a `.js` extension (module resolution node16/nodenext). */
  importExtensions: boolean
}

function readText(workspace: string, file: string): string | undefined {
  const path = join(workspace, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

function readJson(workspace: string, file: string): Record<string, unknown> | undefined {
  const text = readText(workspace, file)
  if (text === undefined) return undefined
  try {
    // tsconfig allows comments and trailing commas; YAML 1.2 reads JSON and ignores neither, so strip them.
    const stripped = text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')
    return JSON.parse(stripped) as Record<string, unknown>
  } catch {
    return undefined
  }
}

function major(version: string | undefined): string | undefined {
  const m = version && /(\d+)/.exec(version.replace(/^v/, ''))
  return m ? m[1] : undefined
}

function detectPackageManager(workspace: string, pkg: Record<string, unknown> | undefined): PackageManager {
  const declared = typeof pkg?.packageManager === 'string' ? pkg.packageManager.split('@')[0] : undefined
  if (declared === 'pnpm' || declared === 'yarn' || declared === 'bun' || declared === 'npm') return declared
  if (existsSync(join(workspace, 'pnpm-lock.yaml'))) return 'pnpm'
  if (existsSync(join(workspace, 'yarn.lock'))) return 'yarn'
  if (existsSync(join(workspace, 'bun.lockb')) || existsSync(join(workspace, 'bun.lock'))) return 'bun'
  return 'npm'
}

function detectNodeVersion(workspace: string, pkg: Record<string, unknown> | undefined): string | undefined {
  for (const file of ['.nvmrc', '.node-version']) {
    const v = readText(workspace, file)?.trim()
    if (v && /\d/.test(v)) return major(v)
  }
  const tools = readText(workspace, '.tool-versions')
  const fromTools = tools && /^nodejs\s+(\S+)/m.exec(tools)
  if (fromTools) return major(fromTools[1])
  const engines = pkg?.engines as Record<string, string> | undefined
  // ">=20.19" or "^20.19.0 || >=22": the lowest major named is the one CI must prove.
  return major(engines?.node)
}

function detectPython(workspace: string): { present: boolean; uv: boolean; version?: string } {
  const pyproject = readText(workspace, 'pyproject.toml')
  const present = pyproject !== undefined || existsSync(join(workspace, 'requirements.txt'))
  const uv = existsSync(join(workspace, 'uv.lock'))
  const pinned = readText(workspace, '.python-version')?.trim()
  const requires = pyproject && /requires-python\s*=\s*["'][^\d]*(\d+\.\d+)/.exec(pyproject)
  const version = pinned ? /^(\d+\.\d+)/.exec(pinned)?.[1] : requires ? requires[1] : undefined
  return { present, uv, ...(version ? { version } : {}) }
}

const FRAMEWORK_PACKAGES: [string, WebFramework][] = [
  ['next', 'next'],
  ['hono', 'hono'],
  ['fastify', 'fastify'],
  ['express', 'express'],
]

export function readProject(workspace: string): ProjectInfo {
  const pkg = readJson(workspace, 'package.json')
  const dependencies = {
    ...(pkg?.dependencies as Record<string, string> | undefined),
    ...(pkg?.devDependencies as Record<string, string> | undefined),
  }
  const python = detectPython(workspace)
  const tsconfig = readJson(workspace, 'tsconfig.json')
  const compilerOptions = (tsconfig?.compilerOptions ?? {}) as Record<string, unknown>
  const resolution = String(compilerOptions.moduleResolution ?? compilerOptions.module ?? '').toLowerCase()
  const info: ProjectInfo = {
    hasPackageJson: pkg !== undefined,
    name: typeof pkg?.name === 'string' ? pkg.name : 'app',
    dependencies,
    scripts: (pkg?.scripts as Record<string, string> | undefined) ?? {},
    packageManager: detectPackageManager(workspace, pkg),
    python: { present: python.present, uv: python.uv },
    typescript: tsconfig !== undefined || 'typescript' in dependencies,
    importExtensions: resolution === 'nodenext' || resolution === 'node16',
    srcDir: existsSync(join(workspace, 'src')),
  }
  if (typeof compilerOptions.jsx === 'string') info.jsx = compilerOptions.jsx.toLowerCase()
  if (typeof pkg?.packageManager === 'string') info.packageManagerField = pkg.packageManager
  const nodeVersion = detectNodeVersion(workspace, pkg)
  if (nodeVersion) info.nodeVersion = nodeVersion
  if (python.version) info.pythonVersion = python.version
  const framework = FRAMEWORK_PACKAGES.find(([name]) => name in dependencies)?.[1]
  if (framework) info.framework = framework
  if ('vitest' in dependencies) info.testRunner = 'vitest'
  else if ('jest' in dependencies) info.testRunner = 'jest'
  return info
}
