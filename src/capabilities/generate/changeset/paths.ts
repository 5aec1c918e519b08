/** Workspace-relative paths for the change set: normalised to POSIX, and never outside the workspace. */
import { existsSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ForbiddenPathError, UserInputError } from '../../../core/errors.js'

/** `./a\\b/../c.ts` → `a/c.ts`; throws on an empty path or one that leaves the workspace. */
export function normalizeTreePath(workspace: string, path: string): string {
  if (!path.trim()) throw new UserInputError('A file path is empty.')
  const absolute = resolve(workspace, path)
  const rel = relative(workspace, absolute)
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw new ForbiddenPathError(path)
  return rel.split(sep).join('/')
}

/**
 * The absolute path on disk, checked once more against symlinks: the nearest existing ancestor must
 * resolve inside the workspace, so a link in the tree cannot carry a write elsewhere.
 */
export function resolveOnDisk(workspace: string, treePath: string): string {
  const absolute = join(workspace, treePath)
  const root = realpathSync(workspace)
  let probe = dirname(absolute)
  while (!existsSync(probe)) probe = dirname(probe)
  const real = realpathSync(probe)
  if (real !== root && !real.startsWith(root + sep)) throw new ForbiddenPathError(treePath)
  return absolute
}
