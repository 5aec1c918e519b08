/** The approval gate: decides, before a command runs, whether it runs and with which policy. */
import { SandboxError } from '../core/errors.js'
import { exceedsPolicy, widenPolicy, type Escalation, type ExecutionPolicy } from './policy.js'

export interface ApprovalRequest {
  command: string
  args: readonly string[]
  cwd: string
  /** The policy in force. */
  policy: ExecutionPolicy
  /** What the command asks for beyond the policy, if anything. */
  escalation?: Escalation
  /** Why the escalation exceeds the policy; empty when the command stays within it. */
  exceeds: string[]
}

export type ApprovalDecision = 'approve' | 'deny'

/** Decides one request; approving grants the escalation for this command only. */
export type Approver = (request: ApprovalRequest) => ApprovalDecision | Promise<ApprovalDecision>

/** A command was not allowed to run; nothing was started. */
export class ApprovalDeniedError extends SandboxError {
  readonly request: ApprovalRequest
  constructor(message: string, request: ApprovalRequest) {
    super(message)
    this.request = request
  }
}

/** Returns the policy the command runs with, or throws `ApprovalDeniedError` / `SandboxError`. */
export async function gateCommand(request: Omit<ApprovalRequest, 'exceeds'>, approver: Approver | undefined): Promise<ExecutionPolicy> {
  const full: ApprovalRequest = { ...request, exceeds: exceedsPolicy(request.policy, request.escalation) }
  const shown = [request.command, ...request.args].join(' ')
  if (request.policy.approval === 'never') {
    if (full.exceeds.length > 0) {
      throw new ApprovalDeniedError(
        `Refused to run \`${shown}\`: it ${full.exceeds.join(' and ')}, and the approval policy is "never". ` +
          'Widen the policy (sandbox.policy / sandbox.network in .codex/config.yml) or set sandbox.approval: ask.',
        full,
      )
    }
    return request.policy
  }
  if (approver === undefined) {
    throw new SandboxError(
      `The approval policy is "ask" but nothing can answer: pass an approver, or set sandbox.approval: never to run within the policy.`,
    )
  }
  const decision = await approver(full)
  if (decision !== 'approve') throw new ApprovalDeniedError(`The approver denied \`${shown}\`.`, full)
  return widenPolicy(request.policy, request.escalation)
}
