/** What the terminal and code_interpreter tools need to run something: the sandbox settings and the approver. */
import type { Approver, ExecutionPolicy, SandboxLimits, SandboxResult } from '../../sandbox/index.js'
import { clip } from '../tool.js'

export interface AgentSandbox {
  /** Absolute path of the folder commands run in (and the only one they may write). */
  workspace: string
  policy: ExecutionPolicy
  limits?: Partial<SandboxLimits>
  backend?: 'auto' | 'bubblewrap' | 'process'
  allowEnv?: readonly string[]
  /** Host folders commands must be able to read although they are not in the workspace (a linked node_modules). */
  readOnlyPaths?: readonly string[]
  /** Decides commands when the approval policy is `ask`. */
  approver?: Approver
  /** Warnings a person should see (running without isolation); reported once each. */
  onWarning?: (warning: string) => void
}

const MAX_STREAM_CHARS = 8000

/** The options every sandboxed tool run shares: where, under which policy and limits, with which approver. */
export function sandboxRunOptions(sandbox: AgentSandbox, signal: AbortSignal) {
  return {
    workspace: sandbox.workspace,
    policy: sandbox.policy,
    signal,
    ...(sandbox.limits ? { limits: sandbox.limits } : {}),
    ...(sandbox.backend ? { backend: sandbox.backend } : {}),
    ...(sandbox.allowEnv ? { allowEnv: sandbox.allowEnv } : {}),
    ...(sandbox.approver ? { approver: sandbox.approver } : {}),
  }
}

/** A sandbox result as the model reads it: exit status, then stdout and stderr, each clipped. */
export function formatRun(result: SandboxResult): string {
  const how = result.timedOut
    ? 'timed out and was killed'
    : result.killedForMemory
      ? 'was killed for using too much memory'
      : result.killedForCpu
        ? 'was killed for using too much CPU time'
        : result.signal
          ? `was killed by ${result.signal}`
          : `exited with code ${result.exitCode}`
  const parts = [`The command ${how}.`]
  if (result.stdout) parts.push(`--- stdout ---\n${clip(result.stdout, MAX_STREAM_CHARS)}`)
  if (result.stderr) parts.push(`--- stderr ---\n${clip(result.stderr, MAX_STREAM_CHARS)}`)
  if (!result.stdout && !result.stderr) parts.push('(no output)')
  return parts.join('\n')
}

export function failed(result: SandboxResult): boolean {
  return result.exitCode !== 0 || result.signal !== null || result.timedOut
}
