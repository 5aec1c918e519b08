/**
 * GET /metrics over real loopback HTTP: Prometheus text with request counts and durations by route
 * and status, runs by capability and outcome, default process metrics; one registry per server, so
 * two servers in one process count separately. Also the OpenAPI document's security and new routes.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CodexConfigSchema } from '../../src/config/schema.js'
import { buildServer } from '../../src/interfaces/http/server.js'

async function start() {
  const workspace = mkdtempSync(join(tmpdir(), 'codex-metrics-'))
  const app = buildServer({ workspace, config: CodexConfigSchema.parse({}) })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function metrics(url: string) {
  const response = await fetch(`${url}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return response.text()
}

/** The value of one sample line, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue
    const inner = line.slice(name.length + 1, line.indexOf('}'))
    const parts = inner.split(',')
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return undefined
}

describe('GET /metrics', () => {
  let a: { app: FastifyInstance; url: string }
  let b: { app: FastifyInstance; url: string }
  beforeAll(async () => {
    ;[a, b] = await Promise.all([start(), start()])
  })
  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()])
  })

  it('counts requests by route and status, with durations, and runs by capability and outcome', async () => {
    expect((await post(a.url, '/api/codex/analyze', { code: 'eval(x)', language: 'javascript' })).status).toBe(200)
    expect((await post(a.url, '/api/codex/analyze', { code: 'eval(y)', language: 'javascript' })).status).toBe(200)
    expect((await post(a.url, '/api/codex/analyze', { path: 'missing-folder' })).status).toBe(404)
    expect((await post(a.url, '/api/codex/analyze', { analysis_type: 'nonsense', code: 'x' })).status).toBe(400)
    expect((await post(a.url, '/api/codex/scaffold', { kind: 'env-config', environments: ['dev'], dry_run: true })).status).toBe(200)
    expect((await fetch(`${a.url}/api/codex/runs/none`)).status).toBe(404)
    expect((await fetch(`${a.url}/no/such/route`)).status).toBe(404)

    const text = await metrics(a.url)
    const analyze = { method: 'POST', route: '/api/codex/analyze' }
    expect(sample(text, 'codex_http_requests_total', { ...analyze, status: '200' })).toBe(2)
    expect(sample(text, 'codex_http_requests_total', { ...analyze, status: '404' })).toBe(1)
    expect(sample(text, 'codex_http_requests_total', { ...analyze, status: '400' })).toBe(1)
    expect(sample(text, 'codex_http_requests_total', { method: 'GET', route: '/api/codex/runs/:id', status: '404' })).toBe(1)
    expect(sample(text, 'codex_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    expect(sample(text, 'codex_http_request_duration_seconds_count', { ...analyze, status: '200' })).toBe(2)
    expect(sample(text, 'codex_http_request_duration_seconds_sum', { ...analyze, status: '200' })).toBeGreaterThan(0)
    expect(text).toContain('# TYPE codex_http_request_duration_seconds histogram')

    expect(sample(text, 'codex_runs_total', { capability: 'analyze', outcome: 'completed' })).toBe(2)
    expect(sample(text, 'codex_runs_total', { capability: 'analyze', outcome: 'failed' })).toBe(1)
    expect(sample(text, 'codex_runs_total', { capability: 'generate.scaffold', outcome: 'completed' })).toBe(1)
    expect(text).toContain('# TYPE codex_http_rate_limited_total counter')
  })

  it('includes the default process metrics', async () => {
    const text = await metrics(a.url)
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, name).toContain(`# TYPE ${name}`)
    }
  })

  it('each server has its own registry', async () => {
    const text = await metrics(b.url)
    expect(sample(text, 'codex_http_requests_total', { method: 'POST', route: '/api/codex/analyze', status: '200' })).toBeUndefined()
    expect(sample(text, 'codex_runs_total', { capability: 'analyze', outcome: 'completed' })).toBeUndefined()
    // The scrapes of /metrics are themselves counted (after they are served).
    expect(sample(await metrics(b.url), 'codex_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1)
  })
})

describe('GET /openapi.json', () => {
  let server: { app: FastifyInstance; url: string }
  beforeAll(async () => {
    server = await start()
  })
  afterAll(async () => {
    await server.app.close()
  })

  it('declares the API-key schemes, secures /api/* and /a2a, and lists the open routes', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, Record<string, string>>; responses: Record<string, { headers?: object }> }
      paths: Record<
        string,
        Record<string, { security?: unknown[]; responses: Record<string, unknown>; 'x-auth-responses'?: Record<string, unknown> }>
      >
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.securitySchemes.apiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' })
    for (const path of ['/metrics', '/.well-known/agent-card.json', '/a2a', '/healthz', '/openapi.json'])
      expect(doc.paths).toHaveProperty(path)
    for (const path of ['/healthz', '/openapi.json', '/metrics', '/.well-known/agent-card.json'])
      expect(doc.paths[path]!.get!.security).toEqual([])
    for (const [path, op] of [
      ['/api/codex/analyze', 'post'],
      ['/api/codex/runs/{id}', 'get'],
      ['/a2a', 'post'],
    ] as const) {
      const operation = doc.paths[path]![op]!
      expect(operation.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }])
      expect(Object.keys(operation['x-auth-responses'] ?? {})).toEqual(['401', '403', '429'])
    }
    expect(Object.keys(doc.paths['/a2a']!.post!.responses)).toEqual(['200', '401', '403', '429'])
    expect(Object.keys(doc.components.responses)).toEqual(['Unauthorized', 'KeyRefused', 'RateLimited'])
    expect(doc.components.responses.RateLimited!.headers).toHaveProperty('Retry-After')
  })
})
