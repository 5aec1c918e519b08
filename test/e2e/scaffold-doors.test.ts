/**
 * The scaffold capability through every door — the CLI binary, POST /api/codex/scaffold (`serve
 * --port 0`, real loopback HTTP), the MCP `scaffold` tool (stdio, the official SDK client) and
 * `import { scaffold }` — gives the same result and writes the same files for the same request.
 * And what remote callers may not do: 400 naming the field, 403 for paths outside the workspace,
 * .env files and database URLs, and no secret value in any response, run record or event.
 */
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scaffold } from '../../src/index.js'
import { makeProject, type TempProject } from '../generate-scaffolds/helpers.js'
import { CLI, runCli, startServer } from '../helpers/cli.js'

const DATA = join(import.meta.dirname, 'scaffold-data')
type Result = Record<string, unknown> & { files: { path: string; action: string }[]; diff: string; verified: string[]; notes: string[] }

/** A fresh project with the schemas the requests read; one per door, so every door starts from the same files. */
function workspace(): TempProject {
  const project = makeProject({ flavour: 'node', dependencies: ['zod', 'pg'] })
  mkdirSync(join(project.dir, 'schemas'))
  mkdirSync(join(project.dir, 'db'))
  copyFileSync(join(DATA, 'post.schema.json'), join(project.dir, 'schemas', 'post.schema.json'))
  copyFileSync(join(DATA, 'pg-schema.sql'), join(project.dir, 'db', 'schema.sql'))
  copyFileSync(join(DATA, 'pg-schema-next.sql'), join(project.dir, 'db', 'schema-next.sql'))
  return project
}

/** The files a result says were written, with their content as found in `dir`. */
function written(dir: string, result: Result): Record<string, string> {
  return Object.fromEntries(result.files.map((f) => [f.path, readFileSync(join(dir, f.path), 'utf8')]))
}

function withoutRunId(result: Record<string, unknown>): Result {
  const { runId: _runId, ...rest } = result
  return rest as Result
}

const REQUESTS: { name: string; request: { kind: string } & Record<string, unknown>; flags: string[] }[] = [
  {
    name: 'fixtures from a JSON Schema',
    request: { kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', count: 5, seed: 9 },
    flags: ['fixtures', '--from', 'schemas/post.schema.json', '--type', 'Post', '--count', '5', '--seed', '9'],
  },
  {
    name: 'a Postgres migration (proved on a throwaway server)',
    request: {
      kind: 'migration',
      dialect: 'postgres',
      from: 'db/schema.sql',
      to: 'db/schema-next.sql',
      name: 'v2',
      renames: ['posts.body:content'],
    },
    flags: [
      'migration',
      '--dialect',
      'postgres',
      '--from',
      'db/schema.sql',
      '--to',
      'db/schema-next.sql',
      '--name',
      'v2',
      '--renames',
      'posts.body:content',
    ],
  },
  {
    name: 'env-config with generated secrets',
    request: { kind: 'env-config', environments: ['dev', 'prod'], secure: true, test: false },
    flags: ['env-config', '--environments', 'dev,prod', '--secure', '--no-test'],
  },
]

const projects: TempProject[] = []
let http: { url: string; child: ChildProcess; project: TempProject }
let mcp: { client: Client; project: TempProject }

beforeAll(async () => {
  const httpProject = workspace()
  projects.push(httpProject)
  http = { ...(await startServer(httpProject.dir)), project: httpProject }
  const mcpProject = workspace()
  projects.push(mcpProject)
  const client = new Client({ name: 'scaffold-doors', version: '1.0.0' })
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--workspace', mcpProject.dir], stderr: 'pipe' }),
  )
  mcp = { client, project: mcpProject }
}, 60_000)

afterAll(async () => {
  http?.child.kill()
  await mcp?.client.close()
  for (const project of projects) project.remove()
})

async function post(body: unknown, url = http.url) {
  const response = await fetch(`${url}/api/codex/scaffold`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; field?: string; message: string } },
  }
}

async function callTool(args: Record<string, unknown>) {
  const result = await mcp.client.callTool({ name: 'scaffold', arguments: args })
  return {
    isError: result.isError === true,
    text: JSON.stringify(result.content),
    structured: result.structuredContent as Record<string, unknown> | undefined,
  }
}

describe('the same scaffold through every door', () => {
  for (const { name, request, flags } of REQUESTS) {
    it(
      name,
      async () => {
        const cliProject = workspace()
        const libProject = workspace()
        projects.push(cliProject, libProject)

        const cli = await runCli(['--json', 'generate', ...flags], { cwd: cliProject.dir })
        expect(cli.code, cli.stderr).toBe(0)
        const fromCli = JSON.parse(cli.stdout) as Result
        const fromLibrary = (await scaffold(request, { workspace: libProject.dir })) as unknown as Result
        const viaHttp = await post(request)
        expect(viaHttp.status, JSON.stringify(viaHttp.body)).toBe(200)
        expect(viaHttp.body.runId).toMatch(/^[0-9a-f-]{36}$/)
        const viaMcp = await callTool(request)
        expect(viaMcp.isError, viaMcp.text).toBe(false)

        expect(fromCli.applied).toBe(true)
        expect(fromCli.verified.length).toBeGreaterThan(0)
        for (const other of [fromLibrary, withoutRunId(viaHttp.body), withoutRunId(viaMcp.structured!)]) {
          // Generated secrets differ run to run, but a diff shows only their length, so even the diffs are equal.
          expect(other).toEqual(fromCli)
        }
        const files = written(cliProject.dir, fromCli)
        expect(Object.keys(files).length).toBeGreaterThan(0)
        for (const dir of [libProject.dir, http.project.dir, mcp.project.dir]) {
          const theirs = written(dir, fromCli)
          for (const [path, content] of Object.entries(theirs)) {
            if (/^\.env\.(dev|prod)$/.test(path))
              expect(content.replace(/=\S{43}$/gm, '=<secret>')).toBe(files[path]!.replace(/=\S{43}$/gm, '=<secret>'))
            else expect(content, path).toBe(files[path])
          }
        }
      },
      120_000,
    )
  }
})

describe('what remote callers may not do', () => {
  it('400 names the field; the MCP tool refuses the same input', async () => {
    const count = await post({ kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', count: 'many' })
    expect(count.status).toBe(400)
    expect(count.body.error).toMatchObject({ code: 'invalid_input', field: 'count' })
    const kind = await post({ kind: 'widget' })
    expect(kind.status).toBe(400)
    expect(kind.body.error).toMatchObject({ field: 'kind' })
    const dialect = await post({ kind: 'migration', from: 'db/schema.sql', to: 'db/schema-next.sql', dialect: 'oracle' })
    expect(dialect.body.error).toMatchObject({ field: 'dialect' })
    expect((await post('[1]')).status).toBe(400)
    const mcpCount = await callTool({ kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', count: 'many' })
    expect(mcpCount.isError).toBe(true)
    expect(mcpCount.text).toMatch(/count/)
    const mcpType = await callTool({ kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Nope' })
    expect(mcpType.isError).toBe(true)
    expect(mcpType.text).toContain('invalid_input: schemas/post.schema.json has no definition Nope.')
  })

  it('403 for a source or an output outside the workspace, through a link, in .git or .codex, and for .env files', async () => {
    for (const project of [http.project, mcp.project]) {
      symlinkSync('/etc', join(project.dir, 'etc-link'))
      project.write('.env.prod', 'DATABASE_URL=postgres://admin:hunter2secret@db.internal/prod\n')
    }
    const refused = [
      { kind: 'types', from: '../outside.db' },
      { kind: 'fixtures', from: '/etc/passwd', type: 'x' },
      { kind: 'fixtures', from: 'etc-link/hostname', type: 'x' },
      { kind: 'migration', from: '../../etc/schema.sql', to: 'db/schema.sql' },
      { kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', output: '../escaped.json' },
      { kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', output: '.codex/templates/fixtures/x.tpl' },
      { kind: 'fixtures', from: '.env.prod', type: 'x' },
    ]
    for (const body of refused) {
      const response = await post(body)
      expect(response.status, JSON.stringify(body)).toBe(403)
      expect(JSON.stringify(response.body)).not.toContain('hunter2secret')
      const tool = await callTool(body)
      expect(tool.isError, JSON.stringify(body)).toBe(true)
      expect(tool.text).toMatch(/path_outside_workspace|path_forbidden|secret_file/)
      expect(tool.text).not.toContain('hunter2secret')
    }
    expect(readdirSync(http.project.dir)).not.toContain('escaped.json')
    expect(() => statSync(join(http.project.dir, '.codex/templates'))).toThrow()
    const cli = await runCli(['generate', 'types', '--from', '../outside.db'], { cwd: http.project.dir })
    expect(cli.code).toBe(2)
    expect(cli.stderr).toMatch(/outside the workspace/)
  })

  it('403 for a database URL unless the operator allows it', async () => {
    const url = 'postgres://admin:hunter2secret@127.0.0.1:1/prod'
    for (const body of [
      { kind: 'types', from: url },
      { kind: 'migration', from: 'db/schema.sql', to: 'db/schema-next.sql', shadow_url: url },
      { kind: 'fixtures', from: url, type: 'posts' },
    ]) {
      const response = await post(body)
      expect(response.status).toBe(403)
      expect(response.body.error).toMatchObject({ code: 'database_url_forbidden' })
      expect(JSON.stringify(response.body)).not.toContain('hunter2secret')
      const tool = await callTool(body)
      expect(tool.isError).toBe(true)
      expect(tool.text).toContain('database_url_forbidden')
    }
    const allowed = await startServer(http.project.dir, [], { CODEX_AGENT_SCAFFOLD_ALLOW_DATABASE_URLS: '1' })
    try {
      // Allowed, the request goes through and fails only for want of a database there.
      const response = await post({ kind: 'types', from: url }, allowed.url)
      expect(response.status).toBe(400)
      expect(response.body.error?.message).toMatch(/^Could not connect to 127\.0\.0\.1:1/)
      expect(JSON.stringify(response.body)).not.toContain('hunter2secret')
    } finally {
      allowed.child.kill()
    }
  }, 60_000)

  it('never returns or records a secret value: generated, kept, or already in the file', async () => {
    const project = workspace()
    projects.push(project)
    project.write(
      '.env.prod',
      'DATABASE_URL=postgres://admin:hunter2secret@db.internal/prod\nSTRIPE_SECRET=sk_live_abcdefghijklmnopqrstuvwxyz\n',
    )
    const server = await startServer(project.dir)
    let stderr = ''
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    try {
      const bodies: string[] = []
      const request = { kind: 'env-config', environments: ['dev', 'prod'], secure: true, variables: ['STRIPE_SECRET:secret'] }
      for (const body of [{ ...request, dry_run: true }, request]) {
        const response = await fetch(`${server.url}/api/codex/scaffold`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        expect(response.status).toBe(200)
        const text = await response.text()
        bodies.push(text)
        const runId = (JSON.parse(text) as { runId: string }).runId
        bodies.push(await (await fetch(`${server.url}/api/codex/runs/${runId}`)).text())
        bodies.push(await (await fetch(`${server.url}/api/codex/runs/${runId}/events`)).text())
      }
      const result = JSON.parse(bodies[3]!) as Result
      expect(result.diff).toContain('+SESSION_SECRET=<secret, 43 characters>')
      expect(result.diff).toContain(' DATABASE_URL=<redacted, 47 characters>')
      const secrets = [
        'hunter2secret',
        'sk_live_abcdefghijklmnopqrstuvwxyz',
        ...['dev', 'prod'].flatMap((env) =>
          readFileSync(join(project.dir, `.env.${env}`), 'utf8')
            .split('\n')
            .filter((line) => /SECRET=/.test(line))
            .map((line) => line.split('=')[1]!),
        ),
      ]
      expect(secrets.length).toBeGreaterThanOrEqual(4)
      for (const secret of secrets) {
        for (const body of bodies) expect(body).not.toContain(secret)
        expect(stderr).not.toContain(secret)
      }
    } finally {
      server.child.kill()
    }
  }, 60_000)

  it('is described in /openapi.json, and listed as an MCP tool with every option', async () => {
    const openapi = (await (await fetch(`${http.url}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { description?: string; responses: Record<string, unknown> } }>
      components: { schemas: { ScaffoldRequest: { oneOf: { properties: { kind: { const: string } } }[] } } }
    }
    const path = openapi.paths['/api/codex/scaffold']!.post!
    expect(Object.keys(path.responses)).toEqual(['200', '400', '403', '409', '422'])
    expect(path.description).toMatch(/POST \/api\/codex\/generate takes the spec's free-form task body/)
    expect(openapi.components.schemas.ScaffoldRequest.oneOf.map((o) => o.properties.kind.const)).toEqual([
      'api-route',
      'env-config',
      'ci-cd',
      'component',
      'types',
      'migration',
      'fixtures',
      'pipeline',
    ])
    const tool = (await mcp.client.listTools()).tools.find((t) => t.name === 'scaffold')!
    expect(tool.inputSchema.properties).toMatchObject({ kind: { enum: expect.arrayContaining(['migration', 'fixtures']) } })
    expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['path', 'from', 'to', 'dialect', 'shadow_url', 'seed', 'dry_run']),
    )
  })
})
