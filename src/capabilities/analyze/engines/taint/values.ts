/** Abstract values: which untrusted origins a value may carry, how it got there, and static facts. */
import type { Confidence } from '../../../../core/finding.js'
import type { ClassDef, Func, Loc } from './ir.js'
import type { CompiledSource } from './spec.js'

export interface Step {
  loc: Loc
  message: string
  /** Set when the step is in another file (cross-module flows). */
  file?: string
}

/** A path of steps as a linked list (shared tails: extending a trail is O(1)). */
export interface Trail {
  step: Step
  prev: Trail | undefined
  length: number
}

export const MAX_TRAIL = 24

export function extend(trail: Trail | undefined, step: Step): Trail {
  if (trail && trail.length >= MAX_TRAIL) {
    // Keep the source end and the newest steps; drop one from the middle.
    const steps = trailSteps(trail)
    steps.splice(Math.floor(steps.length / 2), 1)
    return trailOf([...steps, step])!
  }
  return { step, prev: trail, length: (trail?.length ?? 0) + 1 }
}

export function trailSteps(trail: Trail | undefined): Step[] {
  const out: Step[] = []
  for (let t = trail; t; t = t.prev) out.push(t.step)
  return out.reverse()
}

export function trailOf(steps: Step[]): Trail | undefined {
  let trail: Trail | undefined
  for (const step of steps) trail = { step, prev: trail, length: (trail?.length ?? 0) + 1 }
  return trail
}

/** Appends every step of `inner` after `outer`. */
export function concatTrails(outer: Trail | undefined, inner: Trail | undefined, file?: string): Trail | undefined {
  let trail = outer
  for (const step of trailSteps(inner)) trail = extend(trail, file !== undefined && step.file === undefined ? { ...step, file } : step)
  return trail
}

export type Origin =
  | { kind: 'source'; source: CompiledSource; label: string; loc: Loc; confidence: Confidence; file?: string }
  /** Symbolic: whatever the caller passes as parameter `index` (-1: any argument, `arguments`), read along `path`. */
  | { kind: 'param'; fn: number; index: number; path: readonly string[] }

export interface Taint {
  origin: Origin
  /** Kinds (bit mask) this taint has been sanitized or validated for. */
  cleared: number
  trail: Trail | undefined
  /** Approximations on the way (unknown calls, heuristics): lowers the confidence. */
  approx: number
}

/** An object whose listed parts are untrusted (a request), read so far along `prefix`. */
export interface SourceObject {
  source: CompiledSource
  prefix: readonly string[]
  label: string
  loc: Loc
}

export interface FnRef {
  fn: Func
  /** The scope the function closes over. */
  scope: unknown
  /** Bound `this` (methods read from an instance). */
  self?: Value
}

export interface ClassRef {
  def: ClassDef
  /** Shared by every instance: field name -> value stored by any method. */
  fields: Map<string, Value>
  scope: unknown
}

/** Static knowledge of a validation schema (zod, Joi, pydantic): which fields can still hold free text. */
export type Shape = { safe: true } | { safe: false; fields?: Map<string, Shape> }

export interface Value {
  taints: readonly Taint[]
  objs?: readonly SourceObject[]
  /** Qualified name: a module, an imported function, a global (`child_process.exec`, `eval`). */
  qn?: string
  fn?: FnRef
  cls?: ClassRef
  /** An instance of a class defined in this file. */
  instanceOf?: ClassRef
  /** Field-sensitive view of object and array literals; `taints` still holds the union. */
  fields?: ReadonlyMap<string, Value>
  /** Literal text known to start the string (`https://api.example.com/`). */
  prefix?: string
  /** A literal string value. */
  str?: string
  /** A regular expression's source (regex literal, `re.compile('...')`). */
  regex?: string
  /** Validated data: which fields can still hold free text. */
  shape?: Shape
  /** A schema builder (`z.object({...})`, `Joi.string()`): the shape data validated by it will have. */
  schema?: Shape
  /** The value came out of a module this project owns (cross-module summaries). */
  importRef?: { module: string; name: string }
  /**
   * Read as `obj[key]` with an untrusted key: the object may be a prototype (`o['__proto__']`,
   * `o.constructor.prototype`). The taints of the keys on the way.
   */
  proto?: readonly Taint[]
  /** Written as `obj[key] = v` with untrusted keys: enumerating this object's keys yields them. */
  keys?: readonly Taint[]
  /** A key (or the list of keys) of the object with this access chain (`for (k in src)`, `Object.keys(src)`). */
  keyOf?: string
  /** The object passed as parameter `index` of function `fn` itself (-1: `arguments`, and `path` [i] an element of it). */
  paramObj?: { fn: number; index: number; path: readonly string[] }
}

export const CLEAN: Value = Object.freeze({ taints: [] }) as Value

export const MAX_TAINTS = 6

function originKey(o: Origin): string {
  return o.kind === 'source' ? `s:${o.source.id}:${o.loc.line}:${o.loc.col}:${o.label}` : `p:${o.fn}:${o.index}:${o.path.join('.')}`
}

export function taintKey(t: Taint): string {
  return `${originKey(t.origin)}|${t.cleared}`
}

/** Union of taint lists, deduplicated, capped (live taints before cleared ones, short trails first). */
export function mergeTaints(a: readonly Taint[], b: readonly Taint[]): readonly Taint[] {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const byKey = new Map<string, Taint>()
  for (const t of [...a, ...b]) {
    const key = taintKey(t)
    const prev = byKey.get(key)
    if (!prev || (t.trail?.length ?? 0) < (prev.trail?.length ?? 0)) byKey.set(key, t)
  }
  let out = [...byKey.values()]
  if (out.length > MAX_TAINTS) {
    out.sort((x, y) => Number(x.cleared !== 0) - Number(y.cleared !== 0) || (x.trail?.length ?? 0) - (y.trail?.length ?? 0))
    out = out.slice(0, MAX_TAINTS)
  }
  return out
}

export function isTainted(v: Value): boolean {
  return v.taints.length > 0 || (v.objs !== undefined && v.objs.length > 0)
}

export function join(a: Value, b: Value): Value {
  if (a === b || b === CLEAN) return a
  if (a === CLEAN) return b
  const out: Value = { taints: mergeTaints(a.taints, b.taints) }
  if (a.objs || b.objs) out.objs = [...(a.objs ?? []), ...(b.objs ?? [])].slice(0, 4)
  if (a.qn !== undefined && a.qn === b.qn) out.qn = a.qn
  if (a.fn && (!b.fn || a.fn.fn === b.fn.fn)) out.fn = a.fn
  else if (b.fn && !a.fn) out.fn = b.fn
  if (a.cls && a.cls === b.cls) out.cls = a.cls
  if (a.instanceOf && (a.instanceOf === b.instanceOf || !b.instanceOf)) out.instanceOf = a.instanceOf
  else if (b.instanceOf && !a.instanceOf) out.instanceOf = b.instanceOf
  if (a.fields && b.fields) {
    const fields = new Map<string, Value>()
    for (const [k, v] of a.fields) {
      const other = b.fields.get(k)
      if (other) fields.set(k, join(v, other))
    }
    if (fields.size) out.fields = fields
  }
  if (a.prefix !== undefined && a.prefix === b.prefix) out.prefix = a.prefix
  if (a.regex !== undefined && a.regex === b.regex) out.regex = a.regex
  if (a.shape && a.shape === b.shape) out.shape = a.shape
  if (a.schema && a.schema === b.schema) out.schema = a.schema
  if (a.proto || b.proto) out.proto = mergeTaints(a.proto ?? [], b.proto ?? [])
  if (a.keys || b.keys) out.keys = mergeTaints(a.keys ?? [], b.keys ?? [])
  if (a.keyOf !== undefined && a.keyOf === b.keyOf) out.keyOf = a.keyOf
  const paramObj = a.paramObj ?? b.paramObj
  if (paramObj) out.paramObj = paramObj
  return out
}

export function joinAll(values: Value[]): Value {
  let out = CLEAN
  for (const v of values) out = join(out, v)
  return out
}

/** The same origins, marked sanitized for `mask`. */
export function clear(v: Value, mask: number): Value {
  if (v.taints.length === 0) return v.objs ? { taints: [] } : v
  return { taints: v.taints.map((t) => ({ ...t, cleared: t.cleared | mask })) }
}

export function withStep(v: Value, step: Step): Value {
  if (v.taints.length === 0) return v
  return { ...v, taints: v.taints.map((t) => ({ ...t, trail: extend(t.trail, step) })) }
}

export function approx(v: Value, n = 1): Value {
  if (v.taints.length === 0) return v
  return { taints: v.taints.map((t) => ({ ...t, approx: t.approx + n })) }
}

/** Only the taints (drops static facts such as function or class identity). */
export function taintsOnly(v: Value): Value {
  return v.taints.length === 0 ? CLEAN : { taints: v.taints }
}

export function bit(n: number): number {
  return 1 << n
}
