/**
 * ChangeSet: the virtual tree every generator and codemod writes to (as Nx's Tree). Reads see the
 * staged content over the workspace; nothing touches the disk until commit(), which checks for
 * conflicts, and then applies everything or nothing. A dry run returns the same result with the diff.
 */
import { readFileSync, statSync } from 'node:fs'
import { applyToDisk, realCommitFs, type CommitFs } from './commit.js'
import { unifiedDiff } from './diff.js'
import { ChangeSetConflictError, type Conflict } from './errors.js'
import { normalizeTreePath, resolveOnDisk } from './paths.js'

export interface WriteOptions {
  /** File mode for a new file (default 0o644; an updated file keeps its mode unless given). */
  mode?: number
  /** Masks secrets in this file's diff: the diff shows redact(content), the disk gets content. */
  redact?: (content: string) => string
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged'

export interface FileSummary {
  path: string
  action: ChangeAction
  /** Bytes written (0 for a delete). */
  bytes: number
  conflict?: Conflict
}

export interface CommitOptions {
  /** Overwrite files that conflict (`exists`, `changed`); `blocked` paths still fail. */
  force?: boolean
  /** Check and diff, write nothing. */
  dryRun?: boolean
}

export interface CommitResult {
  applied: boolean
  dryRun: boolean
  files: FileSummary[]
  /** Unified diff of every changed file, secrets redacted. */
  diff: string
  /** Conflicts found; when applied with force, the files that were overwritten. */
  conflicts: Conflict[]
}

/** What the disk held at a path when the change set first looked. */
type DiskState = { kind: 'file'; content: string; mode: number } | { kind: 'absent' } | { kind: 'blocked'; reason: string }

interface Entry {
  path: string
  base: DiskState
  /** The content the generator wants; null to delete. */
  content: string | null
  /** True for create(): the generator did not expect the file to exist. */
  expectsAbsent: boolean
  options: WriteOptions
}

export interface ChangeSetOptions {
  /** File-system calls used by commit; tests wrap the real ones to inject failures. */
  fs?: CommitFs
}

function readDisk(absolute: string): DiskState {
  try {
    const stat = statSync(absolute)
    if (!stat.isFile()) return { kind: 'blocked', reason: 'a directory or special file is in the way' }
    return { kind: 'file', content: readFileSync(absolute, 'utf8'), mode: stat.mode & 0o777 }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { kind: 'absent' }
    if (code === 'ENOTDIR') return { kind: 'blocked', reason: 'a parent of this path is a file' }
    throw error
  }
}

function sameState(a: DiskState, b: DiskState): boolean {
  if (a.kind !== b.kind) return false
  return a.kind !== 'file' || a.content === (b as { content: string }).content
}

export class ChangeSet {
  readonly workspace: string
  readonly #entries = new Map<string, Entry>()
  readonly #disk = new Map<string, DiskState>()
  readonly #fs: CommitFs

  constructor(workspace: string, options: ChangeSetOptions = {}) {
    this.workspace = workspace
    this.#fs = options.fs ?? realCommitFs
  }

  #path(path: string): string {
    return normalizeTreePath(this.workspace, path)
  }

  #base(path: string): DiskState {
    let state = this.#disk.get(path)
    if (!state) {
      state = readDisk(resolveOnDisk(this.workspace, path))
      this.#disk.set(path, state)
    }
    return state
  }

  /** The file as the tree sees it (staged content first); null when absent or deleted. */
  read(path: string): string | null {
    const p = this.#path(path)
    const entry = this.#entries.get(p)
    if (entry) return entry.content
    const base = this.#base(p)
    return base.kind === 'file' ? base.content : null
  }

  exists(path: string): boolean {
    return this.read(path) !== null
  }

  /** A new file. If the workspace already has a different file there, that is a conflict. */
  create(path: string, content: string, options: WriteOptions = {}): void {
    this.#stage(path, content, true, options)
  }

  /** Writes a file the generator means to replace (it has read it, or owns it): no `exists` conflict. */
  overwrite(path: string, content: string, options: WriteOptions = {}): void {
    this.#stage(path, content, false, options)
  }

  /** Read-modify-write against the tree's current view of the file (null when it does not exist). */
  update(path: string, edit: (current: string | null) => string, options: WriteOptions = {}): void {
    this.overwrite(path, edit(this.read(path)), options)
  }

  delete(path: string): void {
    this.#stage(path, null, false, {})
  }

  #stage(path: string, content: string | null, expectsAbsent: boolean, options: WriteOptions): void {
    const p = this.#path(path)
    const previous = this.#entries.get(p)
    this.#entries.set(p, {
      path: p,
      base: this.#base(p),
      content,
      // A file first created and then rewritten by the same run is still a new file.
      expectsAbsent: expectsAbsent || (previous?.expectsAbsent ?? false),
      options: { ...previous?.options, ...options },
    })
  }

  #action(entry: Entry): ChangeAction {
    const { base, content } = entry
    if (content === null) return base.kind === 'file' ? 'delete' : 'unchanged'
    if (base.kind === 'file') return base.content === content ? 'unchanged' : 'update'
    return 'create'
  }

  #conflict(entry: Entry, now: DiskState): Conflict | undefined {
    const { path, base } = entry
    if (now.kind === 'blocked') return { path, kind: 'blocked', message: now.reason }
    if (!sameState(base, now)) return { path, kind: 'changed', message: 'the file changed on disk after the generator read it' }
    if (entry.expectsAbsent && base.kind === 'file' && base.content !== entry.content) {
      return { path, kind: 'exists', message: 'the file exists with other content' }
    }
    return undefined
  }

  /** The staged files and their new content (null for a delete), sorted by path. */
  staged(): { path: string; content: string | null }[] {
    return [...this.#entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1)).map(({ path, content }) => ({ path, content }))
  }

  /** The files this change set touches, sorted by path, with their conflicts as of now. */
  summary(): FileSummary[] {
    return [...this.#entries.values()]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((entry) => {
        const conflict = this.#conflict(entry, readDisk(resolveOnDisk(this.workspace, entry.path)))
        const summary: FileSummary = { path: entry.path, action: this.#action(entry), bytes: Buffer.byteLength(entry.content ?? '') }
        if (conflict) summary.conflict = conflict
        return summary
      })
  }

  /** Unified diff of every change (against the disk as first read), secrets redacted. */
  diff(): string {
    return [...this.#entries.values()]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((entry) => {
        const redact = entry.options.redact ?? ((text: string) => text)
        const before = entry.base.kind === 'file' ? redact(entry.base.content) : null
        return unifiedDiff({ path: entry.path, before, after: entry.content === null ? null : redact(entry.content) })
      })
      .join('')
  }

  /**
   * Checks conflicts against the disk as it is now, then (unless dry-run) applies every change
   * atomically. Throws ChangeSetConflictError when there are conflicts and no force (or a blocked
   * path), ChangeSetCommitError when a write fails (after rolling everything back).
   */
  commit(options: CommitOptions = {}): CommitResult {
    const files = this.summary()
    const conflicts = files.flatMap((f) => (f.conflict ? [f.conflict] : []))
    const blocking = conflicts.filter((c) => c.kind === 'blocked' || !options.force)
    const result: CommitResult = { applied: false, dryRun: options.dryRun === true, files, diff: this.diff(), conflicts }
    if (options.dryRun) return result
    if (blocking.length) throw new ChangeSetConflictError(blocking)
    const changes = [...this.#entries.values()]
      .filter((entry) => this.#action(entry) !== 'unchanged' || conflicts.some((c) => c.path === entry.path))
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((entry) => {
        // Under force the disk may differ from the base: act on what is there now.
        const now = readDisk(resolveOnDisk(this.workspace, entry.path))
        const action = entry.content === null ? 'delete' : now.kind === 'file' ? 'update' : 'create'
        const mode = entry.options.mode ?? (now.kind === 'file' ? now.mode : 0o644)
        return { path: entry.path, absolute: resolveOnDisk(this.workspace, entry.path), action, content: entry.content, mode } as const
      })
      .filter((change) => !(change.action === 'delete' && !changeExists(change.absolute)))
    applyToDisk(changes, this.#fs)
    // The tree now matches the disk: later commits diff against what this one wrote.
    for (const entry of this.#entries.values()) {
      this.#disk.set(entry.path, entry.content === null ? { kind: 'absent' } : readDisk(resolveOnDisk(this.workspace, entry.path)))
    }
    this.#entries.clear()
    return { ...result, applied: true }
  }
}

function changeExists(absolute: string): boolean {
  return readDisk(absolute).kind === 'file'
}
