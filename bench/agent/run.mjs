#!/usr/bin/env node
// Agent-loop overhead benchmark: Codex Agent's agent loop (dist/agents runAgentLoop) with the real
// model client (dist/models createModelClient, openai-compatible provider) against an instantly
// answering local OpenAI-compatible server (bench/agent/server.mjs, its own process), side by side in
// one run with the AI SDK's own multi-step tool loop (streamText + stopWhen) and a raw `fetch` of the
// same request bodies as the floor; plus single-call overhead and response-cache hit latency.
// See bench/README.md, "## agent".
//
//   node bench/agent/run.mjs [--runs N] [--turns N] [--warmup N] [--long-turns N] [--long-runs N]
//                            [--calls N] [--hits N] [--misses N] [--no-build] [--out FILE]
import { execFileSync, fork } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { PerformanceObserver, performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work')
const TARGET_MS = 5
const CONTEXT_WINDOW = 8192 // the openai-compatible default the generate capability uses

function parseArgs(argv) {
  const o = { runs: 10, turns: 20, warmup: 3, longTurns: 100, longRuns: 3, calls: 200, hits: 300, misses: 30, build: true, out: undefined }
  const num = (v) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${v}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--runs') o.runs = Math.max(1, num(argv[++i]))
    else if (a === '--turns') o.turns = Math.max(2, num(argv[++i]))
    else if (a === '--warmup') o.warmup = num(argv[++i])
    else if (a === '--long-turns') o.longTurns = num(argv[++i])
    else if (a === '--long-runs') o.longRuns = num(argv[++i])
    else if (a === '--calls') o.calls = Math.max(1, num(argv[++i]))
    else if (a === '--hits') o.hits = Math.max(1, num(argv[++i]))
    else if (a === '--misses') o.misses = Math.max(1, num(argv[++i]))
    else if (a === '--no-build') o.build = false
    else if (a === '--out') o.out = resolve(argv[++i])
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: node bench/agent/run.mjs [--runs N] [--turns N] [--warmup N] [--long-turns N] [--long-runs N] [--calls N] [--hits N] [--misses N] [--no-build] [--out FILE]',
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return o
}

const opts = parseArgs(process.argv.slice(2))
const log = (...a) => console.error('[bench:agent]', ...a)

// ---------------------------------------------------------------- statistics

const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b)
function median(xs) {
  const s = sorted(xs)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
/** Nearest-rank percentile. */
function pct(xs, p) {
  const s = sorted(xs)
  if (!s.length) return NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0)
const f = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—')
const summary = (xs) => ({ n: xs.length, median: median(xs), p95: pct(xs, 95), min: pct(xs, 0), max: pct(xs, 100) })

// ---------------------------------------------------------------- the built code

const DIST = join(ROOT, 'dist')
if (!existsSync(join(DIST, 'agents', 'index.js')) || !existsSync(join(DIST, 'models', 'index.js'))) {
  if (!opts.build) throw new Error('dist/ is missing: run `npm run build` (or drop --no-build)')
  log('dist/ is missing: npm run build')
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
}
const distUrl = (path) => pathToFileURL(join(DIST, path)).href
const agents = await import(distUrl('agents/index.js'))
const models = await import(distUrl('models/index.js'))
const { toSdkMessages } = await import(distUrl('models/providers/ai-sdk-client.js'))
const { DEFAULT_POLICY } = await import(distUrl('sandbox/index.js'))
const { streamText, stepCountIs, tool: sdkTool, jsonSchema } = await import('ai')
const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible')
const versions = {
  node: process.version,
  ai: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'ai', 'package.json'), 'utf8')).version,
  aiSdkOpenAICompatible: JSON.parse(readFileSync(join(ROOT, 'node_modules', '@ai-sdk', 'openai-compatible', 'package.json'), 'utf8'))
    .version,
  codex: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
}
let gitRev = ''
try {
  gitRev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
} catch {
  // not a git checkout
}

// ---------------------------------------------------------------- the workspace the tools read

const RUN_DIR = join(WORK, 'agent', `run-${process.pid}`)
const WS = join(RUN_DIR, 'workspace')
const CACHE_DIR = join(RUN_DIR, 'cache')
rmSync(RUN_DIR, { recursive: true, force: true })
mkdirSync(join(WS, 'src'), { recursive: true })
const maxTurns = Math.max(opts.turns, opts.longTurns)
for (let k = 1; k < maxTurns; k++) {
  writeFileSync(
    join(WS, 'src', `f${k}.ts`),
    `/** Module ${k}: a small piece of the bench workspace. */\n` +
      `export interface Item${k} {\n  id: number\n  name: string\n}\n\n` +
      `export function make${k}(id: number, name = 'item-${k}'): Item${k} {\n  return { id, name }\n}\n\n` +
      `export const LIMIT_${k} = ${k * 10}\n`,
  )
}
writeFileSync(join(WS, 'package.json'), JSON.stringify({ name: 'bench-workspace', private: true, type: 'module' }, null, 2))
writeFileSync(join(WS, 'README.md'), '# bench workspace\n\nSmall TypeScript modules the agent reads.\n')

const fileSystem = agents.createFileSystemTool({ root: WS })
const sandbox = { workspace: WS, policy: DEFAULT_POLICY }
// The generate capability's three tools (their specs go into every request); only file_system is called.
const realTools = [fileSystem, agents.createTerminalTool(sandbox), agents.createCodeInterpreterTool(sandbox)]
const toolClock = { ms: 0, calls: 0 }
const tools = realTools.map((t) => ({
  ...t,
  async run(args, ctx) {
    const t0 = performance.now()
    try {
      return await t.run(args, ctx)
    } finally {
      toolClock.ms += performance.now() - t0
      toolClock.calls++
    }
  },
}))
const system = agents.generateTaskSystemPrompt('typescript')
const symbolMap = agents.buildSymbolMap({ root: WS, maxChars: 4000 })
const taskFor = (turns) =>
  agents.generateTaskMessage({
    task: `Read the workspace and summarize what each module exports. [bench turns=${turns}]`,
    language: 'typescript',
    requirements: ['Read every module before answering', 'One line per module'],
    symbolMap,
  })
const reserve = agents.outputReserve(CONTEXT_WINDOW, undefined)

// ---------------------------------------------------------------- the server (own process)

const server = fork(join(HERE, 'server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
const port = await new Promise((resolveReady, reject) => {
  server.once('error', reject)
  server.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  server.on('message', (m) => m?.type === 'ready' && resolveReady(m.port))
})
const BASE = `http://127.0.0.1:${port}/v1`
const REF = `openai-compatible:${BASE}#bench-model`
function serverStats() {
  return new Promise((resolveStats) => {
    const onMessage = (m) => {
      if (m?.type !== 'stats') return
      server.off('message', onMessage)
      resolveStats(m.times)
    }
    server.on('message', onMessage)
    server.send({ type: 'stats' })
  })
}

// ---------------------------------------------------------------- fetch, as the client sees it

/**
 * A fetch that records, per request, the time from the call to the last byte of the response body,
 * then hands the SDK the same response from memory. The SDK does no work inside that span (the body
 * is read here, not by its stream parser), so wall time minus these spans is all client-side work.
 */
function instrumentedFetch(clock) {
  return async (input, init) => {
    const t0 = performance.now()
    const res = await fetch(input, init)
    const buf = await res.arrayBuffer()
    const t1 = performance.now()
    clock.spans.push([t0, t1])
    if (clock.keepBodies) clock.bodies.push(typeof init?.body === 'string' ? init.body : '')
    return new globalThis.Response(buf, { status: res.status, statusText: res.statusText, headers: res.headers })
  }
}
const clock = { spans: [], bodies: [], keepBodies: true }
const FETCH = instrumentedFetch(clock)

// ---------------------------------------------------------------- the clients

function codexClient({ native, fetchImpl, cacheDir }) {
  return models.createModelClient({
    ref: REF,
    env: {},
    ...(cacheDir ? { cacheDir } : { noCache: true }),
    // The openai-compatible default is no native tools (the JSON shim); a probe or config turns them on.
    ...(native ? { capabilities: { tools: true } } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    // As runGenerateTask wires it: a budget and a model.call event per call.
    budget: new models.Budget({ maxTurns: 1_000_000 }),
    onCall: () => {},
  })
}

/** The arguments of the latest tool call in a ModelMessage transcript (as the server reads it). */
function callsDone(messages) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]
    if (m.role !== 'assistant' || !m.toolCalls?.length) continue
    const args = m.toolCalls.at(-1).arguments
    if (args?.operation === 'list') return 1
    const k = /f(\d+)\.ts$/.exec(args?.path ?? '')
    return k ? Number(k[1]) + 1 : 0
  }
  return 0
}

/** The same script as the server, answered in process: no HTTP, no SDK. The loop's cost alone. */
function instantModel(capture) {
  return {
    ref: 'bench:instant',
    async generate(request) {
      // A zero-length "request" span, so the per-turn split works as for the HTTP configurations.
      const now = performance.now()
      clock.spans.push([now, now])
      capture.last = request
      const turns = Number(/\[bench turns=(\d+)\]/.exec(request.messages[0]?.content ?? '')?.[1] ?? 1)
      const done = callsDone(request.messages)
      const common = { usage: { inputTokens: 100, outputTokens: 12 }, costUsd: 0, cached: false, model: 'bench-model' }
      if (done >= turns - 1) return { ...common, text: 'Done: the workspace was read.', toolCalls: [], finishReason: 'stop' }
      const args = done === 0 ? { operation: 'list', path: '.' } : { operation: 'read', path: `src/f${done}.ts` }
      return { ...common, text: '', toolCalls: [{ id: `call_${done}`, name: 'file_system', arguments: args }], finishReason: 'tool-calls' }
    },
  }
}

// Garbage-collection pauses, to see how much of a run (and of its HTTP spans) was the collector.
const gcPauses = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push([entry.startTime, entry.duration])
}).observe({ entryTypes: ['gc'] })

// ---------------------------------------------------------------- one agent run per configuration

async function codexRun(model, turns) {
  const task = taskFor(turns)
  let compactions = 0
  let events = 0
  clock.spans = []
  clock.bodies = []
  toolClock.ms = 0
  toolClock.calls = 0
  const signal = new AbortController().signal
  const t0 = performance.now()
  const result = await agents.runAgentLoop({
    model,
    system,
    task,
    tools,
    contextWindow: CONTEXT_WINDOW,
    maxAttempts: 1,
    verify: async () => ({ passed: true, feedback: '' }),
    emit: (event) => {
      events++
      if (event.type === 'progress' && event.step === 'compact') compactions++
    },
    signal,
  })
  const t1 = performance.now()
  if (result.modelCalls !== turns || result.toolCalls !== turns - 1 || !result.verified) {
    throw new Error(
      `codex run: expected ${turns} model calls and ${turns - 1} tool calls, got ${result.modelCalls} and ${result.toolCalls}`,
    )
  }
  return { t0, t1, spans: clock.spans, bodies: clock.bodies, toolMs: toolClock.ms, compactions, events }
}

function peerModel(fetchImpl) {
  const provider = createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: BASE,
    includeUsage: true,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  })
  return provider.chatModel('bench-model')
}
const peerTools = Object.fromEntries(
  tools.map((t) => [
    t.spec.name,
    sdkTool({
      description: t.spec.description,
      inputSchema: jsonSchema(t.spec.parameters),
      execute: async (args, { abortSignal }) => {
        const out = await t.run(args, { signal: abortSignal ?? new AbortController().signal })
        if (out.isError) throw new Error(out.content)
        return out.content
      },
    }),
  ]),
)

/** The peer: the AI SDK's own tool loop (streamText, tools with execute, stopWhen), same server, same tools. */
async function peerRun(model, turns) {
  const task = taskFor(turns)
  clock.spans = []
  clock.bodies = []
  toolClock.ms = 0
  toolClock.calls = 0
  const t0 = performance.now()
  const result = streamText({
    model,
    system,
    messages: [{ role: 'user', content: task }],
    tools: peerTools,
    stopWhen: stepCountIs(turns),
    maxOutputTokens: reserve,
    maxRetries: 0,
  })
  for await (const part of result.fullStream) {
    if (part.type === 'error') throw part.error
  }
  const steps = await result.steps
  const t1 = performance.now()
  const toolCalls = steps.reduce((n, s) => n + s.toolCalls.length, 0)
  if (steps.length !== turns || toolCalls !== turns - 1)
    throw new Error(`peer run: expected ${turns} steps, got ${steps.length} (${toolCalls} tool calls)`)
  return { t0, t1, spans: clock.spans, bodies: clock.bodies, toolMs: toolClock.ms, compactions: 0, events: 0 }
}

/** Per-run figures: wall, client-seen HTTP, overhead, and each turn's overhead (the gap before its next request). */
function measure(run, turns, instrumented) {
  const wall = run.t1 - run.t0
  if (!instrumented) return { wallPerTurn: wall / turns, turns }
  const http = sum(run.spans.map(([a, b]) => b - a))
  const pauses = gcPauses.filter(([at]) => at >= run.t0 && at <= run.t1)
  const gc = sum(pauses.map(([, ms]) => ms))
  const gcInHttp = sum(pauses.filter(([at]) => run.spans.some(([a, b]) => at >= a && at <= b)).map(([, ms]) => ms))
  const gaps = []
  for (let i = 0; i < run.spans.length; i++) {
    const before = i === 0 ? run.spans[0][0] - run.t0 : 0
    const after = (i + 1 < run.spans.length ? run.spans[i + 1][0] : run.t1) - run.spans[i][1]
    gaps.push(before + after)
  }
  return {
    turns,
    wallPerTurn: wall / turns,
    httpPerTurn: http / turns,
    overheadPerTurn: (wall - http) / turns,
    overheadExToolsPerTurn: (wall - http - run.toolMs) / turns,
    toolPerTurn: run.toolMs / turns,
    gcPerTurn: gc / turns,
    gcInHttpPerTurn: gcInHttp / turns,
    turnOverheads: gaps,
    requests: run.spans.length,
    compactions: run.compactions,
  }
}

const CONFIGS = [
  {
    id: 'codex-native',
    label: 'Codex loop + createModelClient, native tool calls',
    instrumented: true,
    run: (turns) => codexRun(codexClient({ native: true, fetchImpl: FETCH }), turns),
  },
  {
    id: 'codex-shim',
    label: 'Codex loop + createModelClient, JSON tool shim (openai-compatible default)',
    instrumented: true,
    run: (turns) => codexRun(codexClient({ native: false, fetchImpl: FETCH }), turns),
  },
  {
    id: 'peer-sdk',
    label: 'peer: AI SDK streamText tool loop (stopWhen), same tools',
    instrumented: true,
    run: (turns) => peerRun(peerModel(FETCH), turns),
  },
  {
    id: 'codex-inproc',
    label: 'Codex loop, in-process instant model (no HTTP, no SDK)',
    instrumented: true,
    run: (turns) =>
      codexRun(models.withAccounting(instantModel({}), { budget: new models.Budget({ maxTurns: 1_000_000 }), onCall: () => {} }), turns),
  },
  {
    id: 'codex-native-plain',
    label: 'Codex loop, native tools, production fetch (wall only)',
    instrumented: false,
    floorOf: 'codex-native',
    run: (turns) => codexRun(codexClient({ native: true }), turns),
  },
  {
    id: 'peer-sdk-plain',
    label: 'peer: AI SDK tool loop, production fetch (wall only)',
    instrumented: false,
    floorOf: 'peer-sdk',
    run: (turns) => peerRun(peerModel(undefined), turns),
  },
]

const started = performance.now()
const load = { start: loadavg() }
log(`server on ${BASE}; ${opts.warmup} warm-up + ${opts.runs} runs × ${opts.turns} turns per configuration, interleaved`)

async function rawFetch(body) {
  const res = await fetch(`${BASE}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await res.text()
  if (!res.ok || !text.includes('[DONE]')) throw new Error(`raw fetch: HTTP ${res.status}`)
}

/**
 * The floor of a run: the same request bodies, sent one after the other with a bare fetch and read to
 * the end. Wall time minus the floor counts everything the client adds, GC pauses that happen to fall
 * inside its own HTTP calls included.
 */
async function floorPerTurn(bodies, turns, reps = 5) {
  if (!bodies.length) return 0
  const totals = []
  for (let r = -1; r < reps; r++) {
    const t0 = performance.now()
    for (const body of bodies) await rawFetch(body)
    if (r >= 0) totals.push(performance.now() - t0)
  }
  return median(totals) / turns
}

async function loopSeries(turns, runs, warmup, configs) {
  const out = Object.fromEntries(configs.map((c) => [c.id, { runs: [], serverMs: [], bodies: [] }]))
  for (let r = -warmup; r < runs; r++) {
    for (const config of configs) {
      const run = await config.run(turns)
      const times = await serverStats()
      if (r < 0) continue
      out[config.id].runs.push(measure(run, turns, config.instrumented))
      out[config.id].serverMs.push(...times)
      out[config.id].bodies = run.bodies.filter(Boolean)
    }
  }
  // The raw-fetch floor of each configuration's requests (its last run's bodies), interleaved.
  for (const config of configs) if (config.instrumented) out[config.id].floor = await floorPerTurn(out[config.id].bodies, turns)
  for (const config of configs) if (config.floorOf) out[config.id].floor = out[config.floorOf]?.floor
  await serverStats()
  return out
}

function summarizeSeries(series, configs) {
  const rows = {}
  for (const config of configs) {
    const { runs, serverMs, floor } = series[config.id]
    const pick = (key) => runs.map((r) => r[key])
    rows[config.id] = {
      label: config.label,
      instrumented: config.instrumented,
      runs: runs.length,
      turnsPerRun: runs[0]?.turns,
      wallPerTurn: summary(pick('wallPerTurn')),
      ...(floor !== undefined ? { floorPerTurn: floor, overheadOverFloorPerTurn: summary(runs.map((r) => r.wallPerTurn - floor)) } : {}),
      ...(config.instrumented
        ? {
            httpPerTurn: summary(pick('httpPerTurn')),
            overheadPerTurn: summary(pick('overheadPerTurn')),
            overheadExToolsPerTurn: summary(pick('overheadExToolsPerTurn')),
            toolPerTurn: summary(pick('toolPerTurn')),
            gcPerTurn: summary(pick('gcPerTurn')),
            gcInHttpPerTurn: summary(pick('gcInHttpPerTurn')),
            turnOverhead: summary(runs.flatMap((r) => r.turnOverheads)),
            // Overhead by position in the run: does it grow with the transcript?
            firstQuarterTurnOverhead: median(runs.flatMap((r) => r.turnOverheads.slice(0, Math.ceil(r.turns / 4)))),
            lastQuarterTurnOverhead: median(runs.flatMap((r) => r.turnOverheads.slice(-Math.ceil(r.turns / 4)))),
            compactionsPerRun: median(pick('compactions')),
            serverMsPerRequest: summary(serverMs),
          }
        : {}),
    }
  }
  return rows
}

const loop = summarizeSeries(await loopSeries(opts.turns, opts.runs, opts.warmup, CONFIGS), CONFIGS)
log(`agent loop done (${f((performance.now() - started) / 1000, 1)} s)`)

let long
if (opts.longTurns > 0 && opts.longRuns > 0) {
  const longConfigs = CONFIGS.filter((c) => c.instrumented)
  long = summarizeSeries(await loopSeries(opts.longTurns, opts.longRuns, 1, longConfigs), longConfigs)
  log(`long runs done (${f((performance.now() - started) / 1000, 1)} s)`)
}

// ---------------------------------------------------------------- single calls: floor, bare SDK, Codex

// The requests: a one-line question, and the last request of a `--turns` agent run (tools, whole transcript).
const capture = {}
await codexRun(instantModel(capture), opts.turns)
const REQUESTS = {
  small: { system: 'You are a helpful assistant.', messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 256 },
  agent: capture.last,
}

/** The exact body createModelClient sends for a request (captured once), for the raw-fetch floor. */
async function bodyOf(request) {
  clock.bodies = []
  await codexClient({ native: true, fetchImpl: FETCH }).generate(request)
  return clock.bodies[0]
}

function sdkToolsOf(request) {
  if (!request.tools?.length) return undefined
  return Object.fromEntries(
    request.tools.map((t) => [t.name, sdkTool({ description: t.description, inputSchema: jsonSchema(t.parameters) })]),
  )
}

async function bareSdk(model, request) {
  const result = streamText({
    model,
    ...(request.system ? { system: request.system } : {}),
    messages: toSdkMessages(request.messages),
    ...(request.tools?.length ? { tools: sdkToolsOf(request) } : {}),
    ...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
    maxRetries: 0,
  })
  for await (const part of result.fullStream) {
    if (part.type === 'error') throw part.error
  }
}

const single = {}
const timeIt = async (fn) => {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}
for (const [name, request] of Object.entries(REQUESTS)) {
  const body = await bodyOf(request)
  const sdkModel = peerModel(undefined)
  const codex = codexClient({ native: true })
  // Are the bare SDK's and Codex's requests byte-identical? (Then the difference is client-side work only.)
  clock.bodies = []
  await bareSdk(peerModel(FETCH), request)
  const sameBody = clock.bodies[0] === body
  const t = { rawFetch: [], bareSdk: [], codex: [] }
  for (let i = -20; i < opts.calls; i++) {
    const a = await timeIt(() => rawFetch(body))
    const b = await timeIt(() => bareSdk(sdkModel, request))
    const c = await timeIt(() => codex.generate(request))
    if (i < 0) continue
    t.rawFetch.push(a)
    t.bareSdk.push(b)
    t.codex.push(c)
  }
  const serverMs = await serverStats()
  single[name] = {
    requestBytes: body.length,
    messages: request.messages.length,
    sameBodyAsBareSdk: sameBody,
    rawFetch: summary(t.rawFetch),
    bareSdk: summary(t.bareSdk),
    codex: summary(t.codex),
    // Paired per-iteration differences, then their median: less sensitive to drift than a difference of medians.
    bareSdkOverFloor: median(t.bareSdk.map((x, i) => x - t.rawFetch[i])),
    codexOverFloor: median(t.codex.map((x, i) => x - t.rawFetch[i])),
    codexOverBareSdk: median(t.codex.map((x, i) => x - t.bareSdk[i])),
    serverMsPerRequest: summary(serverMs),
  }
}
log(`single calls done (${f((performance.now() - started) / 1000, 1)} s)`)

// ---------------------------------------------------------------- the response cache

const cache = {}
for (const [name, request] of Object.entries(REQUESTS)) {
  const dir = join(CACHE_DIR, name)
  rmSync(dir, { recursive: true, force: true })
  const cached = codexClient({ native: true, cacheDir: dir })
  const uncached = codexClient({ native: true })
  const variant = (i) => ({ ...request, system: `${request.system}\n\n(bench variant ${i})` })
  // Misses: distinct requests, each asked of the cached client (miss: model call + write) and of a client without cache.
  const miss = []
  const noCache = []
  for (let i = -5; i < opts.misses; i++) {
    const v = variant(i)
    const m = await timeIt(async () => {
      const r = await cached.generate(v)
      if (r.cached) throw new Error('cache: a fresh request was a hit')
    })
    const n = await timeIt(() => uncached.generate(variant(`${i}-nocache`)))
    if (i < 0) continue
    miss.push(m)
    noCache.push(n)
  }
  // Hits: the same request again and again (the first call above filled the entry).
  const fixed = variant('fixed')
  const first = await timeIt(() => cached.generate(fixed))
  const hit = []
  for (let i = -20; i < opts.hits; i++) {
    const h = await timeIt(async () => {
      const r = await cached.generate(fixed)
      if (!r.cached) throw new Error('cache: a repeated request was a miss')
    })
    if (i >= 0) hit.push(h)
  }
  await serverStats()
  cache[name] = {
    requestBytes: single[name].requestBytes,
    firstMissMs: first,
    miss: summary(miss),
    noCache: summary(noCache),
    hit: summary(hit),
    missOverNoCache: median(miss.map((x, i) => x - noCache[i])),
    hitVsRawFetchFloor: median(hit) / single[name].rawFetch.median,
    missOverHit: median(miss) / median(hit),
  }
}
log(`cache done (${f((performance.now() - started) / 1000, 1)} s)`)

server.send({ type: 'stop' })
rmSync(RUN_DIR, { recursive: true, force: true })
load.end = loadavg()
const totalS = (performance.now() - started) / 1000

// ---------------------------------------------------------------- report

const n = loop['codex-native']
const peer = loop['peer-sdk']
const plain = loop['codex-native-plain']
const worst = (row) => Math.max(row.overheadPerTurn?.median ?? -Infinity, row.overheadOverFloorPerTurn?.median ?? -Infinity)
const verdict = {
  targetMs: TARGET_MS,
  // The loop's own overhead, Codex loop + real model client with native tool calls:
  overheadPerTurnMs: n.overheadPerTurn.median, // wall − client-seen HTTP, median over runs
  overheadPerTurnP95OverRunsMs: n.overheadPerTurn.p95,
  overheadOverFloorPerTurnMs: n.overheadOverFloorPerTurn.median, // wall − raw-fetch floor of the same requests
  productionOverheadOverFloorPerTurnMs: plain.overheadOverFloorPerTurn.median, // the same with the production fetch
  met: worst(n) <= TARGET_MS && plain.overheadOverFloorPerTurn.median <= TARGET_MS,
  metAtP95: n.overheadPerTurn.p95 <= TARGET_MS && n.overheadOverFloorPerTurn.p95 <= TARGET_MS,
  shimOverheadPerTurnMs: worst(loop['codex-shim']),
  shimMet: worst(loop['codex-shim']) <= TARGET_MS,
  longOverheadPerTurnMs: long ? worst(long['codex-native']) : undefined,
  longMet: long ? worst(long['codex-native']) <= TARGET_MS : undefined,
  codexOverPeerOverhead: n.overheadPerTurn.median / peer.overheadPerTurn.median,
  codexOverPeerOverheadOverFloor: n.overheadOverFloorPerTurn.median / peer.overheadOverFloorPerTurn.median,
  codexOverPeerWallPlain: plain.wallPerTurn.median / loop['peer-sdk-plain'].wallPerTurn.median,
}

const out = []
const p = (s = '') => out.push(s)
const mp = (s) => (s ? `${f(s.median)} / ${f(s.p95)}` : '')
p(`## bench/agent — ${new Date().toISOString()}`)
p()
p(
  `Node ${versions.node}, ai ${versions.ai}, @ai-sdk/openai-compatible ${versions.aiSdkOpenAICompatible}, codex-agent ${versions.codex}${gitRev ? ` (git ${gitRev})` : ''}; ` +
    `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; load ${load.start.map((x) => x.toFixed(1)).join(' ')} → ${load.end.map((x) => x.toFixed(1)).join(' ')}; total ${f(totalS, 1)} s`,
)
const loopTable = (rows) => {
  p(
    '| configuration | wall per turn | HTTP per turn (client-seen) | overhead = wall − HTTP | single-turn overhead p95 | first → last quarter | raw-fetch floor per turn | overhead = wall − floor | tools per turn | GC per turn (of it inside HTTP) | server per request | compactions per run |',
  )
  p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of Object.values(rows)) {
    const inst = row.instrumented
    p(
      `| ${row.label} | ${mp(row.wallPerTurn)} | ${inst ? mp(row.httpPerTurn) : ''} | ${inst ? `**${mp(row.overheadPerTurn)}**` : ''} | ${inst ? f(row.turnOverhead.p95) : ''} | ` +
        `${inst ? `${f(row.firstQuarterTurnOverhead)} → ${f(row.lastQuarterTurnOverhead)}` : ''} | ${row.floorPerTurn !== undefined ? f(row.floorPerTurn) : ''} | ` +
        `${row.overheadOverFloorPerTurn ? `**${mp(row.overheadOverFloorPerTurn)}**` : ''} | ${inst ? f(row.toolPerTurn.median, 3) : ''} | ` +
        `${inst ? `${f(row.gcPerTurn.median)} (${f(row.gcInHttpPerTurn.median)})` : ''} | ` +
        `${inst && row.serverMsPerRequest.n ? `${f(row.serverMsPerRequest.median, 3)} / ${f(row.serverMsPerRequest.p95, 3)}` : ''} | ${inst ? row.compactionsPerRun : ''} |`,
    )
  }
}
p()
p(
  `### Agent loop: ${opts.runs} runs × ${opts.turns} turns per configuration (interleaved; ${opts.warmup} warm-up runs dropped); ms, median / p95 over runs`,
)
p()
loopTable(loop)
p()
p(
  `Ratios (same run), Codex loop (native tools) / AI SDK tool loop: overhead (wall − HTTP) ${f(verdict.codexOverPeerOverhead)}, overhead (wall − floor) ${f(verdict.codexOverPeerOverheadOverFloor)}, ` +
    `wall per turn with the production fetch ${f(verdict.codexOverPeerWallPlain)}. JSON shim / native overhead: ${f(loop['codex-shim'].overheadPerTurn.median / n.overheadPerTurn.median)}.`,
)
if (long) {
  p()
  p(
    `### Long runs: ${opts.longRuns} runs × ${opts.longTurns} turns (context window ${CONTEXT_WINDOW}: compaction active for Codex); ms, median / p95 over runs`,
  )
  p()
  loopTable(long)
}
p()
p(`### One model call, no agent loop: ${opts.calls} calls each, interleaved; ms, median / p95`)
p()
p(
  '| request | bytes | raw fetch (floor) | bare AI SDK streamText | Codex createModelClient.generate | SDK − floor | Codex − floor | Codex − SDK | same request body |',
)
p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |')
for (const [name, s] of Object.entries(single)) {
  p(
    `| ${name === 'small' ? 'one-line question' : `agent turn ${opts.turns} (${s.messages} messages, 3 tools)`} | ${s.requestBytes} | ${mp(s.rawFetch)} | ${mp(s.bareSdk)} | ${mp(s.codex)} | ${f(s.bareSdkOverFloor)} | ${f(s.codexOverFloor)} | ${f(s.codexOverBareSdk)} | ${s.sameBodyAsBareSdk ? 'yes' : 'no'} |`,
  )
}
p()
p(`### Response cache: ${opts.hits} hits, ${opts.misses} misses; ms, median / p95`)
p()
p('| request | cache hit | miss (call + write) | same call, no cache | miss − no cache | miss / hit | hit / raw-fetch floor |')
p('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const [name, c] of Object.entries(cache)) {
  p(
    `| ${name === 'small' ? 'one-line question' : `agent turn ${opts.turns}`} (${c.requestBytes} B) | **${mp(c.hit)}** | ${mp(c.miss)} | ${mp(c.noCache)} | ${f(c.missOverNoCache)} | ${f(c.missOverHit, 1)}× | ${f(c.hitVsRawFetchFloor)} |`,
  )
}
p()
p(
  `Target: the loop's own overhead ≤ ${TARGET_MS} ms per turn, excluding the model's time (Codex loop + createModelClient, native tools): ` +
    `wall − HTTP ${f(verdict.overheadPerTurnMs)} ms median (${f(verdict.overheadPerTurnP95OverRunsMs)} p95 over runs), wall − floor ${f(verdict.overheadOverFloorPerTurnMs)} ms, ` +
    `production fetch wall − floor ${f(verdict.productionOverheadOverFloorPerTurnMs)} ms → **${verdict.met ? 'met' : 'missed'}**${verdict.met && !verdict.metAtP95 ? ' (not at p95 over runs)' : ''}; ` +
    `JSON shim ${f(verdict.shimOverheadPerTurnMs)} ms → ${verdict.shimMet ? 'met' : 'missed'}` +
    `${long ? `; ${opts.longTurns}-turn runs ${f(verdict.longOverheadPerTurnMs)} ms → ${verdict.longMet ? 'met' : 'missed'}` : ''}.`,
)
const report = out.join('\n')
console.log(report)

const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..*$/, '')
const file = opts.out ?? join(WORK, `agent-results-${stamp}.json`)
mkdirSync(dirname(file), { recursive: true })
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), versions, gitRev, cores: cpus().length, load, totalS, options: opts, contextWindow: CONTEXT_WINDOW, verdict, loop, long, single, cache }, null, 2)}\n`,
)
log(`results: ${file}`)
