/** RunEvent: the one versioned event protocol every capability emits and every door renders. */
import type { Diagnostic, Finding } from './finding.js'

export const EVENT_VERSION = 1

interface EventBase {
  v: typeof EVENT_VERSION
  runId: string
  /** ISO timestamp. */
  at: string
}

export type RunEventBody =
  | { type: 'run.started'; capability: string; request: unknown }
  | { type: 'step.started'; step: string; detail?: string }
  | { type: 'progress'; step: string; done: number; total: number; item?: string }
  | { type: 'finding'; finding: Finding }
  | { type: 'diagnostic'; diagnostic: Diagnostic }
  | { type: 'artifact'; path: string; kind: string; bytes?: number }
  | { type: 'model.call'; model: string; inputTokens: number; outputTokens: number; costUsd: number; cacheHit: boolean }
  | { type: 'approval.requested'; action: string; detail: string }
  | { type: 'run.completed'; summary: Record<string, unknown> }
  | { type: 'run.failed'; error: { code: string; message: string } }

export type RunEvent = EventBase & RunEventBody
export type RunEventType = RunEvent['type']
export type EventSink = (event: RunEvent) => void
