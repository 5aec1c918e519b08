/** Lists the files of a folder tree in a stable order, skipping dependency, cache, VCS and build folders. */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Folders nobody wants listed, searched or mapped: dependencies, caches, VCS data, build output. */
export const SKIPPED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.codex',
  'node_modules',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.venv',
  'venv',
  '.tox',
  'dist',
  'build',
  'coverage',
  '.verify-build',
])

/**
 * Regular files under `dir` as POSIX paths prefixed with `base` (none when `base` is '' or '.'),
 * sorted by name at each level; symlinks are not followed. Stops after `limit` files.
 */
export function listFiles(dir: string, base = '', limit = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = []
  const walk = (current: string, prefix: string) => {
    let entries
    try {
      entries = readdirSync(current, { withFileTypes: true })
    } catch {
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (out.length >= limit) return
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(join(current, entry.name), rel)
      } else if (entry.isFile()) {
        out.push(rel)
      }
    }
  }
  walk(dir, base === '.' ? '' : base)
  return out
}
