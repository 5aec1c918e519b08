/**
 * One capability, four doors: the CLI binary, the HTTP API (`serve`, real loopback HTTP), the MCP
 * server (`mcp`, stdio, official SDK client) and the library give the same findings for the same
 * input. Also the HTTP door's refusals: 400 naming the field, 403 outside the workspace, 413.
 */
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../src/index.js'
import { CLI, copyToTemp, REPO, runCli, startServer } from '../helpers/cli.js'

interface FindingLike {
  ruleId: string
  file: string
  line: number
  column: number
  fingerprint: string
}

const key = (f: FindingLike) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.fingerprint}`
const keys = (findings: FindingLike[]) => findings.map(key).sort()

let workspace: string
let server: { url: string; child: ChildProcess }
let cliFindings: string[]

beforeAll(async () => {
  workspace = copyToTemp(join(REPO, 'examples', 'vulnerable-app'))
  const cli = await runCli(['analyze', '--format', 'json', '--fail-on', 'none', '--no-cache'], { cwd: workspace })
  expect(cli.code, cli.stderr).toBe(0)
  cliFindings = keys(JSON.parse(cli.stdout).findings)
  expect(cliFindings.length).toBeGreaterThan(20)
  server = await startServer(workspace)
})

afterAll(() => {
  server?.child.kill()
})

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('the same findings through every door', () => {
  it('library: analyze({ path })', async () => {
    const result = await analyze({ path: '.', cache: false }, { workspace })
    expect(keys(result.findings)).toEqual(cliFindings)
  })

  it('HTTP: POST /api/codex/analyze', async () => {
    const { status, body } = await post('/api/codex/analyze', { path: '.', cache: false })
    expect(status).toBe(200)
    expect(keys(body.findings as FindingLike[])).toEqual(cliFindings)
    expect(body.runId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('MCP: the analyze tool over stdio', async () => {
    const client = new Client({ name: 'doors-test', version: '1.0.0' })
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--workspace', workspace], stderr: 'pipe' }),
    )
    try {
      const tools = await client.listTools()
      const tool = tools.tools.find((t) => t.name === 'analyze')
      expect(tool?.inputSchema.properties).toHaveProperty('analysis_type')
      const result = await client.callTool({ name: 'analyze', arguments: { path: '.', cache: false } })
      expect(result.isError).toBeFalsy()
      const report = result.structuredContent as { findings: FindingLike[] }
      expect(keys(report.findings)).toEqual(cliFindings)
      const bad = await client.callTool({ name: 'analyze', arguments: { path: '../../' } })
      expect(bad.isError).toBe(true)
      expect(JSON.stringify(bad.content)).toMatch(/outside the workspace/)
    } finally {
      await client.close()
    }
  })

  it('the spec body: code + analysis_type + standards + language', async () => {
    const code = "import os\ndef run(name):\n    os.system('tar czf ' + name)\n"
    const body = { code, analysis_type: 'security|performance', standards: ['OWASP'], language: 'python' }
    const http = await post('/api/codex/analyze', body)
    expect(http.status).toBe(200)
    const lib = await analyze(body, { workspace })
    const cli = await runCli(
      [
        'analyze',
        '--code',
        code,
        '--language',
        'python',
        '--type',
        'security,performance',
        '--standards',
        'OWASP',
        '--format',
        'json',
        '--fail-on',
        'none',
      ],
      { cwd: workspace },
    )
    const httpKeys = keys(http.body.findings as FindingLike[])
    expect(httpKeys.length).toBeGreaterThan(0)
    expect(keys(lib.findings)).toEqual(httpKeys)
    expect(keys(JSON.parse(cli.stdout).findings)).toEqual(httpKeys)
    expect(
      (http.body.findings as Array<{ category: string }>).every((f) => f.category === 'security' || f.category === 'performance'),
    ).toBe(true)
  })
})

describe('HTTP door refusals and documents', () => {
  it('400 names the field of a bad body', async () => {
    const bad = await post('/api/codex/analyze', { code: 'x = 1', analysis_type: 'speed' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'analysis_type' })
    const none = await post('/api/codex/analyze', { standards: ['OWASP'] })
    expect(none.status).toBe(400)
    expect(JSON.stringify(none.body)).toMatch(/one of `code`, `files` or `path`/)
    const notJson = await post('/api/codex/analyze', '{"code": ')
    expect(notJson.status).toBe(400)
  })

  it('403 for paths outside the workspace, 404 for missing ones', async () => {
    expect((await post('/api/codex/analyze', { path: '../' })).status).toBe(403)
    expect((await post('/api/codex/analyze', { path: '/etc' })).status).toBe(403)
    expect((await post('/api/codex/analyze', { files: [{ path: '../../evil.js', content: 'eval(x)' }] })).status).toBe(403)
    expect((await post('/api/codex/analyze', { path: 'no/such/dir' })).status).toBe(404)
  })

  it('413 for an oversized body (limit from CODEX_AGENT_SERVER__BODY_LIMIT_BYTES)', async () => {
    const small = await startServer(workspace, [], { CODEX_AGENT_SERVER__BODY_LIMIT_BYTES: '2048' })
    try {
      const response = await fetch(`${small.url}/api/codex/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'x'.repeat(4096) }),
      })
      expect(response.status).toBe(413)
      expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } })
      expect(
        (
          await fetch(`${small.url}/api/codex/analyze`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'x = 1', language: 'python' }),
          })
        ).status,
      ).toBe(200)
    } finally {
      small.child.kill()
    }
  })

  it('serves /healthz, /openapi.json from the zod schemas, SARIF, and the run record', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' })
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { schemas: { AnalyzeRequest: { properties: Record<string, unknown> } } }
    }
    expect(Object.keys(openapi.components.schemas.AnalyzeRequest.properties)).toEqual(
      expect.arrayContaining(['code', 'files', 'path', 'analysis_type', 'standards', 'language']),
    )
    const sarif = await post('/api/codex/analyze?format=sarif', { code: 'eval(userInput)', language: 'javascript' })
    expect(sarif.body).toMatchObject({ version: '2.1.0' })
    const run = await post('/api/codex/analyze', { code: 'eval(userInput)', language: 'javascript' })
    const record = (await (await fetch(`${server.url}/api/codex/runs/${run.body.runId as string}`)).json()) as {
      status: string
      findings: unknown[]
    }
    expect(record.status).toBe('completed')
    expect(record.findings.length).toBe((run.body.findings as unknown[]).length)
    const events = await (await fetch(`${server.url}/api/codex/runs/${run.body.runId as string}/events`)).text()
    expect(events).toMatch(/^event: run\.started/)
    expect(events).toContain('event: run.completed')
  })
})
