/**
 * Finds the files to analyze under the requested paths: respects .gitignore files, skips vendored
 * folders, and keeps every path inside the workspace. An explicitly requested path is analyzed even
 * when an ignore file outside it would exclude it.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { ForbiddenPathError, UserInputError } from '../../core/errors.js'

/** Folders of third-party or generated code, skipped when met during a walk. */
export const VENDORED_DIRS = new Set([
  '.git',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.ruff_cache',
  '.pytest_cache',
  '.codex',
  '.next',
  '.nuxt',
  'coverage',
])

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

/** Resolves a user-supplied path and refuses anything outside the workspace (symlinks included). */
export function resolveInsideWorkspace(workspace: string, path: string): string {
  const absolute = resolve(workspace, path)
  const real = existsSync(absolute) ? realpathSync(absolute) : absolute
  const root = realpathSync(workspace)
  const rel = relative(root, real)
  if (rel.startsWith('..') || resolve(root, rel) !== real) throw new ForbiddenPathError(path)
  return absolute
}

interface IgnoreLayer {
  /** Directory the .gitignore sits in, relative to the workspace (POSIX, '' for the root). */
  base: string
  matcher: Ignore
}

function loadGitignore(dir: string, workspace: string): IgnoreLayer | undefined {
  const file = join(dir, '.gitignore')
  if (!existsSync(file)) return undefined
  return { base: toPosix(relative(workspace, dir)), matcher: ignore().add(readFileSync(file, 'utf8')) }
}

function isIgnored(layers: IgnoreLayer[], relPath: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const inner = layer.base === '' ? relPath : relPath.startsWith(`${layer.base}/`) ? relPath.slice(layer.base.length + 1) : undefined
    if (inner === undefined || inner === '') continue
    if (layer.matcher.ignores(isDir ? `${inner}/` : inner)) return true
  }
  return false
}

export interface DiscoverOptions {
  workspace: string
  paths: string[]
  /** Extra gitignore-style patterns (config `analyze.exclude`). */
  exclude: string[]
}

/** Returns absolute paths of candidate files, sorted, de-duplicated. */
export function discoverFiles(options: DiscoverOptions): string[] {
  const { workspace } = options
  const extra = ignore().add(options.exclude)
  const found = new Set<string>()

  const walk = (dir: string, layers: IgnoreLayer[]) => {
    const own = loadGitignore(dir, workspace)
    const here = own ? [...layers, own] : layers
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      const rel = toPosix(relative(workspace, full))
      if (entry.isDirectory()) {
        if (VENDORED_DIRS.has(entry.name)) continue
        if (isIgnored(here, rel, true) || extra.ignores(`${rel}/`)) continue
        walk(full, here)
      } else if (entry.isFile()) {
        if (isIgnored(here, rel, false) || extra.ignores(rel)) continue
        found.add(full)
      }
    }
  }

  for (const requested of options.paths) {
    const absolute = resolveInsideWorkspace(workspace, requested)
    const stat = statSync(absolute, { throwIfNoEntry: false })
    if (!stat) throw new UserInputError(`Path "${requested}" does not exist.`, { field: 'path', httpStatus: 404 })
    if (stat.isFile()) {
      found.add(absolute)
      continue
    }
    // Ignore files between the workspace root and the requested folder apply, unless they
    // exclude the requested folder itself: then the user asked for it explicitly.
    const ancestors: IgnoreLayer[] = []
    for (let dir = dirname(absolute); dir.startsWith(workspace) && dir !== absolute; dir = dirname(dir)) {
      const layer = loadGitignore(dir, workspace)
      if (layer) ancestors.unshift(layer)
      if (dir === workspace || dirname(dir) === dir) break
    }
    const rel = toPosix(relative(workspace, absolute))
    walk(absolute, rel !== '' && isIgnored(ancestors, rel, true) ? [] : ancestors)
  }
  return [...found].sort()
}
