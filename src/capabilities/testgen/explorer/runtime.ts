/**
 * Loading the module under test (fresh copies on demand), discovering its API, and running one test
 * case against it: arguments made live, the call made under a time limit, and what happened captured
 * (return value, thrown error, promise result, callback calls, argument mutations).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, sep, isAbsolute } from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import type { ApiMember, Arg, ExportPath, Outcome, Shape, Step, TestCase } from '../plan.js'
import { FIXTURE_FILES, FUNCTION_ARGS } from '../plan.js'
import { paramsOf, type SourceFacts } from '../source-facts.js'
import { decodeLiteral, describeValue, type DescribeContext } from './describe.js'
import { guardTrips } from './fd-guard.js'

const require = createRequire(import.meta.url)

/** How long one synchronous call may run before it is interrupted. */
const CALL_TIMEOUT_MS = 1000
/** How long a promise may take to settle, and a callback to be called. */
const ASYNC_TIMEOUT_MS = 1500

export class ModuleUnderTest {
  exports: unknown
  exportIndex = new Map<unknown, ExportPath>()
  private generation = 0
  readonly format: 'commonjs' | 'module'

  constructor(
    readonly modulePath: string,
    readonly root: string,
  ) {
    this.format = /\.mjs$/.test(modulePath) || (!/\.cjs$/.test(modulePath) && isEsmPackage(modulePath)) ? 'module' : 'commonjs'
  }

  /** Loads a fresh copy: module-level state starts over. */
  async load(): Promise<void> {
    this.generation++
    if (this.format === 'commonjs') {
      for (const key of Object.keys(require.cache)) {
        const rel = relative(this.root, key)
        if (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('node_modules')) delete require.cache[key]
      }
      this.exports = require(this.modulePath)
    } else {
      const namespace = (await import(`${pathToFileURL(this.modulePath).href}?codex=${this.generation}`)) as Record<string, unknown>
      this.exports = { ...namespace }
    }
    this.exportIndex = indexExports(this.exports)
  }

  resolve(path: ExportPath): unknown {
    let value = this.exports
    for (const key of path) value = (value as Record<string, unknown>)[key]
    return value
  }
}

function isEsmPackage(modulePath: string): boolean {
  let dir = modulePath
  for (let i = 0; i < 20; i++) {
    const parent = join(dir, '..')
    if (parent === dir) return false
    dir = parent
    try {
      const pkg = require(join(dir, 'package.json')) as { type?: string }
      return pkg.type === 'module'
    } catch {
      // keep looking upward
    }
  }
  return false
}

const IGNORED_STATICS = new Set(['length', 'name', 'prototype', 'arguments', 'caller', '__esModule'])

/** Every reachable member (two levels deep), each object under its shortest path. */
function indexExports(root: unknown): Map<unknown, ExportPath> {
  const index = new Map<unknown, ExportPath>()
  const visit = (value: unknown, path: ExportPath, depth: number): void => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return
    const known = index.get(value)
    if (known && preferable(known, path)) return
    index.set(value, path)
    if (depth >= 2) return
    for (const key of memberKeys(value)) {
      let child: unknown
      try {
        child = (value as Record<string, unknown>)[key]
      } catch {
        continue
      }
      visit(child, [...path, key], depth + 1)
    }
  }
  visit(root, [], 0)
  return index
}

/** Named members beat `default.x`; shorter paths beat longer ones. */
function preferable(known: ExportPath, candidate: ExportPath): boolean {
  const defaults = (p: ExportPath) => p.filter((k) => k === 'default').length
  if (defaults(known) !== defaults(candidate)) return defaults(known) < defaults(candidate)
  return known.length <= candidate.length
}

function memberKeys(value: object): string[] {
  if (typeof value === 'function') {
    return Object.getOwnPropertyNames(value).filter((key) => !IGNORED_STATICS.has(key))
  }
  return Object.keys(value).filter((key) => key !== '__esModule')
}

export function isClass(value: unknown): value is new (...args: unknown[]) => unknown {
  if (typeof value !== 'function') return false
  const text = Function.prototype.toString.call(value)
  if (/^class[\s{]/.test(text)) return true
  const proto = (value as { prototype?: object }).prototype
  if (!proto) return false
  const methods = Object.getOwnPropertyNames(proto).filter((key) => key !== 'constructor')
  return /^[A-Z]/.test(value.name) && methods.length > 0
}

export function methodNames(value: object): string[] {
  const names = new Set<string>()
  let proto: object | null = value
  for (let depth = 0; proto && proto !== Object.prototype && proto !== Function.prototype && depth < 4; depth++) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key.startsWith('__')) continue
      const descriptor = Object.getOwnPropertyDescriptor(proto, key)
      // Built-in methods (an array's, a Map's) are not the code under test.
      if (descriptor && typeof descriptor.value === 'function' && !isNative(descriptor.value as () => unknown)) names.add(key)
    }
    proto = Object.getPrototypeOf(proto) as object | null
  }
  return [...names]
}

function isNative(fn: () => unknown): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn))
}

/** The module's API: functions, classes (with their methods) and plain values, from the export index. */
export function describeApi(mut: ModuleUnderTest, facts: SourceFacts): ApiMember[] {
  const members: ApiMember[] = []
  for (const [value, path] of mut.exportIndex) {
    if (typeof value !== 'function') continue
    const name = path.at(-1) ?? (value as { name: string }).name
    const params = paramNames(value as (...args: unknown[]) => unknown, name, facts)
    if (isClass(value)) {
      members.push({
        path,
        name: (value as { name: string }).name,
        kind: 'class',
        params,
        methods: methodNames((value as { prototype: object }).prototype),
      })
    } else {
      members.push({ path, name: (value as { name: string }).name, kind: 'function', params })
    }
  }
  return members
}

export function paramNames(fn: (...args: unknown[]) => unknown, name: string, facts: SourceFacts): string[] {
  const fromFacts = paramsOf(facts, name) ?? paramsOf(facts, fn.name) ?? paramsOf(facts, `_${name}`)
  if (fromFacts && fromFacts.length > 0) return fromFacts.map((p) => p.name)
  const text = Function.prototype.toString.call(fn)
  const match = /^(?:async\s+)?(?:function\s*(?:\*\s*)?(?:[\w$]+\s*)?)?\(([^)]*)\)/.exec(text) ?? /^(?:async\s+)?([\w$]+)\s*=>/.exec(text)
  const listed = match?.[1]
    ?.split(',')
    .map((p) =>
      p
        .replace(/=.*$/s, '')
        .replace(/^\.\.\./, '')
        .trim(),
    )
    .filter((p) => /^[\w$]+$/.test(p))
  if (listed && listed.length > 0) return listed
  return Array.from({ length: fn.length }, (_, i) => `arg${i}`)
}

/** Own properties added to or changed on built-in prototypes during a call are put back afterwards. */
export class GlobalGuard {
  private readonly snapshots: [object, Map<string | symbol, PropertyDescriptor>][]
  constructor() {
    const targets: object[] = [
      globalThis,
      Object.prototype,
      Array.prototype,
      String.prototype,
      Number.prototype,
      Function.prototype,
      Boolean.prototype,
    ]
    this.snapshots = targets.map((target) => [target, snapshot(target)])
  }
  restore(): void {
    for (const [target, before] of this.snapshots) {
      for (const key of Reflect.ownKeys(target)) {
        if (!before.has(key)) {
          try {
            delete (target as Record<string | symbol, unknown>)[key]
          } catch {
            // A non-configurable addition stays.
          }
        }
      }
      for (const [key, descriptor] of before) {
        const now = Object.getOwnPropertyDescriptor(target, key)
        if (now && 'value' in descriptor && now.value !== descriptor.value) {
          try {
            Object.defineProperty(target, key, descriptor)
          } catch {
            // Non-configurable: leave it.
          }
        }
      }
    }
  }
}

function snapshot(target: object): Map<string | symbol, PropertyDescriptor> {
  const out = new Map<string | symbol, PropertyDescriptor>()
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key)
    if (descriptor) out.set(key, descriptor)
  }
  return out
}

/** Errors thrown or rejected outside any call (a callback throwing later); they spoil the current case. */
export const strayErrors: unknown[] = []
process.on('uncaughtException', (error) => strayErrors.push(error))
process.on('unhandledRejection', (error) => strayErrors.push(error))

const invoker = new vm.Script('globalThis.__codexInvoke()')

function invokeWithTimeout(call: () => unknown): unknown {
  ;(globalThis as { __codexInvoke?: () => unknown }).__codexInvoke = call
  try {
    return invoker.runInThisContext({ timeout: CALL_TIMEOUT_MS })
  } finally {
    ;(globalThis as { __codexInvoke?: () => unknown }).__codexInvoke = undefined
  }
}

export type RunResult =
  { ok: true; case: Omit<TestCase, 'reason'>; result: unknown; values: unknown[]; fixtureDir?: string } | { ok: false; why: string }

let fixtureBase: string | undefined

function makeFixtureDir(): string {
  fixtureBase ??= mkdtempSync(join(tmpdir(), 'codex-testgen-'))
  const dir = mkdtempSync(join(fixtureBase, 'f-'))
  mkdirSync(dir, { recursive: true })
  for (const [name, content] of Object.entries(FIXTURE_FILES)) {
    if (typeof content === 'string') writeFileSync(join(dir, name), content)
    else if (content !== null) mkdirSync(join(dir, name))
  }
  return dir
}

interface Recorder {
  fn: (...args: unknown[]) => void
  calls: unknown[][]
}

/**
 * How many times code under test turned one of our functions into text: the test spells the function
 * differently, so a case whose outcome depends on that text cannot be written down.
 */
const stringified = { count: 0 }

function watchToString<F extends (...args: never[]) => unknown>(fn: F): F {
  Object.defineProperty(fn, 'toString', {
    value: () => {
      stringified.count++
      return Function.prototype.toString.call(fn)
    },
  })
  return fn
}

function recorder(): Recorder {
  const calls: unknown[][] = []
  return { calls, fn: watchToString((...args: unknown[]) => void calls.push(args)) }
}

/**
 * Runs a case's steps. With `prefix`, the first `prefix.length` steps are not run again: their live
 * values are used (the explorer's fast path); the replay runs everything.
 */
export async function runSteps(mut: ModuleUnderTest, steps: readonly Step[], prefix: readonly unknown[] = []): Promise<RunResult> {
  const values: unknown[] = [...prefix]
  const tripsBefore = guardTrips.count
  const stringifiedBefore = stringified.count
  const usesFixtures = steps.some((step) => step.args.some((arg) => arg.kind === 'fixture'))
  const fixtureDir = usesFixtures ? makeFixtureDir() : undefined
  strayErrors.length = 0
  for (let index = prefix.length; index < steps.length; index++) {
    const step = steps[index] as Step
    const last = index === steps.length - 1
    const recorders = new Map<number, Recorder>()
    const args = step.args.map((arg, i) =>
      liveArg(arg, values, mut, fixtureDir, () => {
        const r = recorder()
        recorders.set(i, r)
        return r.fn
      }),
    )
    const before = last ? args.map((arg) => (isPlainData(arg) ? safeJson(arg) : undefined)) : []
    let callee: unknown
    let receiver: unknown
    try {
      ;({ callee, receiver } = resolveCallee(step, values, mut))
    } catch (error) {
      return { ok: false, why: `callee: ${String(error)}` }
    }
    if (typeof callee !== 'function') return { ok: false, why: 'not a function' }
    let outcome: 'returned' | 'threw'
    let result: unknown
    try {
      result = invokeWithTimeout(() =>
        step.construct
          ? Reflect.construct(callee as new (...a: unknown[]) => unknown, args)
          : Reflect.apply(callee as (...a: unknown[]) => unknown, receiver, args),
      )
      outcome = 'returned'
    } catch (error) {
      if (error instanceof Error && /Script execution timed out/.test(error.message)) return { ok: false, why: 'timeout' }
      result = error
      outcome = 'threw'
    }
    let settled: 'returned' | 'threw' | 'resolved' | 'rejected' = outcome
    if (outcome === 'returned' && isThenable(result)) {
      const state = await settle(result as PromiseLike<unknown>)
      if (state.kind === 'pending') return { ok: false, why: 'promise never settled' }
      settled = state.kind
      result = state.value
    }
    if (recorders.size > 0) await waitForCalls([...recorders.values()])
    // Work the call left in flight (a file read whose callback is not ours) finishes now, so its
    // coverage and its errors belong to this case, not to the next.
    if (last) await drainPendingWork()
    if (!last) {
      if (settled === 'threw' || settled === 'rejected') return { ok: false, why: 'arrange step failed' }
      if (settled === 'resolved') step.awaited = true
      values.push(result)
      continue
    }
    if (strayErrors.length > 0) return { ok: false, why: 'stray error' }
    if (guardTrips.count !== tripsBefore) return { ok: false, why: 'used a file descriptor it did not open' }
    if (stringified.count !== stringifiedBefore) return { ok: false, why: 'the outcome depends on how a function argument is spelled' }
    const functionTexts = args.filter((arg) => typeof arg === 'function').map((fn) => Function.prototype.toString.call(fn))
    const ctx: DescribeContext = { exports: mut.exportIndex, args, fixtureDir, functionTexts }
    const shape = describeValue(result, ctx)
    const outcomeShape: Outcome =
      settled === 'returned' || settled === 'resolved' ? { kind: settled, value: shape } : { kind: settled, error: shape }
    const callbacks: [number, Shape[][]][] = [...recorders.entries()]
      .filter(([, r]) => r.calls.length > 0)
      .map(([i, r]) => [i, r.calls.slice(0, 5).map((call) => call.map((value) => describeValue(value, { ...ctx, args: [] })))])
    const mutations: [number, Shape][] = []
    args.forEach((arg, i) => {
      const was = before[i]
      if (was !== undefined && isPlainData(arg) && safeJson(arg) !== was) mutations.push([i, describeValue(arg, { ...ctx, args: [] })])
    })
    values.push(result)
    return {
      ok: true,
      case: { steps: [...steps], outcome: outcomeShape, callbacks, mutations },
      result,
      values,
      ...(fixtureDir ? { fixtureDir } : {}),
    }
  }
  return { ok: false, why: 'no steps' }
}

function resolveCallee(step: Step, values: readonly unknown[], mut: ModuleUnderTest): { callee: unknown; receiver: unknown } {
  const callee = step.callee
  switch (callee.kind) {
    case 'export': {
      const receiver = callee.path.length > 1 ? mut.resolve(callee.path.slice(0, -1)) : undefined
      return { callee: mut.resolve(callee.path), receiver }
    }
    case 'method': {
      const receiver = values[callee.step] as Record<string, unknown>
      return { callee: receiver[callee.name], receiver }
    }
    case 'value':
      return { callee: values[callee.step], receiver: undefined }
  }
}

function liveArg(
  arg: Arg,
  values: readonly unknown[],
  mut: ModuleUnderTest,
  fixtureDir: string | undefined,
  makeRecorder: () => unknown,
): unknown {
  switch (arg.kind) {
    case 'literal':
      return decodeLiteral(arg.value)
    case 'step':
      return values[arg.step]
    case 'export':
      return mut.resolve(arg.path)
    case 'function':
      // codex-ignore js-vm-run-dynamic -- a fixed table of argument functions, evaluated inside the explorer's sandbox
      return watchToString(vm.runInThisContext(FUNCTION_ARGS[arg.name]) as () => unknown)
    case 'recorder':
      return makeRecorder()
    case 'fixture':
      return join(fixtureDir ?? tmpdir(), arg.name)
  }
}

/** JSON text of plain data, or undefined when it has cycles or cannot be written. */
function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  )
}

function isPlainData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return Array.isArray(value) || proto === Object.prototype
}

async function settle(promise: PromiseLike<unknown>): Promise<{ kind: 'resolved' | 'rejected'; value: unknown } | { kind: 'pending' }> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ kind: 'pending' }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'pending' }), ASYNC_TIMEOUT_MS)
  })
  const outcome = Promise.resolve(promise).then(
    (value) => ({ kind: 'resolved' as const, value }),
    (value: unknown) => ({ kind: 'rejected' as const, value }),
  )
  try {
    return await Promise.race([outcome, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Handles that exist whatever the code under test does (our own stdio pipes and the like). */
const IDLE_RESOURCES = new Set([
  'TTYWrap',
  'PipeWrap',
  'TCPServerWrap',
  'ProcessWrap',
  'SignalWrap',
  'StreamWrap',
  'MessagePort',
  'Immediate',
])

/** Whether the code under test left anything in flight (file operations, timers, sockets). */
function workPending(): boolean {
  return process.getActiveResourcesInfo().some((resource) => !IDLE_RESOURCES.has(resource))
}

/** Lets in-flight work (file operations, short timers) finish, for at most 200 ms. */
async function drainPendingWork(): Promise<void> {
  const deadline = Date.now() + 200
  while (workPending() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * Waits until every recorder has been called, while the code under test still has work in flight
 * (up to the time limit); a callback nothing is going to call does not cost the full wait.
 */
async function waitForCalls(recorders: Recorder[]): Promise<void> {
  const deadline = Date.now() + ASYNC_TIMEOUT_MS
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  await tick()
  while (recorders.some((r) => r.calls.length === 0) && Date.now() < deadline) {
    if (!workPending()) break
    await tick()
  }
  for (let i = 0; i < 3; i++) await tick()
}
