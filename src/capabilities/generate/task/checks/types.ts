/** What a verification check gets and reports. */
import type { CodeStyle, TaskLanguage } from '../../../../agents/index.js'
import type { ExecutionPolicy, SandboxLimits } from '../../../../sandbox/index.js'

export type CheckStatus = 'passed' | 'failed' | 'skipped'

export interface CheckResult {
  /** Short id: `syntax`, `ruff`, `tsc`, `tests`... */
  name: string
  /** How it was checked, for the report (`python3 -m py_compile`, `ruff (in-process)`). */
  tool: string
  status: CheckStatus
  /** Output of a failed check, normalized (no temp paths, no timings) and clipped. */
  output?: string
  /** Why a check was skipped. */
  reason?: string
}

export interface CheckInput {
  language: TaskLanguage
  /** Absolute path of the staging folder the checks run in. */
  dir: string
  /** The generated files (relative POSIX paths, deleted ones excluded), sorted. */
  files: string[]
  /** The generated files that are tests. */
  tests: string[]
  maxLines?: number
  style?: CodeStyle
  /** The workspace, where the project's own tools (typescript, @types/node, vitest) are looked for first. */
  workspace: string
  sandbox: {
    policy: ExecutionPolicy
    limits: Partial<SandboxLimits>
    backend: 'auto' | 'bubblewrap' | 'process'
    allowEnv: readonly string[]
    /** Host folders the checks must be able to read (a linked node_modules). */
    readOnlyPaths?: readonly string[]
  }
  signal: AbortSignal
  /** Sandbox warnings (no isolation) for the report. */
  onWarning(warning: string): void
}
