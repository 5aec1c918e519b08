/**
 * The agent's approver: every command the sandbox asks about is announced as an
 * `approval.requested` event, then decided by the door's approver (a person at a terminal), or
 * denied when the door has no one to ask.
 */
import type { RunEventBody } from '../core/events.js'
import type { ApprovalRequest, Approver } from '../sandbox/index.js'

export interface AgentApproverOptions {
  emit: (event: RunEventBody) => void
  /** Decides; absent when the door cannot ask anyone (HTTP, MCP, a non-interactive CLI). */
  decide?: Approver
}

export function describeApproval(request: ApprovalRequest): string {
  const command = [request.command, ...request.args].map((part) => (/[\s"'$`\\]/.test(part) ? JSON.stringify(part) : part)).join(' ')
  const needs = request.exceeds.length ? `; it ${request.exceeds.join(' and ')}` : ''
  const why = request.escalation?.justification ? ` (${request.escalation.justification})` : ''
  return `${command}${needs}${why}`
}

export function createAgentApprover(options: AgentApproverOptions): Approver {
  return async (request) => {
    options.emit({ type: 'approval.requested', action: 'run_command', detail: describeApproval(request) })
    if (!options.decide) return 'deny'
    return options.decide(request)
  }
}
