/** Store on embedded SQLite (libSQL) at `.codex/state.db`. */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createClient, type Client, type InStatement } from '@libsql/client'
import type { RunEvent } from '../core/events.js'
import type { RunRecord, Store, StoredFinding } from './store.js'

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS runs (
     id TEXT PRIMARY KEY, capability TEXT NOT NULL, status TEXT NOT NULL, workspace TEXT NOT NULL,
     request TEXT NOT NULL, summary TEXT, started_at TEXT NOT NULL, finished_at TEXT)`,
  `CREATE TABLE IF NOT EXISTS events (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
     type TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, seq))`,
  `CREATE TABLE IF NOT EXISTS findings (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, rule_id TEXT NOT NULL,
     severity TEXT NOT NULL, category TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
     message TEXT NOT NULL, fingerprint TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS runs_started ON runs(started_at DESC)`,
  `CREATE INDEX IF NOT EXISTS findings_run ON findings(run_id)`,
]

function toRecord(row: Record<string, unknown>): RunRecord {
  return {
    id: String(row.id),
    capability: String(row.capability),
    status: row.status as RunRecord['status'],
    workspace: String(row.workspace),
    request: JSON.parse(String(row.request)),
    summary: row.summary == null ? null : (JSON.parse(String(row.summary)) as Record<string, unknown>),
    startedAt: String(row.started_at),
    finishedAt: row.finished_at == null ? null : String(row.finished_at),
  }
}

export class SqliteStore implements Store {
  private readonly pending = new Map<string, RunEvent[]>()
  private constructor(private readonly client: Client) {}

  static async open(file: string): Promise<SqliteStore> {
    mkdirSync(dirname(file), { recursive: true })
    const client = createClient({ url: pathToFileURL(file).href })
    await client.execute('PRAGMA journal_mode = WAL')
    await client.execute('PRAGMA busy_timeout = 5000')
    await client.batch(SCHEMA, 'write')
    return new SqliteStore(client)
  }

  async startRun(run: { id: string; capability: string; request: unknown; workspace: string }): Promise<void> {
    this.pending.set(run.id, [])
    await this.client.execute({
      sql: 'INSERT INTO runs (id, capability, status, workspace, request, started_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [run.id, run.capability, 'running', run.workspace, JSON.stringify(run.request), new Date().toISOString()],
    })
  }

  appendEvent(event: RunEvent): void {
    const list = this.pending.get(event.runId)
    if (list) list.push(event)
  }

  async finishRun(id: string, outcome: { status: 'completed' | 'failed'; summary: Record<string, unknown> }): Promise<void> {
    const events = this.pending.get(id) ?? []
    this.pending.delete(id)
    const statements: InStatement[] = [
      {
        sql: 'UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ?',
        args: [outcome.status, JSON.stringify(outcome.summary), new Date().toISOString(), id],
      },
    ]
    events.forEach((event, seq) => {
      statements.push({
        sql: 'INSERT INTO events (run_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)',
        args: [id, seq, event.type, event.at, JSON.stringify(event)],
      })
      if (event.type === 'finding') {
        const f = event.finding
        statements.push({
          sql: 'INSERT INTO findings (run_id, rule_id, severity, category, file, line, message, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          args: [id, f.ruleId, f.severity, f.category, f.file, f.line, f.message, f.fingerprint],
        })
      }
    })
    await this.client.batch(statements, 'write')
  }

  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    const result = await this.client.execute({
      sql: 'SELECT * FROM runs ORDER BY started_at DESC LIMIT ?',
      args: [options.limit ?? 20],
    })
    return result.rows.map((row) => toRecord(row as unknown as Record<string, unknown>))
  }

  async getRun(id: string): Promise<(RunRecord & { events: RunEvent[]; findings: StoredFinding[] }) | undefined> {
    const runs = await this.client.execute({ sql: 'SELECT * FROM runs WHERE id = ? OR id LIKE ?', args: [id, `${id}%`] })
    const row = runs.rows[0]
    if (!row || runs.rows.length > 1) return undefined
    const record = toRecord(row as unknown as Record<string, unknown>)
    const events = await this.client.execute({ sql: 'SELECT body FROM events WHERE run_id = ? ORDER BY seq', args: [record.id] })
    const findings = await this.client.execute({
      sql: 'SELECT rule_id, severity, category, file, line, message, fingerprint FROM findings WHERE run_id = ? ORDER BY file, line',
      args: [record.id],
    })
    return {
      ...record,
      events: events.rows.map((r) => JSON.parse(String(r.body)) as RunEvent),
      findings: findings.rows.map((r) => ({
        ruleId: String(r.rule_id),
        severity: String(r.severity),
        category: String(r.category),
        file: String(r.file),
        line: Number(r.line),
        message: String(r.message),
        fingerprint: String(r.fingerprint),
      })),
    }
  }

  async close(): Promise<void> {
    this.client.close()
  }
}
