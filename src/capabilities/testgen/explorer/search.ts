/**
 * The search: feedback-directed random testing guided by Istanbul coverage. Each round picks a target
 * (a function, a constructor, a method of an object made earlier, or a function returned earlier),
 * builds arguments, runs the call, and keeps the case when it covered something new, showed a new
 * behaviour of that target, or (when asked) exercised an edge case or an error path. Objects and
 * functions calls return go back into the pool, so later calls can build on them.
 */
import type { ApiMember, Arg, CoverageKey, ExplorerJob, ExplorerMessage, FileCoverageTotals, Step, TestCase } from '../plan.js'
import { paramsOf, type ParamFacts } from '../source-facts.js'
import { coverageTotals, coveredKeys, percentages, resetCounters } from './coverage.js'
import { stableShape } from './describe.js'
import { InputPool, Random, type Produced } from './inputs.js'
import { GlobalGuard, isClass, methodNames, runSteps, type ModuleUnderTest, describeApi } from './runtime.js'

type Emit = (message: ExplorerMessage) => void

interface Target {
  key: string
  kind: 'call' | 'construct' | 'method' | 'returned-function'
  member?: ApiMember
  /** For methods of made objects, and functions returned earlier. */
  ctor?: string | null
  weight: number
  kept: number
  signatures: Set<string>
  edgeKept: number
  errorKept: number
}

const MAX_STEPS = 5
const BEHAVIOURS_PER_TARGET = 3

export async function explore(job: ExplorerJob, mut: ModuleUnderTest, emit: Emit): Promise<void> {
  const started = Date.now()
  const deadline = started + job.budgetMs
  const random = new Random(job.seed)
  const pool = new InputPool(random, job.facts, job.seed, job.include.edgeCases)
  const guard = new GlobalGuard()
  const api = describeApi(mut, job.facts)
  emit({ type: 'api', members: api, moduleFormat: mut.format })
  const targets = api.flatMap((member): Target[] => {
    const base = { weight: 3, kept: 0, signatures: new Set<string>(), edgeKept: 0, errorKept: 0 }
    return [{ ...base, key: `${member.kind}:${member.path.join('.')}`, kind: member.kind === 'class' ? 'construct' : 'call', member }]
  })
  const methodTargets = new Map<string, Target>()
  const returnedTargets = new Map<string, Target>()
  const growth: Growth = { pool, random, methodTargets, returnedTargets }
  const covered = coveredKeys(job.root)
  let totals: FileCoverageTotals[] = coverageTotals(job.root)
  let tried = 0
  let kept = 0
  let lastGain = Date.now()
  let reason = 'budget spent'
  const reloadEvery = await reloadInterval(mut)

  while (Date.now() < deadline) {
    const all = [...targets, ...methodTargets.values(), ...returnedTargets.values()]
    if (all.length === 0) {
      reason = 'the module exports no functions'
      break
    }
    const target = weightedPick(random, all)
    const candidate = buildCandidate(target, pool, random, job, api)
    if (!candidate) {
      target.weight = Math.max(0.2, target.weight * 0.9)
      continue
    }
    tried++
    // Module state left by earlier calls (a registered rule, a filled cache) hides code from later ones.
    // Counters start from zero for each case, so what it covers is its own (a case that fails does not
    // hand its coverage to the next one).
    resetCounters()
    if (tried % reloadEvery === 0) await mut.load()
    let run: Awaited<ReturnType<typeof runSteps>>
    // Reusing live values is fast, but only honest while they still match their steps.
    const replayAll = candidate.items.some((item) => item.dirty || item.type === 'function')
    const before = replayAll ? [] : candidate.items.map((item) => fingerprint(item.values[item.index]))
    try {
      run = await runSteps(mut, candidate.steps, replayAll ? [] : candidate.prefix)
      if (!replayAll) candidate.items.forEach((item, i) => (item.dirty ||= fingerprint(item.values[item.index]) !== before[i]))
    } catch (error) {
      // Our own failure on a strange value (a getter that throws, a cyclic structure): skip the case.
      run = { ok: false, why: String(error) }
    }
    guard.restore()
    if (!run.ok) {
      target.weight = Math.max(0.2, target.weight * 0.97)
      continue
    }
    const gained: CoverageKey[] = []
    for (const key of coveredKeys(job.root)) if (!covered.has(key)) gained.push(key)
    const outcome = run.case.outcome
    const failed = outcome.kind === 'threw' || outcome.kind === 'rejected'
    const value = outcome.kind === 'returned' || outcome.kind === 'resolved' ? outcome.value : outcome.error
    const signature = `${outcome.kind}:${JSON.stringify(value).slice(0, 200)}:${JSON.stringify(run.case.callbacks).slice(0, 200)}`
    let why: TestCase['reason'] | undefined
    if (gained.length > 0) why = 'coverage'
    else if (job.include.errorHandling && failed && target.errorKept < 2) why = 'error-handling'
    else if (job.include.edgeCases && candidate.edge && target.edgeKept < 2 && !target.signatures.has(signature)) why = 'edge-case'
    else if (
      !failed &&
      !target.signatures.has(signature) &&
      target.signatures.size < BEHAVIOURS_PER_TARGET &&
      !signature.includes('opaque')
    )
      why = 'behaviour'
    if (why) {
      if (why === 'error-handling') target.errorKept++
      if (why === 'edge-case') target.edgeKept++
      target.signatures.add(signature)
      target.kept++
      kept++
      emit({ type: 'case', case: { ...run.case, reason: why }, covers: gained })
    }
    if (gained.length > 0) {
      for (const key of gained) covered.add(key)
      lastGain = Date.now()
      target.weight = Math.min(12, target.weight + 2)
      totals = coverageTotals(job.root)
    } else {
      target.weight = Math.max(0.2, target.weight * 0.98)
    }
    if (!failed) {
      remember(run.result, candidate.steps, run.values, growth, mut.exportIndex)
      rememberReceiver(candidate.steps, run.values, growth)
    }
    if (tried % 250 === 0) {
      const pct = percentages(totals, covered)
      emit({ type: 'progress', tried, kept, statements: round(pct.statements), branches: round(pct.branches) })
      if (pct.statements >= job.coverageTarget && pct.branches >= job.coverageTarget) {
        reason = `coverage target ${job.coverageTarget}% reached`
        break
      }
      // A long plateau: the remaining code is out of this search's reach.
      const quiet = Date.now() - lastGain
      if (tried >= 3000 && quiet > Math.max(10_000, 0.4 * (Date.now() - started))) {
        reason = 'coverage stopped growing'
        break
      }
    }
  }
  emit({ type: 'coverage', files: coverageTotals(job.root) })
  emit({ type: 'done', tried, reason })
}

/**
 * How often the explorer starts from a fresh copy of the module: often when loading is cheap, rarely
 * when it is not; ES modules cannot be unloaded, so every copy stays in memory.
 */
async function reloadInterval(mut: ModuleUnderTest): Promise<number> {
  const started = performance.now()
  await mut.load()
  const ms = performance.now() - started
  if (mut.format === 'module') return 500
  return ms <= 2 ? 5 : ms <= 10 ? 25 : 100
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}

/** A cheap picture of an object's own data, to notice that a call changed it. */
function fingerprint(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value
  } catch {
    return 'unserializable'
  }
}

function weightedPick(random: Random, targets: readonly Target[]): Target {
  const total = targets.reduce((sum, t) => sum + t.weight, 0)
  let roll = random.next() * total
  for (const target of targets) {
    roll -= target.weight
    if (roll <= 0) return target
  }
  return targets.at(-1) as Target
}

interface Candidate {
  steps: Step[]
  prefix: unknown[]
  /** The produced values it builds on. */
  items: Produced[]
  edge: boolean
}

/** Splices the steps of produced values in front of the call and renumbers their references. */
class CandidateBuilder {
  readonly steps: Step[] = []
  readonly prefix: unknown[] = []
  readonly items: Produced[] = []
  private readonly included = new Map<Produced, number>()

  include(item: Produced): number {
    const known = this.included.get(item)
    if (known !== undefined) return known
    const offset = this.steps.length
    for (const step of item.steps) this.steps.push(shift(step, offset))
    this.prefix.push(...item.values)
    const index = offset + item.index
    this.included.set(item, index)
    this.items.push(item)
    return index
  }

  arg(choice: Arg | { kind: 'produced'; item: Produced }): Arg {
    return choice.kind === 'produced' ? { kind: 'step', step: this.include(choice.item) } : choice
  }
}

function shift(step: Step, offset: number): Step {
  const callee = step.callee.kind === 'export' ? step.callee : { ...step.callee, step: step.callee.step + offset }
  const args = step.args.map((arg) => (arg.kind === 'step' ? { ...arg, step: arg.step + offset } : arg))
  return { ...step, callee, args }
}

function buildCandidate(
  target: Target,
  pool: InputPool,
  random: Random,
  job: ExplorerJob,
  api: readonly ApiMember[],
): Candidate | undefined {
  const builder = new CandidateBuilder()
  let params: ParamFacts[] = []
  let callee: Step['callee']
  let construct = false
  if (target.kind === 'call' || target.kind === 'construct') {
    const member = target.member as ApiMember
    params = paramFacts(member.params, member.path.at(-1) ?? '', job)
    callee = { kind: 'export', path: member.path }
    construct = target.kind === 'construct'
  } else {
    const candidates = pool.produced.filter((p) =>
      target.kind === 'method' ? p.ctor === target.ctor && p.type !== 'function' : p.type === 'function' && p.ctor === target.ctor,
    )
    if (candidates.length === 0) return undefined
    const owner = random.pick(candidates)
    const index = builder.include(owner)
    if (target.kind === 'method') {
      const live = owner.values[owner.index] as object
      const names = methodNames(live)
      if (names.length === 0) return undefined
      const name = random.pick(names)
      params = paramFacts(methodParamNames(live, name), name, job)
      callee = { kind: 'method', step: index, name }
    } else {
      const fn = owner.values[owner.index] as (...args: unknown[]) => unknown
      params = paramFacts(
        Array.from({ length: fn.length }, (_, i) => `arg${i}`),
        fn.name,
        job,
      )
      callee = { kind: 'value', step: index }
    }
  }
  const rest = params.at(-1)?.rest === true ? (params.at(-1) as ParamFacts) : undefined
  let count = rest ? params.length - 1 + random.int(4) : params.length
  if (!rest && count > 0 && random.chance(0.2)) count -= 1 + random.int(count)
  else if (!rest && random.chance(0.08)) count += 1
  let edge = false
  const args: Arg[] = []
  for (let i = 0; i < count; i++) {
    const param = params[i] ?? rest
    const choice = pool.argFor(param, i === count - 1)
    if (choice.kind === 'literal' && isEdgeLiteral(choice.value)) edge = true
    args.push(builder.arg(choice))
  }
  // Sometimes another call first, for the state it leaves (a registered rule, a patched prototype).
  if (random.chance(0.12)) {
    const setup = setupStep(api, pool, random, job)
    if (setup) builder.steps.push(setup)
  }
  if (builder.steps.length + 1 > MAX_STEPS) return undefined
  builder.steps.push({ callee, construct, args })
  return { steps: builder.steps, prefix: builder.prefix, items: builder.items, edge }
}

/** A call to another exported function whose result is not used: only its effect on module state. */
function setupStep(api: readonly ApiMember[], pool: InputPool, random: Random, job: ExplorerJob): Step | undefined {
  const functions = api.filter((member) => member.kind === 'function')
  if (functions.length === 0) return undefined
  const member = random.pick(functions)
  const params = paramFacts(member.params, member.path.at(-1) ?? '', job)
  const args: Arg[] = []
  for (const [i, param] of params.entries()) {
    if (param.rest) break
    const choice = pool.argFor(param, i === params.length - 1)
    if (choice.kind === 'produced') return undefined
    args.push(choice)
  }
  return { callee: { kind: 'export', path: member.path }, construct: false, args }
}

function isEdgeLiteral(value: unknown): boolean {
  return (
    value === null ||
    value === '' ||
    value === 0 ||
    (typeof value === 'object' && value !== null && ('$undefined' in value || '$number' in value || Object.keys(value).length === 0))
  )
}

function methodParamNames(owner: object, name: string): string[] {
  const fn = (owner as Record<string, unknown>)[name]
  if (typeof fn !== 'function') return []
  return Array.from({ length: fn.length }, (_, i) => `arg${i}`)
}

function paramFacts(names: readonly string[], functionName: string, job: ExplorerJob): ParamFacts[] {
  const known = paramsOf(job.facts, functionName) ?? paramsOf(job.facts, `_${functionName}`)
  return names.map(
    (name, i) =>
      known?.[i] ?? known?.find((p) => p.name === name) ?? { name, hints: [], props: [], compared: [], optional: false, rest: false },
  )
}

/** Puts what a call returned into the pool (objects, functions, class instances) and learns its strings. */
function remember(result: unknown, steps: Step[], values: unknown[], growth: Growth, exportIndex: ReadonlyMap<unknown, unknown>): void {
  learnStrings(result, growth.pool)
  if (typeof result === 'string') return
  if (steps.length >= MAX_STEPS || result === null || (typeof result !== 'object' && typeof result !== 'function')) return
  // A member of the module is reached through its export, not through the call that returned it;
  // an argument handed back (our own function, our own object) is not something the module made.
  if (exportIndex.has(result)) return
  if (values.slice(0, -1).includes(result) || (typeof result === 'function' && isOurFunction(result as () => unknown))) return
  if (typeof (result as { then?: unknown }).then === 'function') return
  addProduced(result, steps.length - 1, steps, values, growth)
}

/** Strings inside a result (keys and values, a few levels down) become inputs: ids the code knows. */
function learnStrings(value: unknown, pool: InputPool, depth = 0, budget = { left: 60 }): void {
  if (budget.left <= 0 || depth > 3) return
  if (typeof value === 'string') {
    budget.left--
    pool.learn(value)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const entries = Array.isArray(value)
    ? value.slice(0, 8).map((item): [string | undefined, unknown] => [undefined, item])
    : Object.entries(value).slice(0, 20)
  for (const [key, item] of entries) {
    if (key !== undefined) learnStrings(key, pool, depth + 1, budget)
    learnStrings(item, pool, depth + 1, budget)
  }
}

/** The object a method was called on, as that call left it (a cart after `add`), for later calls. */
function rememberReceiver(steps: Step[], values: unknown[], growth: Growth): void {
  const callee = steps.at(-1)?.callee
  if (callee?.kind !== 'method' || steps.length >= MAX_STEPS || !growth.random.chance(0.5)) return
  const receiver = values[callee.step]
  if (typeof receiver !== 'object' || receiver === null) return
  learnStrings(receiver, growth.pool)
  addProduced(receiver, callee.step, steps, values, growth)
}

/** What grows as the search finds things: the pool of made values and the targets they open up. */
interface Growth {
  pool: InputPool
  random: Random
  methodTargets: Map<string, Target>
  returnedTargets: Map<string, Target>
}

function addProduced(result: unknown, index: number, steps: Step[], values: unknown[], growth: Growth): void {
  const { pool, random, methodTargets, returnedTargets } = growth
  const type: Produced['type'] =
    typeof result === 'function'
      ? 'function'
      : Array.isArray(result)
        ? 'array'
        : Object.getPrototypeOf(result) === Object.prototype
          ? 'object'
          : 'instance'
  const ctor =
    type === 'function'
      ? `arity${(result as () => void).length}`
      : type === 'instance'
        ? ((result as object).constructor?.name ?? null)
        : null
  if (type === 'function' && isClass(result)) return
  const same = pool.produced.filter((p) => p.type === type && p.ctor === ctor).length
  if (same >= 4 && !random.chance(0.3)) return
  pool.addProduced({ steps, values, index, type, ctor, dirty: false })
  const base = { weight: 3, kept: 0, signatures: new Set<string>(), edgeKept: 0, errorKept: 0 }
  if (type === 'function') {
    const key = `returned:${ctor}`
    if (!returnedTargets.has(key)) returnedTargets.set(key, { ...base, key, kind: 'returned-function', ctor })
  } else if (methodNames(result as object).length > 0) {
    const key = `method:${ctor}:${type}`
    if (!methodTargets.has(key)) methodTargets.set(key, { ...base, key, kind: 'method', ctor })
  }
}

/** Recorders and the stock function arguments carry their own `toString` (see watchToString). */
function isOurFunction(fn: () => unknown): boolean {
  return Object.prototype.hasOwnProperty.call(fn, 'toString')
}

/** Runs each case again, twice, in fresh copies of the module: its own coverage, and what is stable. */
export async function replay(job: ExplorerJob, mut: ModuleUnderTest, emit: Emit): Promise<void> {
  const guard = new GlobalGuard()
  const cases = job.cases ?? []
  for (const [index, original] of cases.entries()) {
    const runs = []
    let covers: CoverageKey[] = []
    for (let attempt = 0; attempt < 2; attempt++) {
      resetCounters()
      await mut.load()
      const run = await runSteps(mut, original.steps)
      guard.restore()
      if (attempt === 0) covers = [...coveredKeys(job.root)]
      runs.push(run)
    }
    const [first, second] = runs
    if (!first?.ok || !second?.ok) {
      emit({
        type: 'replayed',
        index,
        case: null,
        covers: [],
        stable: false,
        error: first && !first.ok ? first.why : second && !second.ok ? second.why : 'failed',
      })
      continue
    }
    const a = first.case
    const b = second.case
    if (
      a.outcome.kind !== b.outcome.kind ||
      JSON.stringify(a.callbacks.map(([i, c]) => [i, c.length])) !== JSON.stringify(b.callbacks.map(([i, c]) => [i, c.length]))
    ) {
      emit({ type: 'replayed', index, case: null, covers, stable: false, error: 'the outcome changes from run to run' })
      continue
    }
    const outcome =
      a.outcome.kind === 'returned' || a.outcome.kind === 'resolved'
        ? { kind: a.outcome.kind, value: stableShape(a.outcome.value, (b.outcome as { value: typeof a.outcome.value }).value) }
        : { kind: a.outcome.kind, error: stableShape(a.outcome.error, (b.outcome as { error: typeof a.outcome.error }).error) }
    const callbacks = a.callbacks.map(([i, calls], k): [number, typeof calls] => [
      i,
      calls.map((args, c) =>
        args.map((shape, s) => stableShape(shape, b.callbacks[k]?.[1][c]?.[s] ?? { kind: 'opaque', type: 'missing' })),
      ),
    ])
    const mutations = a.mutations.map(([i, shape], k): [number, typeof shape] => [
      i,
      stableShape(shape, b.mutations[k]?.[1] ?? { kind: 'opaque', type: 'missing' }),
    ])
    emit({
      type: 'replayed',
      index,
      case: { ...original, outcome: outcome as TestCase['outcome'], callbacks, mutations },
      covers,
      stable: true,
    })
  }
  emit({ type: 'coverage', files: coverageTotals(job.root) })
  emit({ type: 'done', tried: cases.length, reason: 'replayed' })
}
