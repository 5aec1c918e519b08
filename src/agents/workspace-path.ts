/**
 * Paths an agent names, confined to its workspace: relative only, no `..`, and no symlink that leads
 * out. Every file_system operation goes through here before it touches the disk.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path'

/** A path was refused; the message tells the model what it may do instead. */
export class PathEscapeError extends Error {
  constructor(path: string, why: string) {
    super(`Refused path "${path}": ${why}. Use a path relative to the workspace root, inside it.`)
    this.name = 'PathEscapeError'
  }
}

export interface ConfinedPath {
  /** Absolute path on disk (under the real workspace root). */
  absolute: string
  /** POSIX path relative to the workspace root; `.` for the root itself. */
  relative: string
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep)
}

/** The deepest part of `absolute` that exists, resolved through symlinks. */
function realAncestor(absolute: string): string {
  let probe = absolute
  while (!existsSync(probe)) {
    const parent = dirname(probe)
    if (parent === probe) break
    probe = parent
  }
  return realpathSync(probe)
}

/**
 * Resolves `input` against `root`. Refuses absolute paths, home-relative paths, any `..` segment
 * (even one that would stay inside: a model that writes `..` is confused about where it is), NUL
 * bytes, and paths whose existing part resolves outside the root through a symlink. With
 * `forWrite`, the target itself must not be a symlink (a dangling link would carry the write out).
 */
export function confinePath(root: string, input: string, options: { forWrite?: boolean } = {}): ConfinedPath {
  const raw = input.trim() === '' ? '.' : input.trim()
  if (raw.includes('\0')) throw new PathEscapeError(input, 'it contains a NUL byte')
  if (isAbsolute(raw) || /^[A-Za-z]:[\\/]/.test(raw) || raw.startsWith('\\\\')) throw new PathEscapeError(input, 'it is absolute')
  if (raw === '~' || raw.startsWith('~/')) throw new PathEscapeError(input, 'it points into a home folder')
  const segments = raw.split(/[\\/]+/)
  if (segments.includes('..')) throw new PathEscapeError(input, 'it contains ".."')
  const rel = posix.normalize(segments.filter((s) => s !== '').join('/')).replace(/\/$/, '') || '.'
  const realRoot = realpathSync(root)
  const absolute = rel === '.' ? realRoot : join(realRoot, ...rel.split('/'))
  if (!isInside(realRoot, realAncestor(absolute)))
    throw new PathEscapeError(input, 'it leads outside the workspace through a symbolic link')
  if (options.forWrite && rel !== '.') {
    const stat = lstatSync(absolute, { throwIfNoEntry: false })
    if (stat?.isSymbolicLink()) throw new PathEscapeError(input, 'it is a symbolic link; write to the file it names instead')
  }
  return { absolute, relative: rel }
}

/** POSIX path of `absolute` relative to `root`. */
export function relativePosix(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/') || '.'
}
