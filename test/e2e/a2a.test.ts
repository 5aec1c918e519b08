/**
 * The A2A door over real loopback HTTP: the agent card at /.well-known/agent-card.json read by the
 * official SDK's ClientFactory, and `SendMessage` through the SDK's JSON-RPC client running our
 * capabilities (same findings as POST /api/codex/analyze), with and without an API key.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AgentCard, Role, TaskState, type Message, type Task } from '@a2a-js/sdk'
import { ClientFactory } from '@a2a-js/sdk/client'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CodexConfigSchema } from '../../src/config/schema.js'
import { buildServer } from '../../src/interfaces/http/server.js'
import { ApiKeyStore } from '../../src/store/api-keys.js'

const CODE = 'const cp = require("child_process")\nmodule.exports = (req) => cp.exec("ls " + req.query.dir)\n'

function message(data: Record<string, unknown>, metadata?: Record<string, unknown>): Message {
  return {
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    contextId: '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'data', value: data }, metadata: undefined, filename: '', mediaType: 'application/json' }],
    metadata,
    extensions: [],
    referenceTaskIds: [],
  }
}

async function start(options: { keys?: ApiKeyStore } = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'codex-a2a-'))
  const config = CodexConfigSchema.parse({})
  const app = buildServer({ workspace, config, ...options })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url, workspace }
}

function asTask(result: unknown): Task {
  expect(result).toHaveProperty('status')
  return result as Task
}

describe('A2A without keys (loopback, auth auto)', () => {
  let server: { app: FastifyInstance; url: string }
  beforeAll(async () => {
    server = await start()
  })
  afterAll(async () => {
    await server.app.close()
  })

  it('serves an agent card the SDK reads: skills, JSON-RPC interface, security schemes', async () => {
    const response = await fetch(`${server.url}/.well-known/agent-card.json`)
    expect(response.status).toBe(200)
    const json = (await response.json()) as Record<string, unknown>
    expect(json).toMatchObject({ name: 'Codex Agent', version: expect.any(String) })
    expect(json.securitySchemes).toMatchObject({
      bearer: { httpAuthSecurityScheme: { scheme: 'Bearer' } },
      apiKey: { apiKeySecurityScheme: { location: 'header', name: 'x-api-key' } },
    })
    const card = AgentCard.fromJSON(json)
    expect(card.supportedInterfaces[0]).toMatchObject({ url: `${server.url}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' })
    expect(card.skills.map((s) => s.id)).toEqual(['analyze', 'generate', 'scaffold', 'test'])
    for (const skill of card.skills) {
      expect(skill.description.length).toBeGreaterThan(40)
      expect(skill.examples.length).toBeGreaterThan(0)
      for (const example of skill.examples) expect(JSON.parse(example)).toHaveProperty('skill', skill.id)
    }
    expect(card.defaultInputModes).toContain('application/json')
    expect(card.capabilities?.extensions[0]?.params).toMatchObject({ agent_id: 'codex-agent', execution_environment: 'sandboxed' })
  })

  it('SendMessage runs analyze and returns the report as the completed task artifact', async () => {
    const client = await new ClientFactory().createFromUrl(server.url)
    const result = asTask(
      await client.sendMessage({
        tenant: '',
        message: message({ skill: 'analyze', code: CODE, language: 'javascript' }),
        configuration: undefined,
        metadata: undefined,
      }),
    )
    expect(result.status?.state).toBe(TaskState.TASK_STATE_COMPLETED)
    const part = result.artifacts[0]?.parts[0]
    expect(part?.content?.$case).toBe('data')
    const report = (part?.content as { value: { runId: string; findings: Array<{ ruleId: string; cwe?: string[] }> } }).value
    expect(report.runId).toMatch(/^[0-9a-f-]{36}$/)
    expect(report.findings.length).toBeGreaterThan(0)

    const direct = await fetch(`${server.url}/api/codex/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: CODE, language: 'javascript' }),
    })
    const body = (await direct.json()) as { findings: Array<{ ruleId: string }> }
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(body.findings.map((f) => f.ruleId).sort())

    const fetched = await client.getTask({ tenant: '', id: result.id })
    expect(fetched.status?.state).toBe(TaskState.TASK_STATE_COMPLETED)
  })

  it('takes the skill from the message metadata too, and rejects a message without one', async () => {
    const client = await new ClientFactory().createFromUrl(server.url)
    const ok = asTask(
      await client.sendMessage({
        tenant: '',
        message: message({ code: 'eval(x)', language: 'javascript' }, { skill: 'analyze' }),
        configuration: undefined,
        metadata: undefined,
      }),
    )
    expect(ok.status?.state).toBe(TaskState.TASK_STATE_COMPLETED)

    const rejected = asTask(
      await client.sendMessage({ tenant: '', message: message({ code: 'eval(x)' }), configuration: undefined, metadata: undefined }),
    )
    expect(rejected.status?.state).toBe(TaskState.TASK_STATE_REJECTED)
    const text = rejected.status?.message?.parts[0]?.content
    expect(text).toMatchObject({ $case: 'text', value: expect.stringMatching(/skill/) })
  })

  it('a request the capability refuses (outside the workspace) is a rejected task naming the error', async () => {
    const client = await new ClientFactory().createFromUrl(server.url)
    const task = asTask(
      await client.sendMessage({
        tenant: '',
        message: message({ skill: 'analyze', path: '../../' }),
        configuration: undefined,
        metadata: undefined,
      }),
    )
    expect(task.status?.state).toBe(TaskState.TASK_STATE_REJECTED)
    expect(JSON.stringify(task.status?.message)).toMatch(/outside the workspace/)
  })
})

describe('A2A with an API key', () => {
  let server: { app: FastifyInstance; url: string; workspace: string }
  let keys: ApiKeyStore
  let analyzeOnly: string
  let all: string
  beforeAll(async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'codex-a2a-keys-'))
    keys = await ApiKeyStore.open(join(workspace, '.codex', 'state.db'))
    all = (await keys.create({ name: 'all' })).key
    analyzeOnly = (await keys.create({ name: 'analyze-only', scopes: ['analyze'] })).key
    server = await start({ keys })
  })
  afterAll(async () => {
    await server.app.close()
    await keys.close()
  })

  it('the card stays open; SendMessage needs the key', async () => {
    const client = await new ClientFactory().createFromUrl(server.url)
    const send = (options?: { serviceParameters: Record<string, string> }) =>
      client.sendMessage(
        {
          tenant: '',
          message: message({ skill: 'analyze', code: 'eval(x)', language: 'javascript' }),
          configuration: undefined,
          metadata: undefined,
        },
        options,
      )
    await expect(send()).rejects.toThrow(/401|API key/i)
    const task = asTask(await send({ serviceParameters: { Authorization: `Bearer ${all}` } }))
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED)
  })

  it("a key without the skill's scope gets a rejected task", async () => {
    const client = await new ClientFactory().createFromUrl(server.url)
    const headers = { serviceParameters: { 'x-api-key': analyzeOnly } }
    const scaffold = asTask(
      await client.sendMessage(
        {
          tenant: '',
          message: message({ skill: 'scaffold', kind: 'env-config', dry_run: true }),
          configuration: undefined,
          metadata: undefined,
        },
        headers,
      ),
    )
    expect(scaffold.status?.state).toBe(TaskState.TASK_STATE_REJECTED)
    expect(scaffold.status?.message?.parts[0]?.content).toMatchObject({ $case: 'text', value: expect.stringMatching(/needs "scaffold"/) })
  })
})
