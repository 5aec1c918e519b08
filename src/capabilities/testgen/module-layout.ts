/**
 * Where a module's tests go and how they import it: the project (nearest package.json), the module's
 * format (ESM or CommonJS, as Node decides), the test file's format for the framework, the import
 * specifier, a readable binding name, and the files the module loads (mined for input constants).
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path'
import { resolveInsideWorkspace } from '../analyze/discover.js'
import { detectFramework } from './frameworks.js'
import type { Framework, RenderOptions } from './writer/render.js'

export interface ModuleLayout {
  /** Folder whose files count for coverage (the project of the module). */
  root: string
  projectRoot: string
  testFile: string
  relatedFiles: string[]
  render: Omit<RenderOptions, 'api' | 'seed'>
}

interface PackageJson {
  name?: string
  type?: string
  main?: string
}

export function describeModule(
  modulePath: string,
  workspace: string,
  out: string | undefined,
  framework: Framework | undefined,
): ModuleLayout {
  const projectRoot = nearestPackageDir(dirname(modulePath), workspace) ?? workspace
  const pkg = readPackage(projectRoot)
  const chosen = framework ?? detectFramework(projectRoot)
  const packageIsEsm = nearestType(dirname(modulePath), workspace) === 'module'
  const moduleFormat: 'module' | 'commonjs' = /\.mjs$/.test(modulePath)
    ? 'module'
    : /\.cjs$/.test(modulePath)
      ? 'commonjs'
      : packageIsEsm
        ? 'module'
        : 'commonjs'
  const testFormat: 'module' | 'commonjs' =
    chosen === 'vitest'
      ? 'module'
      : moduleFormat === 'module'
        ? 'module'
        : chosen === 'jest'
          ? 'commonjs'
          : packageIsEsm
            ? 'module'
            : 'commonjs'
  const isMain =
    pkg?.main !== undefined
      ? resolve(projectRoot, pkg.main).replace(/\.js$/, '') === modulePath.replace(/\.js$/, '')
      : basename(modulePath).startsWith('index.')
  const stem = basename(modulePath, extname(modulePath))
  const label = isMain && pkg?.name ? pkg.name : stem === 'index' ? basename(dirname(modulePath)) : stem
  const testFile = out
    ? resolveInsideWorkspace(workspace, out)
    : defaultTestFile(modulePath, projectRoot, label, testFormat, packageIsEsm, chosen)
  let specifier = relative(dirname(testFile), modulePath).split(sep).join('/')
  if (!specifier.startsWith('.')) specifier = `./${specifier}`
  return {
    root: projectRoot,
    projectRoot,
    testFile,
    relatedFiles: relatedFiles(modulePath, projectRoot),
    render: { framework: chosen, testFormat, moduleFormat, specifier, binding: bindingName(label), moduleLabel: label },
  }
}

function nearestPackageDir(start: string, workspace: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dir === workspace || dirname(dir) === dir || relative(workspace, dir).startsWith('..')) return undefined
  }
}

/** Node's rule: the nearest package.json decides whether .js is ESM. */
function nearestType(start: string, workspace: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = readPackage(dir)
    if (pkg) return pkg.type
    if (dir === workspace || dirname(dir) === dir) return undefined
  }
}

function readPackage(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson
  } catch {
    return undefined
  }
}

function defaultTestFile(
  modulePath: string,
  projectRoot: string,
  label: string,
  testFormat: 'module' | 'commonjs',
  packageIsEsm: boolean,
  framework: Framework,
): string {
  const ext = testFormat === 'module' ? (packageIsEsm || framework === 'vitest' ? '.js' : '.mjs') : packageIsEsm ? '.cjs' : '.js'
  const name = `${basename(label.replace(/^@[^/]+\//, ''))}.test${ext}`
  for (const folder of ['test', 'tests', '__tests__']) {
    if (existsSync(join(projectRoot, folder))) return join(projectRoot, folder, name)
  }
  return join(dirname(modulePath), name)
}

const RESERVED = new Set([
  'module',
  'exports',
  'require',
  '__dirname',
  '__filename',
  'default',
  'class',
  'new',
  'function',
  'delete',
  'in',
  'instanceof',
  'typeof',
  'void',
  'this',
  'export',
  'import',
  'package',
  'assert',
  'describe',
  'it',
  'expect',
  'path',
  'fs',
  'os',
  'dir',
  'result',
  'calls',
  'until',
])

/** `countries-and-timezones` → `countriesAndTimezones`; names a test file uses itself get a suffix. */
export function bindingName(label: string): string {
  const words = label
    .replace(/^@[^/]+\//, '')
    .replace(/\.(c|m)?jsx?$/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  let name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('')
  if (!/^[A-Za-z_$]/.test(name)) name = `module${name}`
  if (RESERVED.has(name)) name = `${name}Module`
  return name || 'subject'
}

/** Files the module loads by relative path, transitively (at most 100), inside the project. */
function relatedFiles(modulePath: string, projectRoot: string): string[] {
  const seen = new Set<string>([modulePath])
  const queue = [modulePath]
  while (queue.length > 0 && seen.size < 100) {
    const file = queue.shift() as string
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const match of text.matchAll(/(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolveRelative(dirname(file), match[1] as string)
      if (target && !seen.has(target) && !relative(projectRoot, target).startsWith('..')) {
        seen.add(target)
        queue.push(target)
      }
    }
  }
  seen.delete(modulePath)
  return [...seen]
}

function resolveRelative(dir: string, specifier: string): string | undefined {
  const base = resolve(dir, specifier)
  for (const candidate of [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, join(base, 'index.js')]) {
    if (existsSync(candidate) && /\.(c|m)?js$/.test(candidate)) return candidate
  }
  return undefined
}
