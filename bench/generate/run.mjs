#!/usr/bin/env node
// Scaffold benchmark: time per `codex-agent generate <kind>`, in process (the capability, as HTTP and
// MCP call it) and through the CLI binary (what a person waits for), against Hygen, a template-only
// scaffolder, rendering one file through its CLI in the same run. See bench/README.md, "## generate".
//
//   node bench/generate/run.mjs [--runs N] [--no-build] [--no-peer] [--cli PATH] [--only kind,kind]
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median, run } from '../analyze/lib/proc.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work', 'generate')
const HYGEN_VERSION = '6.2.11'

function parseArgs(argv) {
  const o = { runs: 7, build: true, peer: true, cli: join(ROOT, 'dist', 'interfaces', 'cli', 'main.js'), only: undefined }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]))
    else if (a === '--no-build') o.build = false
    else if (a === '--no-peer') o.peer = false
    else if (a === '--cli') o.cli = resolve(argv[++i])
    else if (a === '--only') o.only = argv[++i].split(',')
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/generate/run.mjs [--runs N] [--no-build] [--no-peer] [--cli PATH] [--only kind,kind]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

const log = (...a) => console.error('[bench]', ...a)

/** The scaffolds timed: each with the project files it needs, its request, and the same as CLI flags. */
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
    id: 'ci-cd (gitlab)',
    kind: 'ci-cd',
    project: { 'package.json': { name: 'app', scripts: { test: 'vitest run', build: 'tsc' } }, 'pnpm-lock.yaml': 'lockfileVersion: 9\n' },
    request: { kind: 'ci-cd', platform: 'gitlab' },
    args: ['ci-cd', '--platform', 'gitlab'],
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
    id: 'migration (SQLite, rebuild + rename, proved up/down)',
    kind: 'migration',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schema.sql': 'schema.sql', 'schema-next.sql': 'schema-next.sql' },
    request: { kind: 'migration', from: 'schema.sql', to: 'schema-next.sql', renames: ['posts.body:content'] },
    args: ['migration', '--from', 'schema.sql', '--to', 'schema-next.sql', '--renames', 'posts.body:content'],
  },
  {
    id: 'fixtures (posts × 100 + users, checked on SQLite)',
    kind: 'fixtures',
    project: { 'package.json': { name: 'app' } },
    copy: { 'schema.sql': 'schema.sql' },
    request: { kind: 'fixtures', type: 'posts', count: 100, seed: 42 },
    args: ['fixtures', '--type', 'posts', '--count', '100', '--seed', '42'],
  },
  {
    id: 'pipeline (daily 2am, Next + libsql)',
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
]

async function makeProject(spec) {
  mkdirSync(WORK, { recursive: true })
  const dir = mkdtempSync(join(WORK, 'project-'))
  for (const [file, content] of Object.entries(spec.project))
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content))
  for (const [to, from] of Object.entries(spec.copy ?? {})) cpSync(join(ROOT, 'test', 'generate-scaffolds', from), join(dir, to))
  if (spec.sqlite) {
    const { createClient } = await import(pathToFileURL(join(ROOT, 'node_modules', '@libsql', 'client', 'lib-esm', 'node.js')).href)
    const db = createClient({ url: `file:${join(dir, spec.sqlite)}` })
    await db.executeMultiple(readFileSync(join(ROOT, 'test', 'generate-scaffolds', 'schema.sql'), 'utf8'))
    db.close()
  }
  return dir
}

async function inProcess(spec, dist, runs) {
  const { runScaffold, ScaffoldRequest } = await import(pathToFileURL(join(dist, 'capabilities', 'generate', 'scaffolds', 'index.js')).href)
  const { createContext } = await import(pathToFileURL(join(dist, 'core', 'context.js')).href)
  const { loadConfig } = await import(pathToFileURL(join(dist, 'config', 'load.js')).href)
  const times = []
  let files = 0
  for (let i = 0; i < runs + 1; i++) {
    const dir = await makeProject(spec)
    const ctx = createContext({ workspace: dir, config: loadConfig({ cwd: dir }).config })
    const started = performance.now()
    const result = await runScaffold(ScaffoldRequest.parse(spec.request), ctx)
    const ms = performance.now() - started
    files = result.files.filter((f) => f.action !== 'unchanged').length
    if (i > 0) times.push(ms)
    else log(`${spec.id}: first (cold) in-process run ${ms.toFixed(1)} ms`)
    rmSync(dir, { recursive: true, force: true })
  }
  return { medianMs: median(times), maxMs: Math.max(...times), files }
}

async function throughCli(spec, cli, runs) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const dir = await makeProject(spec)
    const r = await run(process.execPath, [cli, '--no-store', 'generate', ...spec.args], { cwd: dir, timeoutMs: 60_000 })
    if (r.code !== 0) throw new Error(`${spec.id}: CLI exited ${r.code}: ${r.stderr.slice(-500)}`)
    times.push(r.ms)
    rmSync(dir, { recursive: true, force: true })
  }
  return { medianMs: median(times), maxMs: Math.max(...times) }
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
  return { medianMs: median(times), maxMs: Math.max(...times) }
}

const opts = parseArgs(process.argv.slice(2))
if (opts.build && !existsSync(opts.cli)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
const dist = resolve(dirname(opts.cli), '..', '..')
rmSync(WORK, { recursive: true, force: true })
const rows = []
for (const spec of CASES.filter((c) => !opts.only || opts.only.includes(c.kind))) {
  const lib = await inProcess(spec, dist, opts.runs)
  const cli = await throughCli(spec, opts.cli, opts.runs)
  rows.push({ id: spec.id, files: lib.files, lib, cli })
  log(`${spec.id}: in-process ${lib.medianMs.toFixed(1)} ms, CLI ${cli.medianMs.toFixed(0)} ms`)
}
let peer
if (opts.peer) {
  try {
    peer = await hygen(opts.runs)
  } catch (error) {
    log(`peer skipped: ${error.message}`)
  }
}

const date = new Date().toISOString().slice(0, 10)
console.log(
  `\n## generate: time per scaffold (${date}, Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, median of ${opts.runs} runs)\n`,
)
console.log('| scaffold | files | in process (median / max) | CLI end to end (median / max) | under 1 s |')
console.log('|---|---:|---:|---:|:---:|')
for (const r of rows) {
  const ok = r.cli.maxMs < 1000 ? 'yes' : 'NO'
  console.log(
    `| ${r.id} | ${r.files} | ${r.lib.medianMs.toFixed(1)} ms / ${r.lib.maxMs.toFixed(1)} ms | ${r.cli.medianMs.toFixed(0)} ms / ${r.cli.maxMs.toFixed(0)} ms | ${ok} |`,
  )
}
if (peer)
  console.log(
    `| peer: Hygen ${HYGEN_VERSION}, one EJS template, CLI | 1 | | ${peer.medianMs.toFixed(0)} ms / ${peer.maxMs.toFixed(0)} ms | ${peer.maxMs < 1000 ? 'yes' : 'NO'} |`,
  )
writeFileSync(join(WORK, `results-${date}.json`), JSON.stringify({ date, node: process.version, runs: opts.runs, rows, peer }, null, 2))
rmSync(join(WORK, 'hygen-template'), { recursive: true, force: true })
if (rows.some((r) => r.cli.maxMs >= 1000)) process.exitCode = 1
