/** Errors a change set raises: conflicts a person can resolve (with --force), and failed commits. */
import { CodexError, EXIT } from '../../../core/errors.js'

export interface Conflict {
  /** Workspace-relative path. */
  path: string
  /**
   * `exists`: the generator creates a file that is already there with other content.
   * `changed`: the file changed on disk after the generator read it.
   * `blocked`: the path cannot hold a file (it is a directory, or a parent is a file); --force does not help.
   */
  kind: 'exists' | 'changed' | 'blocked'
  message: string
}

export class ChangeSetConflictError extends CodexError {
  readonly conflicts: Conflict[]
  constructor(conflicts: Conflict[]) {
    const forcible = conflicts.every((c) => c.kind !== 'blocked')
    const list = conflicts.map((c) => `  ${c.path}: ${c.message}`).join('\n')
    const hint = forcible
      ? 'Nothing was written. Run with --dry-run to see the diff, or --force to overwrite.'
      : 'Nothing was written. Move the blocking paths out of the way and run again.'
    super(`${conflicts.length} conflicting file${conflicts.length === 1 ? '' : 's'}:\n${list}\n${hint}`, {
      code: 'conflict',
      exitCode: EXIT.usage,
      httpStatus: 409,
    })
    this.conflicts = conflicts
  }
}

export class ChangeSetCommitError extends CodexError {
  /** Paths that could not be put back as they were (empty when the rollback was complete). */
  readonly unrestored: string[]
  constructor(failedPath: string, cause: unknown, unrestored: string[]) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    const outcome = unrestored.length
      ? `The rollback could not restore: ${unrestored.join(', ')} (look for .codex-*.bak files beside them).`
      : 'Every change was rolled back; the workspace is as it was.'
    super(`Could not write ${failedPath}: ${reason}. ${outcome}`, { code: 'write_failed', exitCode: 70, httpStatus: 500, cause })
    this.unrestored = unrestored
  }
}
