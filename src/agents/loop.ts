/**
 * The agent loop: plan → act with tools → observe → verify. The model plans and calls tools until it
 * answers without a tool call; then the caller's verify step checks the work, and its failures go
 * back to the model as the next message, a bounded number of times. Model calls are capped by the
 * model client's budget (--max-turns, --max-cost); cancellation stops the loop between steps.
 */
import { throwIfCancelled } from '../core/context.js'
import type { RunEventBody } from '../core/events.js'
import type { ModelClient, ModelMessage, ModelResponse } from '../models/index.js'
import { compactMessages } from './compaction.js'
import { runToolCall, type AgentTool } from './tool.js'

export interface Verification {
  passed: boolean
  /** What to tell the model when the work did not pass. */
  feedback: string
}

export interface AgentLoopOptions {
  model: ModelClient
  system: string
  /** The pinned first message: task, requirements, constraints. It survives every compaction. */
  task: string
  tools: readonly AgentTool[]
  /** The model's context window in tokens. */
  contextWindow: number
  /** Most tokens one answer may use; also kept free in the context window. */
  maxOutputTokens?: number
  temperature?: number
  /** How many times the work is verified before giving up (the first try included). */
  maxAttempts: number
  /** Checks the work once the model says it is done. */
  verify(attempt: number): Promise<Verification>
  /**
   * Asked when the model answers without a tool call, before verifying: a message sends it back to
   * work without spending a verification attempt (a model that only planned has nothing to verify
   * yet). At most MAX_NUDGES times a run.
   */
  nudge?(): string | undefined
  emit(event: RunEventBody): void
  signal: AbortSignal
}

export interface AgentLoopResult {
  verified: boolean
  /** Verification rounds run. */
  attempts: number
  /** Model calls made by this loop. */
  modelCalls: number
  toolCalls: number
  /** The model's last answer (its summary of the work). */
  finalText: string
  /** The whole transcript after the pinned task, uncompacted. */
  history: ModelMessage[]
}

const MAX_NUDGES = 2

/** Room for the answer: the configured maximum, but never more than a quarter of a small window. */
export function outputReserve(contextWindow: number, maxOutputTokens: number | undefined): number {
  return Math.min(maxOutputTokens ?? 4096, Math.floor(contextWindow / 4))
}

export async function runAgentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const history: ModelMessage[] = []
  const specs = options.tools.map((t) => t.spec)
  const reserve = outputReserve(options.contextWindow, options.maxOutputTokens)
  let attempt = 1
  let modelCalls = 0
  let toolCalls = 0
  let nudges = 0
  options.emit({ type: 'step.started', step: 'plan', detail: `asking ${options.model.ref} to plan the work` })

  for (;;) {
    throwIfCancelled(options.signal)
    const view = compactMessages({
      system: options.system,
      pinned: options.task,
      history,
      tools: specs,
      budgetTokens: options.contextWindow - reserve,
    })
    if (view.dropped > 0) {
      options.emit({ type: 'progress', step: 'compact', done: view.dropped, total: history.length, item: 'older turns summarized' })
    }
    const response: ModelResponse = await options.model.generate(
      {
        system: options.system,
        messages: view.messages,
        tools: specs,
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        maxTokens: reserve,
      },
      { signal: options.signal },
    )
    modelCalls++
    history.push({ role: 'assistant', content: response.text, ...(response.toolCalls.length ? { toolCalls: response.toolCalls } : {}) })

    if (response.toolCalls.length > 0) {
      for (const call of response.toolCalls) {
        throwIfCancelled(options.signal)
        const tool = options.tools.find((t) => t.spec.name === call.name)
        options.emit({ type: 'step.started', step: 'act', detail: tool ? tool.describe(call.arguments) : call.name })
        const output = await runToolCall(options.tools, call, { signal: options.signal })
        toolCalls++
        history.push({
          role: 'tool',
          toolCallId: call.id,
          toolName: call.name,
          content: output.content,
          ...(output.isError ? { isError: true } : {}),
        })
      }
      continue
    }

    const nudge = nudges < MAX_NUDGES ? options.nudge?.() : undefined
    if (nudge !== undefined) {
      nudges++
      options.emit({ type: 'step.started', step: 'act', detail: 'the model answered without doing the work: asking again' })
      history.push({ role: 'user', content: nudge })
      continue
    }
    options.emit({ type: 'step.started', step: 'verify', detail: `attempt ${attempt} of ${options.maxAttempts}` })
    const verification = await options.verify(attempt)
    if (verification.passed || attempt >= options.maxAttempts) {
      return { verified: verification.passed, attempts: attempt, modelCalls, toolCalls, finalText: response.text, history }
    }
    attempt++
    options.emit({ type: 'step.started', step: 'fix', detail: `attempt ${attempt} of ${options.maxAttempts}: verification failed` })
    history.push({ role: 'user', content: verification.feedback })
  }
}
