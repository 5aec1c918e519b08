#!/usr/bin/env node
// Scaffold benchmark: time per `codex-agent generate <kind>`, in process (the capability, as HTTP and
// MCP call it) and through the CLI binary (what a person waits for), against Hygen, a template-only
// scaffolder, rendering one file through its CLI in the same run. See bench/README.md, "## generate".
//
// Each scaffold is timed cold and warm. Cold: a fresh project, no `.codex/cache` and an empty user
// cache (XDG_CACHE_HOME points at a new empty folder), so nothing a previous run left helps; this is
// the figure the 1 s target is about. Warm: a fresh project again, but with the `.codex/cache` and user
// cache a previous run of the same scaffold left behind (a person's second run).
//
//   node bench/generate/run.mjs [--runs N] [--no-build] [--no-peer] [--cli PATH] [--only kind,kind] [--match text]
import { execFileSync } from 'node:child_process'
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median, run } from '../analyze/lib/proc.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work', 'generate')
const HYGEN_VERSION = '6.2.11'
const SCAFFOLD_DATA = join(ROOT, 'test', 'generate-scaffolds')
const E2E_DATA = join(ROOT, 'test', 'e2e', 'scaffold-data')

function parseArgs(argv) {
  const o = {
    runs: 5,
    build: true,
    peer: true,
    cli: join(ROOT, 'dist', 'interfaces', 'cli', 'main.js'),
    only: undefined,
    match: undefined,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]))
    else if (a === '--no-build') o.build = false
    else if (a === '--no-peer') o.peer = false
    else if (a === '--cli') o.cli = resolve(argv[++i])
    else if (a === '--only') o.only = argv[++i].split(',')
    else if (a === '--match') o.match = argv[++i]
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/generate/run.mjs [--runs N] [--no-build] [--no-peer] [--cli PATH] [--only kind,kind] [--match text]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

const log = (...a) => console.error('[bench]', ...a)

/** A TypeScript project as `tsc --init` with NodeNext would have it (the test matrix's "node" flavour). */
const NODE_TSCONFIG = JSON.parse(readFileSync(join(ROOT, 'test', 'generate-scaffolds', 'tsconfig.node.json'), 'utf8'))

/** A project whose type and schema modules fixtures are made from: zod and typescript installed (the repo's node_modules linked in). */
const TYPED_PROJECT = {
  project: {
    'package.json': { name: 'app', type: 'module', dependencies: { zod: '4' }, devDependencies: { typescript: '5' } },
    'tsconfig.json': NODE_TSCONFIG,
  },
  modules: true,
  copy: { 'src/types.ts': 'e2e:types.ts', 'src/address.ts': 'e2e:address.ts', 'src/schemas.ts': 'e2e:schemas.ts' },
}

/**
 * The scaffolds timed: each with the project files it needs, its request, and the same as CLI flags.
 * `copy` maps project paths to files of test/generate-scaffolds/ (or test/e2e/scaffold-data/ with an
 * `e2e:` prefix); `@PG_URL@` is a database on the PostgreSQL server this script starts.
 */
const CASES = [
  {
    id: 'api-route (next, POST, auth+rate-limit+validation)',
    kind: 'api-route',
    project: { 'package.json': { name: 'app', dependencies: { next: '16', zod: '4' } } },
    request: { kind: 'api-route', path: 'app/api/analytics/route.ts', method: 'POST', auth: 'required', rate_limit: '30/minute' },
    args: ['api-route', '--path', 'app/api/analytics/route.ts', '--method', 'POST', '--auth', 'required', '--rate-limit', '30/minute'],
  },
  {
    id: 'api-route (express, GET, validation)',
    kind: 'api-route',
    project: { 'package.json': { name: 'app', dependencies: { express: '5', zod: '4' } } },
    request: { kind: 'api-route', path: 'src/routes/posts.ts', method: 'GET', fields: ['page:int', 'tag?:string'] },
    args: ['api-route', '--path', 'src/routes/posts.ts', '--method', 'GET', '--fields', 'page:int,tag?:string'],
  },
  {
    id: 'api-route (fastify, POST, auth+validation)',
    kind: 'api-route',
    project: { 'package.json': { name: 'app', dependencies: { fastify: '5', zod: '4' } } },
    request: { kind: 'api-route', path: 'src/routes/posts.ts', method: 'POST', auth: 'required', fields: ['title:string', 'url?:url'] },
    args: ['api-route', '--path', 'src/routes/posts.ts', '--method', 'POST', '--auth', 'required', '--fields', 'title:string,url?:url'],
  },
  {
    id: 'api-route (hono, PUT, rate-limit+validation)',
    kind: 'api-route',
    project: { 'package.json': { name: 'app', dependencies: { hono: '4', zod: '4' } } },
    request: { kind: 'api-route', path: 'src/routes/posts.ts', method: 'PUT', rate_limit: '10/second', fields: ['id:uuid', 'body:string'] },
    args: ['api-route', '--path', 'src/routes/posts.ts', '--method', 'PUT', '--rate-limit', '10/second', '--fields', 'id:uuid,body:string'],
  },
  {
    id: 'component (PostCard, framer-motion, responsive)',
    kind: 'component',
    project: { 'package.json': { name: 'app', dependencies: { next: '16', react: '19', 'framer-motion': '12' } } },
    request: { kind: 'component', name: 'PostCard', features: ['typescript', 'framer-motion', 'responsive'] },
    args: ['component', '--name', 'PostCard', '--type', 'functional', '--features', 'typescript,framer-motion,responsive'],
  },
  {
    id: 'types (SQLite file: 5 tables, 1 view)',
    kind: 'types',
    project: { 'package.json': { name: 'app' } },
    sqlite: 'app.db',
    request: { kind: 'types', from: 'app.db', output: 'lib/database.types.ts' },
    args: ['types', '--from', 'app.db', '--output', 'lib/database.types.ts'],
  },
  {
    id: 'types (.sql DDL file)',
    kind: 'types',
    project: { 'package.json': { name: 'app' } },
    copy: { 'db/schema.sql': 'schema.sql' },
    request: { kind: 'types', from: 'db/schema.sql', output: 'lib/database.types.ts' },
    args: ['types', '--from', 'db/schema.sql', '--output', 'lib/database.types.ts'],
  },
  {
    id: 'types (postgres:// URL: enums, domain, view)',
    kind: 'types',
    postgres: true,
    project: { 'package.json': { name: 'app' } },
    request: { kind: 'types', from: '@PG_URL@', output: 'lib/database.types.ts' },
    args: ['types', '--from', '@PG_URL@', '--output', 'lib/database.types.ts'],
  },
  {
    id: 'migration (SQLite, rebuild + rename, proved up/down)',
    kind: 'migration',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schema.sql': 'schema.sql', 'schema-next.sql': 'schema-next.sql' },
    request: { kind: 'migration', from: 'schema.sql', to: 'schema-next.sql', renames: ['posts.body:content'] },
    args: ['migration', '--from', 'schema.sql', '--to', 'schema-next.sql', '--renames', 'posts.body:content'],
  },
  {
    id: 'migration (PostgreSQL DDL files, own throwaway server, proved up/down)',
    kind: 'migration',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schema.sql': 'e2e:pg-schema.sql', 'schema-next.sql': 'e2e:pg-schema-next.sql' },
    request: { kind: 'migration', dialect: 'postgres', from: 'schema.sql', to: 'schema-next.sql', renames: ['posts.body:content'] },
    args: ['migration', '--dialect', 'postgres', '--from', 'schema.sql', '--to', 'schema-next.sql', '--renames', 'posts.body:content'],
  },
  {
    id: 'fixtures (SQLite table: posts × 100 + users, checked on SQLite)',
    kind: 'fixtures',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schema.sql': 'schema.sql' },
    request: { kind: 'fixtures', type: 'posts', count: 100, seed: 42 },
    args: ['fixtures', '--type', 'posts', '--count', '100', '--seed', '42'],
  },
  {
    id: 'fixtures (postgres:// table: posts × 100, SQL)',
    kind: 'fixtures',
    postgres: true,
    project: { 'package.json': { name: 'app' } },
    request: { kind: 'fixtures', from: '@PG_URL@', type: 'posts', count: 100, seed: 42, format: 'sql' },
    args: ['fixtures', '--from', '@PG_URL@', '--type', 'posts', '--count', '100', '--seed', '42', '--format', 'sql'],
  },
  {
    id: 'fixtures (TypeScript type: Post × 30, typechecked)',
    kind: 'fixtures',
    ...TYPED_PROJECT,
    request: { kind: 'fixtures', from: 'src/types.ts', type: 'Post', count: 30, seed: 3, format: 'ts' },
    args: ['fixtures', '--from', 'src/types.ts', '--type', 'Post', '--count', '30', '--seed', '3', '--format', 'ts'],
  },
  {
    id: 'fixtures (zod schema in .ts: PostSchema × 40, parsed in the sandbox)',
    kind: 'fixtures',
    ...TYPED_PROJECT,
    request: { kind: 'fixtures', from: 'src/schemas.ts', type: 'PostSchema', count: 40, seed: 7 },
    args: ['fixtures', '--from', 'src/schemas.ts', '--type', 'PostSchema', '--count', '40', '--seed', '7'],
  },
  {
    id: 'fixtures (JSON Schema: Post × 50)',
    kind: 'fixtures',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schemas/post.schema.json': 'e2e:post.schema.json' },
    request: { kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', count: 50, seed: 42 },
    args: ['fixtures', '--from', 'schemas/post.schema.json', '--type', 'Post', '--count', '50', '--seed', '42'],
  },
  {
    id: 'env-config (dev,staging,prod, --secure)',
    kind: 'env-config',
    project: { 'package.json': { name: 'app', dependencies: { pg: '8' } } },
    request: { kind: 'env-config', environments: ['dev', 'staging', 'prod'], secure: true },
    args: ['env-config', '--environments', 'dev,staging,prod', '--secure'],
  },
  {
    id: 'ci-cd (github-actions, schema-checked)',
    kind: 'ci-cd',
    project: {
      'package.json': { name: 'app', scripts: { lint: 'eslint .', test: 'vitest run', build: 'tsc', deploy: 'node deploy.js' } },
      'package-lock.json': '{}',
    },
    request: { kind: 'ci-cd', platform: 'github-actions', steps: ['test', 'build', 'deploy'] },
    args: ['ci-cd', '--platform', 'github-actions', '--steps', 'test,build,deploy'],
  },
  {
    id: 'ci-cd (gitlab, schema-checked)',
    kind: 'ci-cd',
    project: { 'package.json': { name: 'app', scripts: { test: 'vitest run', build: 'tsc' } }, 'pnpm-lock.yaml': 'lockfileVersion: 9\n' },
    request: { kind: 'ci-cd', platform: 'gitlab' },
    args: ['ci-cd', '--platform', 'gitlab'],
  },
  {
    id: 'pipeline (TypeScript, daily 2am, Next + libsql)',
    kind: 'pipeline',
    project: { 'package.json': { name: 'app', dependencies: { next: '16', '@libsql/client': '*' } } },
    request: {
      kind: 'pipeline',
      name: 'daily-analytics',
      source: 'posts table',
      transform: 'aggregate by platform',
      schedule: 'daily 2am',
    },
    args: [
      'pipeline',
      '--name',
      'daily-analytics',
      '--source',
      'posts table',
      '--transform',
      'aggregate by platform',
      '--schedule',
      'daily 2am',
    ],
  },
  {
    id: 'pipeline (Python, uv project, hourly)',
    kind: 'pipeline',
    project: { 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n' },
    request: {
      kind: 'pipeline',
      language: 'python',
      name: 'hourly-rollup',
      source: 'events table',
      transform: 'aggregate by type',
      schedule: 'hourly',
    },
    args: [
      'pipeline',
      '--language',
      'python',
      '--name',
      'hourly-rollup',
      '--source',
      'events table',
      '--transform',
      'aggregate by type',
      '--schedule',
      'hourly',
    ],
  },
]

// ---------------------------------------------------------------------------------------------
// A PostgreSQL server for the scaffolds that read a live database (types, fixtures from a URL):
// initdb into bench/.work, a Unix socket only, stopped at the end. The migration scaffold starts
// its own throwaway server and is timed with that, as a person without a server would wait for it.

function findPostgresBin(name) {
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      const bin = join(root, version, 'bin', name)
      if (existsSync(bin)) return bin
    }
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name)
  return undefined
}

async function startPostgres() {
  const initdb = findPostgresBin('initdb')
  const pgCtl = findPostgresBin('pg_ctl')
  if (!initdb || !pgCtl) throw new Error('PostgreSQL (initdb, pg_ctl) is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'codex-bench-pg-'))
  const asRoot = userInfo().uid === 0
  const user = asRoot ? 'postgres' : userInfo().username
  const exec = (bin, args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' }) : execFileSync(bin, args, { stdio: 'pipe' })
  if (asRoot) {
    const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' })))
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  exec(initdb, ['-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  exec(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-k ${dir} -c listen_addresses='' -c fsync=off`, 'start'])
  const { default: pg } = await import(pathToFileURL(join(ROOT, 'node_modules', 'pg', 'lib', 'index.js')).href)
  const url = (db) => `postgresql://${user}@localhost/${db}?host=${encodeURIComponent(dir)}`
  const admin = new pg.Client({ connectionString: url('postgres') })
  await admin.connect()
  await admin.query('CREATE DATABASE bench')
  await admin.end()
  const client = new pg.Client({ connectionString: url('bench') })
  await client.connect()
  await client.query(readFileSync(join(E2E_DATA, 'pg-schema.sql'), 'utf8'))
  await client.end()
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      exec(pgCtl, ['-D', data, '-m', 'immediate', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  // Also when the run ends early (Ctrl-C, a closed pipe, an uncaught error): no server is left behind.
  process.once('exit', stop)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130))
  return { url: url('bench'), stop }
}

// ---------------------------------------------------------------------------------------------

let pgUrl
const withUrl = (value) =>
  typeof value === 'string' ? value.replaceAll('@PG_URL@', pgUrl ?? '') : Array.isArray(value) ? value.map(withUrl) : value
const requestOf = (spec) => Object.fromEntries(Object.entries(spec.request).map(([k, v]) => [k, withUrl(v)]))

async function makeProject(spec, cacheFrom) {
  mkdirSync(WORK, { recursive: true })
  const dir = mkdtempSync(join(WORK, 'project-'))
  for (const [file, content] of Object.entries(spec.project)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  for (const [to, from] of Object.entries(spec.copy ?? {})) {
    mkdirSync(dirname(join(dir, to)), { recursive: true })
    cpSync(from.startsWith('e2e:') ? join(E2E_DATA, from.slice(4)) : join(SCAFFOLD_DATA, from), join(dir, to))
  }
  if (spec.modules) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  if (spec.sqlite) {
    const { createClient } = await import(pathToFileURL(join(ROOT, 'node_modules', '@libsql', 'client', 'lib-esm', 'node.js')).href)
    const db = createClient({ url: `file:${join(dir, spec.sqlite)}` })
    await db.executeMultiple(readFileSync(join(SCAFFOLD_DATA, 'schema.sql'), 'utf8'))
    db.close()
  }
  // Warm: what an earlier run of the same scaffold left in the project's cache.
  if (cacheFrom && existsSync(join(cacheFrom, '.codex', 'cache')))
    cpSync(join(cacheFrom, '.codex', 'cache'), join(dir, '.codex', 'cache'), { recursive: true })
  return dir
}

/** An empty user cache (XDG_CACHE_HOME) for a cold run. */
function freshUserCache() {
  mkdirSync(WORK, { recursive: true })
  return mkdtempSync(join(WORK, 'user-cache-'))
}

function removeAll(...dirs) {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}

/**
 * User caches are removed once a scaffold's runs are over: a cold migration run keeps its initdb
 * output there through a detached copy that may still be writing when the run returns.
 */
const userCaches = []
/** A second run comes some time after the first: long enough for what the first keeps in the background. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500))
async function removeUserCaches() {
  await settle()
  for (const dir of userCaches.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
}

async function inProcess(spec, dist, runs) {
  const { runScaffold, ScaffoldRequest } = await import(pathToFileURL(join(dist, 'capabilities', 'generate', 'scaffolds', 'index.js')).href)
  const { createContext } = await import(pathToFileURL(join(dist, 'core', 'context.js')).href)
  const { loadConfig } = await import(pathToFileURL(join(dist, 'config', 'load.js')).href)
  const once = async (dir) => {
    const ctx = createContext({ workspace: dir, config: loadConfig({ cwd: dir }).config })
    const started = performance.now()
    const result = await runScaffold(ScaffoldRequest.parse(requestOf(spec)), ctx)
    return { ms: performance.now() - started, files: result.files.filter((f) => f.action !== 'unchanged').length }
  }
  const saved = process.env.XDG_CACHE_HOME
  const cold = []
  const warm = []
  let files = 0
  try {
    // Cold: fresh project and user cache each time. The first run also loads the modules the scaffold needs (logged, not counted).
    for (let i = 0; i < runs + 1; i++) {
      const userCache = freshUserCache()
      process.env.XDG_CACHE_HOME = userCache
      const dir = await makeProject(spec)
      const r = await once(dir)
      files = r.files
      if (i > 0) cold.push(r.ms)
      else log(`${spec.id}: first in-process run (module loading included) ${r.ms.toFixed(1)} ms`)
      removeAll(dir)
      userCaches.push(userCache)
    }
    // Warm: one run primes the caches; each timed run is a fresh project with that project cache copied in.
    const userCache = freshUserCache()
    process.env.XDG_CACHE_HOME = userCache
    const primed = await makeProject(spec)
    await once(primed)
    await settle()
    for (let i = 0; i < runs; i++) {
      const dir = await makeProject(spec, primed)
      warm.push((await once(dir)).ms)
      removeAll(dir)
    }
    removeAll(primed)
    userCaches.push(userCache)
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME
    else process.env.XDG_CACHE_HOME = saved
  }
  return { files, cold: stats(cold), warm: stats(warm) }
}

const stats = (times) => ({ medianMs: median(times), maxMs: Math.max(...times) })

async function throughCli(spec, cli, runs) {
  const once = async (dir, userCache) => {
    const r = await run(process.execPath, [cli, '--no-store', 'generate', ...withUrl(spec.args)], {
      cwd: dir,
      timeoutMs: 60_000,
      env: { ...process.env, XDG_CACHE_HOME: userCache },
    })
    if (r.code !== 0) throw new Error(`${spec.id}: CLI exited ${r.code}: ${r.stderr.slice(-500)}`)
    cpu.push(r.cpuMs)
    return r.ms
  }
  const cpu = []
  const cold = []
  for (let i = 0; i < runs; i++) {
    const userCache = freshUserCache()
    const dir = await makeProject(spec)
    cold.push(await once(dir, userCache))
    removeAll(dir)
    userCaches.push(userCache)
  }
  // CPU time (user + sys, the process tree) of the cold runs: what the machine's other load does not change.
  const coldCpu = median(cpu)
  const userCache = freshUserCache()
  const primed = await makeProject(spec)
  await once(primed, userCache)
  await settle()
  const warm = []
  for (let i = 0; i < runs; i++) {
    const dir = await makeProject(spec, primed)
    warm.push(await once(dir, userCache))
    removeAll(dir)
  }
  removeAll(primed)
  userCaches.push(userCache)
  return { cold: stats(cold), warm: stats(warm), coldCpu }
}

/** Hygen renders one EJS template through its CLI: the floor of a template scaffolder's wait. */
async function hygen(runs) {
  const peers = join(WORK, 'peers')
  const bin = join(peers, 'node_modules', 'hygen', 'dist', 'bin.js')
  if (!existsSync(bin)) {
    mkdirSync(peers, { recursive: true })
    writeFileSync(join(peers, 'package.json'), JSON.stringify({ name: 'generate-bench-peers', private: true }))
    log(`installing hygen@${HYGEN_VERSION}`)
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `hygen@${HYGEN_VERSION}`], { cwd: peers, stdio: 'ignore' })
  }
  const template = join(WORK, 'hygen-template')
  rmSync(template, { recursive: true, force: true })
  mkdirSync(join(template, '_templates', 'route', 'new'), { recursive: true })
  writeFileSync(
    join(template, '_templates', 'route', 'new', 'route.ejs.t'),
    "---\nto: app/api/<%= name %>/route.ts\n---\nexport async function POST(request: Request): Promise<Response> {\n  return Response.json({ ok: true, route: '<%= name %>' })\n}\n",
  )
  const times = []
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(WORK, 'hygen-'))
    cpSync(join(template, '_templates'), join(dir, '_templates'), { recursive: true })
    const r = await run(process.execPath, [bin, 'route', 'new', '--name', 'analytics'], {
      cwd: dir,
      timeoutMs: 60_000,
      env: { ...process.env, HYGEN_TMPLS: join(dir, '_templates') },
    })
    if (r.code !== 0 || !existsSync(join(dir, 'app/api/analytics/route.ts'))) throw new Error(`hygen failed: ${r.stderr.slice(-300)}`)
    times.push(r.ms)
    rmSync(dir, { recursive: true, force: true })
  }
  return stats(times)
}

const opts = parseArgs(process.argv.slice(2))
const loadAtStart = loadavg()[0]
if (opts.build && !existsSync(opts.cli)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
const dist = resolve(dirname(opts.cli), '..', '..')
// Keep the Hygen install between runs; everything else under WORK is per run.
for (const entry of existsSync(WORK) ? readdirSync(WORK) : [])
  if (entry !== 'peers') rmSync(join(WORK, entry), { recursive: true, force: true })
const selected = CASES.filter((c) => (!opts.only || opts.only.includes(c.kind)) && (!opts.match || c.id.includes(opts.match)))
let server
if (selected.some((c) => c.postgres)) {
  try {
    server = await startPostgres()
    pgUrl = server.url
  } catch (error) {
    log(`skipping the postgres:// cases: ${error.message}`)
  }
}
const rows = []
try {
  for (const spec of selected) {
    if (spec.postgres && !pgUrl) continue
    const lib = await inProcess(spec, dist, opts.runs)
    const cli = await throughCli(spec, opts.cli, opts.runs)
    await removeUserCaches()
    rows.push({ id: spec.id, kind: spec.kind, files: lib.files, lib, cli })
    log(
      `${spec.id}: in-process ${lib.cold.medianMs.toFixed(1)} ms (warm ${lib.warm.medianMs.toFixed(1)}), CLI cold ${cli.cold.medianMs.toFixed(0)} / max ${cli.cold.maxMs.toFixed(0)} ms, warm ${cli.warm.medianMs.toFixed(0)} ms`,
    )
  }
} finally {
  server?.stop()
}
let peer
if (opts.peer) {
  try {
    peer = await hygen(opts.runs)
  } catch (error) {
    log(`peer skipped: ${error.message}`)
  }
}

const load = `load average ${loadavg()[0].toFixed(1)} at the end, ${loadAtStart.toFixed(1)} at the start`
const date = new Date().toISOString().slice(0, 10)
const ms = (s, digits = 0) => `${s.medianMs.toFixed(digits)} / ${s.maxMs.toFixed(digits)}`
console.log(
  `\n## generate: time per scaffold (${date}, Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${load}, median / max of ${opts.runs} runs, ms)\n`,
)
console.log(
  '| scaffold | files | in process, cold | in process, warm | CLI, cold | CLI, warm | CLI cold, CPU | cold CLI ÷ Hygen | under 1 s (cold max) |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|:---:|')
for (const r of rows) {
  const ratio = peer ? `${(r.cli.cold.medianMs / peer.medianMs).toFixed(1)}×` : ''
  console.log(
    `| ${r.id} | ${r.files} | ${ms(r.lib.cold, 1)} | ${ms(r.lib.warm, 1)} | ${ms(r.cli.cold)} | ${ms(r.cli.warm)} | ${r.cli.coldCpu.toFixed(0)} | ${ratio} | ${r.cli.cold.maxMs < 1000 ? 'yes' : 'NO'} |`,
  )
}
if (peer)
  console.log(
    `| peer: Hygen ${HYGEN_VERSION}, one EJS template, CLI | 1 | | | ${ms(peer)} | | | 1.0× | ${peer.maxMs < 1000 ? 'yes' : 'NO'} |`,
  )
writeFileSync(
  join(WORK, `results-${date}.json`),
  JSON.stringify({ date, node: process.version, load, runs: opts.runs, rows, peer }, null, 2),
)
rmSync(join(WORK, 'hygen-template'), { recursive: true, force: true })
if (rows.some((r) => r.cli.cold.maxMs >= 1000)) process.exitCode = 1
