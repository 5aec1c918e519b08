/**
 * Applies a change set to disk all-or-nothing. Every new content is first staged in a temp file
 * beside its target (fsynced); then each target is swapped in with a rename, keeping a hard-linked
 * backup of what it replaces. If any step fails, every applied step is undone in reverse order and
 * the staged files and the folders this commit made are removed.
 */
import * as nodeFs from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { ChangeSetCommitError } from './errors.js'

/** The file-system calls a commit makes; tests wrap the real ones to inject a failure. */
export interface CommitFs {
  mkdirSync(path: string): void
  writeFileSync(path: string, content: string, mode: number): void
  linkSync(existing: string, link: string): void
  renameSync(from: string, to: string): void
  unlinkSync(path: string): void
  rmdirSync(path: string): void
  chmodSync(path: string, mode: number): void
}

export const realCommitFs: CommitFs = {
  mkdirSync: (path) => nodeFs.mkdirSync(path),
  writeFileSync(path, content, mode) {
    // `wx`: a stale temp file of the same name is never reused.
    const fd = nodeFs.openSync(path, 'wx', mode)
    try {
      nodeFs.writeFileSync(fd, content)
      nodeFs.fsyncSync(fd)
    } finally {
      nodeFs.closeSync(fd)
    }
  },
  linkSync: (existing, link) => nodeFs.linkSync(existing, link),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  unlinkSync: (path) => nodeFs.unlinkSync(path),
  rmdirSync: (path) => nodeFs.rmdirSync(path),
  chmodSync: (path, mode) => nodeFs.chmodSync(path, mode),
}

export interface DiskChange {
  /** Workspace-relative path, for messages. */
  path: string
  absolute: string
  action: 'create' | 'update' | 'delete'
  content: string | null
  mode: number
}

type Undo = { path: string; run: () => void }

function sidecar(absolute: string, suffix: string): string {
  return join(dirname(absolute), `.${basename(absolute)}.codex-${randomBytes(4).toString('hex')}.${suffix}`)
}

/** Creates the missing folders above `absolute`, outermost first; returns those it created. */
function ensureDir(fs: CommitFs, dir: string, created: string[]): void {
  const missing: string[] = []
  for (let d = dir; !nodeFs.existsSync(d); d = dirname(d)) missing.unshift(d)
  for (const d of missing) {
    fs.mkdirSync(d)
    created.push(d)
  }
}

function quietly(action: () => void): boolean {
  try {
    action()
    return true
  } catch {
    return false
  }
}

export function applyToDisk(changes: DiskChange[], fs: CommitFs = realCommitFs): void {
  const createdDirs: string[] = []
  const staged = new Map<DiskChange, string>()
  const backups: string[] = []
  const undo: Undo[] = []
  let current = changes[0]?.path ?? ''
  try {
    for (const change of changes) {
      current = change.path
      if (change.content === null) continue
      ensureDir(fs, dirname(change.absolute), createdDirs)
      const tmp = sidecar(change.absolute, 'tmp')
      fs.writeFileSync(tmp, change.content, change.mode)
      staged.set(change, tmp)
      // The umask may have narrowed the mode given at open; the requested mode is what counts.
      fs.chmodSync(tmp, change.mode)
    }
    for (const change of changes) {
      current = change.path
      const tmp = staged.get(change)
      if (change.action === 'create') {
        // link() refuses to replace a file that appeared since the check: no silent clobbering.
        fs.linkSync(tmp!, change.absolute)
        undo.push({ path: change.path, run: () => fs.unlinkSync(change.absolute) })
        fs.unlinkSync(tmp!)
        staged.delete(change)
        continue
      }
      const backup = sidecar(change.absolute, 'bak')
      fs.linkSync(change.absolute, backup)
      backups.push(backup)
      if (change.action === 'update') {
        fs.renameSync(tmp!, change.absolute)
        staged.delete(change)
      } else {
        fs.unlinkSync(change.absolute)
      }
      undo.push({ path: change.path, run: () => fs.renameSync(backup, change.absolute) })
    }
  } catch (error) {
    const unrestored: string[] = []
    for (const step of undo.reverse()) if (!quietly(step.run)) unrestored.push(step.path)
    for (const tmp of staged.values()) quietly(() => fs.unlinkSync(tmp))
    // A restored backup was renamed back into place; the rest are spare links, unless something
    // could not be restored, in which case they are the only copy left and stay for the person.
    if (unrestored.length === 0) for (const backup of backups) quietly(() => fs.unlinkSync(backup))
    // Innermost first; a folder that is not empty (someone else wrote there) stays.
    for (const dir of createdDirs.reverse()) quietly(() => fs.rmdirSync(dir))
    throw new ChangeSetCommitError(current, error, unrestored)
  }
  for (const backup of backups) quietly(() => fs.unlinkSync(backup))
}
