/**
 * API keys on the HTTP API, over real loopback HTTP: `codex-agent keys create|list|revoke` (the
 * built binary) against a running `codex-agent serve`; 401 naming the fix, 403 for a revoked key or
 * a missing scope, 429 with Retry-After and RateLimit-* headers, the open routes, `server.auth`
 * modes, keys stored only hashed, and request logs that never show a key.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CodexConfigSchema, type CodexConfigInput } from '../../src/config/schema.js'
import { buildServer } from '../../src/interfaces/http/server.js'
import { ApiKeyStore } from '../../src/store/api-keys.js'
import { runCli, startServer } from '../helpers/cli.js'

const ANALYZE = { code: 'eval(userInput)', language: 'javascript' }

/** `body: null` sends a GET. */
async function call(url: string, path: string, headers: Record<string, string> = {}, body: unknown = ANALYZE) {
  const response = await fetch(`${url}${path}`, {
    method: body === null ? 'GET' : 'POST',
    headers: { ...(body === null ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === null ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {}
  try {
    json = JSON.parse(text)
  } catch {
    // text endpoints (/metrics)
  }
  return { status: response.status, headers: response.headers, json, text }
}

async function createKey(cwd: string, ...args: string[]): Promise<string> {
  const result = await runCli(['keys', 'create', ...args], { cwd })
  expect(result.code, result.stderr).toBe(0)
  return result.stdout.trim()
}

describe('keys through the CLI against a running server', () => {
  let workspace: string
  let server: { url: string; child: ChildProcess }
  let key: string

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'codex-auth-'))
    server = await startServer(workspace)
  })
  afterAll(() => {
    server?.child.kill()
  })

  it('with no key on loopback the API is open, as before', async () => {
    const { status, json } = await call(server.url, '/api/codex/analyze')
    expect(status).toBe(200)
    expect(json.runId).toBeTruthy()
  })

  it('keys create prints the key once, alone on stdout; the running server then asks for it', async () => {
    const result = await runCli(['keys', 'create', '--name', 'ci'], { cwd: workspace })
    expect(result.code, result.stderr).toBe(0)
    key = result.stdout.trim()
    expect(key).toMatch(/^cxa_[A-Za-z0-9_-]{43}$/)
    expect(result.stderr).toMatch(/shown this once/)
    expect(result.stderr).not.toContain(key)

    const missing = await call(server.url, '/api/codex/analyze')
    expect(missing.status).toBe(401)
    expect(missing.json.error?.code).toBe('unauthorized')
    expect(missing.json.error?.message).toMatch(/Authorization: Bearer <key>.*codex-agent keys create/)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)

    const wrong = await call(server.url, '/api/codex/analyze', { authorization: `Bearer cxa_${'A'.repeat(43)}` })
    expect(wrong.status).toBe(401)
    expect(wrong.json.error?.code).toBe('invalid_api_key')
    expect(wrong.text).not.toContain('AAAAAAAA')

    const bearer = await call(server.url, '/api/codex/analyze', { authorization: `Bearer ${key}` })
    expect(bearer.status).toBe(200)
    expect(bearer.headers.get('ratelimit-limit')).toBe('120')
    expect(Number(bearer.headers.get('ratelimit-remaining'))).toBeLessThan(120)
    const header = await call(server.url, '/api/codex/analyze', { 'x-api-key': key })
    expect(header.status).toBe(200)
    const run = await call(server.url, `/api/codex/runs/${header.json.runId as string}`, { 'x-api-key': key }, null)
    expect(run.status).toBe(200)
  })

  it('/healthz, /openapi.json, /metrics and the agent card stay open', async () => {
    for (const path of ['/healthz', '/openapi.json', '/metrics', '/.well-known/agent-card.json']) {
      expect((await call(server.url, path, {}, null)).status, path).toBe(200)
    }
    expect((await call(server.url, '/api/codex/runs/nope', {}, null)).status).toBe(401)
    expect((await call(server.url, '/a2a', {}, { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } })).status).toBe(401)
  })

  it('keys list shows name, id, prefix, use and limit, never the key; the store holds only a hash', async () => {
    const list = await runCli(['keys', 'list'], { cwd: workspace })
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/ci\s+cxa_\S{8}…\s+active/)
    expect(list.stdout).toMatch(/last used 20\d\d-/)
    expect(list.stdout).toContain('limit 120/minute (default)')
    expect(list.stdout).not.toContain(key)
    const json = await runCli(['--json', 'keys', 'list'], { cwd: workspace })
    const records = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    expect(records[0]).toMatchObject({ name: 'ci', prefix: key.slice(0, 12), scopes: ['*'], rateLimit: null, revokedAt: null })
    expect(JSON.stringify(records)).not.toContain(key.slice(12))
    for (const file of ['state.db', 'state.db-wal']) {
      const path = join(workspace, '.codex', file)
      if (existsSync(path)) expect(readFileSync(path).includes(key.slice(12)), file).toBe(false)
    }
  })

  it('a key without the scope gets 403 on other endpoints', async () => {
    const scoped = await createKey(workspace, '--name', 'analyze-only', '--scopes', 'analyze')
    expect((await call(server.url, '/api/codex/analyze', { authorization: `Bearer ${scoped}` })).status).toBe(200)
    const refused = await call(server.url, '/api/codex/test', { authorization: `Bearer ${scoped}` }, { code: 'export const f = () => 1' })
    expect(refused.status).toBe(403)
    expect(refused.json.error?.code).toBe('insufficient_scope')
    const bad = await runCli(['keys', 'create', '--scopes', 'everything'], { cwd: workspace })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Invalid scope "everything"/)
  })

  it('over the per-key rate limit: 429 with Retry-After and RateLimit-* headers, counted in /metrics', async () => {
    const limited = await createKey(workspace, '--name', 'slow', '--rate-limit', '2/minute')
    const headers = { authorization: `Bearer ${limited}` }
    expect((await call(server.url, '/api/codex/analyze', headers)).status).toBe(200)
    const second = await call(server.url, '/api/codex/analyze', headers)
    expect(second.status).toBe(200)
    expect(second.headers.get('ratelimit-remaining')).toBe('0')
    const third = await call(server.url, '/api/codex/analyze', headers)
    expect(third.status).toBe(429)
    expect(third.json.error?.code).toBe('rate_limited')
    expect(third.json.error?.message).toMatch(/2\/minute/)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(30)
    expect(third.headers.get('ratelimit-limit')).toBe('2')
    expect(third.headers.get('ratelimit-policy')).toBe('2;w=60')
    // Another key is not affected.
    expect((await call(server.url, '/api/codex/analyze', { 'x-api-key': key })).status).toBe(200)
    const metrics = await call(server.url, '/metrics', {}, null)
    expect(metrics.text).toMatch(/codex_http_rate_limited_total\{key_id="[0-9a-f]{12}"\} 1/)
    expect(metrics.text).toMatch(/codex_http_requests_total\{method="POST",route="\/api\/codex\/analyze",status="429"\} 1/)
    const bad = await runCli(['keys', 'create', '--rate-limit', '5/fortnight'], { cwd: workspace })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Invalid rate limit "5\/fortnight"/)
  })

  it('keys revoke: the key gets 403 from then on', async () => {
    const list = JSON.parse((await runCli(['--json', 'keys', 'list'], { cwd: workspace })).stdout) as Array<{ id: string; name: string }>
    const id = list.find((k) => k.name === 'ci')!.id
    const revoked = await runCli(['keys', 'revoke', id.slice(0, 6)], { cwd: workspace })
    expect(revoked.code, revoked.stderr).toBe(0)
    const refused = await call(server.url, '/api/codex/analyze', { authorization: `Bearer ${key}` })
    expect(refused.status).toBe(403)
    expect(refused.json.error?.code).toBe('api_key_revoked')
    expect((await runCli(['keys', 'revoke', 'ffffffffffff'], { cwd: workspace })).code).toBe(2)
  })
})

describe('server.auth modes and logs (in-process server, real loopback HTTP)', () => {
  const started: Array<{ close(): Promise<unknown> }> = []
  afterAll(async () => {
    for (const s of started) await s.close()
  })

  async function serve(server: CodexConfigInput['server'], options: { withKey?: boolean; log?: string[] } = {}) {
    const workspace = mkdtempSync(join(tmpdir(), 'codex-auth-mode-'))
    const keys = await ApiKeyStore.open(join(workspace, '.codex', 'state.db'))
    const key = options.withKey ? (await keys.create({ name: 'k' })).key : undefined
    const config = CodexConfigSchema.parse({ server })
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        options.log?.push(String(chunk))
        done()
      },
    })
    const app = buildServer({ workspace, config, keys, logStream })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    started.push(app, keys)
    return { url, key }
  }

  it('required: 401 even with no key yet, saying none exists', async () => {
    const { url } = await serve({ auth: 'required' })
    const response = await call(url, '/api/codex/analyze')
    expect(response.status).toBe(401)
    expect(response.json.error?.message).toMatch(/No key exists yet\. Create a key on the server with `codex-agent keys create/)
  })

  it('auto: a server configured for a non-loopback host asks for a key even before one exists', async () => {
    const { url } = await serve({ host: '0.0.0.0' })
    expect((await call(url, '/api/codex/analyze')).status).toBe(401)
    expect((await call(url, '/healthz', {}, null)).status).toBe(200)
  })

  it('off: no key asked even when keys exist', async () => {
    const { url } = await serve({ auth: 'off' }, { withKey: true })
    expect((await call(url, '/api/codex/analyze')).status).toBe(200)
  })

  it('request logs (server.log_requests) never contain the key', async () => {
    const log: string[] = []
    const { url, key } = await serve({ log_requests: true }, { withKey: true, log })
    expect((await call(url, '/api/codex/analyze', { authorization: `Bearer ${key!}` })).status).toBe(200)
    expect((await call(url, '/api/codex/analyze', { 'x-api-key': key! })).status).toBe(200)
    expect((await call(url, '/api/codex/analyze', { authorization: `Bearer ${key!}x` })).status).toBe(401)
    const text = log.join('')
    expect(text).toMatch(/"url":"\/api\/codex\/analyze"/)
    expect(text).toMatch(/"authorization":"\[redacted\]"/)
    expect(text).toMatch(/"x-api-key":"\[redacted\]"/)
    expect(text).not.toContain(key!.slice(4))
  })

  it('a project config file sets the mode for `serve`', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'codex-auth-config-'))
    mkdirSync(join(workspace, '.codex'))
    writeFileSync(join(workspace, '.codex', 'config.yml'), 'server:\n  auth: required\n')
    const server = await startServer(workspace)
    try {
      expect((await call(server.url, '/api/codex/analyze')).status).toBe(401)
    } finally {
      server.child.kill()
    }
  })
})
