/** The change-set mechanism shared by every generator and codemod: a virtual tree, diffs, an atomic commit. */
export {
  ChangeSet,
  type ChangeAction,
  type ChangeSetOptions,
  type CommitOptions,
  type CommitResult,
  type FileSummary,
  type WriteOptions,
} from './change-set.js'
export { realCommitFs, type CommitFs } from './commit.js'
export { ChangeSetCommitError, ChangeSetConflictError, type Conflict } from './errors.js'
export { unifiedDiff } from './diff.js'
