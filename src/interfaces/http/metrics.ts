/**
 * GET /metrics (Prometheus text format, prom-client): requests by route and status, their duration,
 * runs by capability and outcome, refused requests (auth, rate limit), and the default process
 * metrics. One registry per server, so several servers in one process do not share counters.
 */
import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { RunEvent } from '../../core/events.js'

export class HttpMetrics {
  readonly registry = new Registry()
  readonly requests = new Counter({
    name: 'codex_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  })
  readonly duration = new Histogram({
    name: 'codex_http_request_duration_seconds',
    help: 'HTTP request duration in seconds by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  })
  readonly runs = new Counter({
    name: 'codex_runs_total',
    help: 'Capability runs started over HTTP, by capability and outcome (completed, failed)',
    labelNames: ['capability', 'outcome'] as const,
    registers: [this.registry],
  })
  readonly rateLimited = new Counter({
    name: 'codex_http_rate_limited_total',
    help: 'Requests refused with 429 by the per-key rate limit, by key id',
    labelNames: ['key_id'] as const,
    registers: [this.registry],
  })
  readonly authFailures = new Counter({
    name: 'codex_http_auth_failures_total',
    help: 'Requests refused by API key checks, by reason (missing, invalid, revoked, scope)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry })
  }

  /** An event sink for a run's context: counts the run's outcome by capability. */
  runObserver(): (event: RunEvent) => void {
    let capability = 'unknown'
    return (event) => {
      if (event.type === 'run.started') capability = event.capability
      else if (event.type === 'run.completed') this.runs.inc({ capability, outcome: 'completed' })
      else if (event.type === 'run.failed') this.runs.inc({ capability, outcome: 'failed' })
    }
  }
}

export function registerMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }
    metrics.requests.inc(labels)
    metrics.duration.observe(labels, reply.elapsedTime / 1000)
  })
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
