/** The Store interface: runs, their events (the audit trail) and findings. SQLite is the embedded default. */
import type { RunEvent } from '../core/events.js'

export type RunStatus = 'running' | 'completed' | 'failed'

export interface RunRecord {
  id: string
  capability: string
  status: RunStatus
  workspace: string
  request: unknown
  summary: Record<string, unknown> | null
  startedAt: string
  finishedAt: string | null
}

export interface StoredFinding {
  ruleId: string
  severity: string
  category: string
  file: string
  line: number
  message: string
  fingerprint: string
}

export interface Store {
  startRun(run: { id: string; capability: string; request: unknown; workspace: string }): Promise<void>
  /** Synchronous so `emit` stays cheap; implementations buffer and write at finishRun. */
  appendEvent(event: RunEvent): void
  finishRun(id: string, outcome: { status: Exclude<RunStatus, 'running'>; summary: Record<string, unknown> }): Promise<void>
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>
  getRun(id: string): Promise<(RunRecord & { events: RunEvent[]; findings: StoredFinding[] }) | undefined>
  close(): Promise<void>
}
