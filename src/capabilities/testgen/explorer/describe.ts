/**
 * Turning values the code under test produced into Shapes the writers can assert on, and literals
 * (the inputs) into live values. Big values are described partly (sizes plus the first entries), so a
 * test asserts what matters without pasting a 250-country table.
 */
import type { ExportPath, Literal, Shape } from '../plan.js'

/** Marks the fixture folder inside strings; the writer turns it back into `${dir}`. */
export const FIXTURE_DIR_TOKEN = '{{codex:fixtures}}'

const MAX_ITEMS = 6
const MAX_DEPTH = 4
const MAX_STRING = 400

export interface DescribeContext {
  /** Objects that are members of the module: described by their export path. */
  exports: Map<unknown, ExportPath>
  /** The call's arguments: a result that is one of them is described as such. */
  args: readonly unknown[]
  fixtureDir: string | undefined
  /** Source text of the functions passed in: a result that quotes one depends on how the test spells it. */
  functionTexts?: readonly string[]
}

export function describeValue(value: unknown, ctx: DescribeContext, depth = 0, seen = new Set<unknown>()): Shape {
  if (value === undefined) return { kind: 'literal', value: { $undefined: true } }
  if (value === null || typeof value === 'boolean') return { kind: 'literal', value }
  if (typeof value === 'number') return { kind: 'literal', value: encodeNumber(value) }
  if (typeof value === 'bigint') return { kind: 'literal', value: { $bigint: value.toString() } }
  if (typeof value === 'string') return describeString(value, ctx)
  if (typeof value === 'symbol') return { kind: 'opaque', type: 'symbol' }
  const exportPath = ctx.exports.get(value)
  if (exportPath) return { kind: 'export', path: exportPath }
  if (depth === 0) {
    const argIndex = ctx.args.findIndex((arg) => arg === value && typeof arg === 'object' && arg !== null)
    if (argIndex >= 0) return { kind: 'argument', index: argIndex }
  }
  if (typeof value === 'function') return { kind: 'function', name: value.name, length: value.length }
  if (seen.has(value) || depth > MAX_DEPTH) return { kind: 'opaque', type: 'object' }
  seen.add(value)
  try {
    return describeObject(value, ctx, depth, seen)
  } finally {
    seen.delete(value)
  }
}

function describeString(value: string, ctx: DescribeContext): Shape {
  let text = value
  if (ctx.fixtureDir && text.includes(ctx.fixtureDir)) text = text.split(ctx.fixtureDir).join(FIXTURE_DIR_TOKEN)
  if (text.length > MAX_STRING) return { kind: 'opaque', type: 'long string' }
  if (ctx.functionTexts?.some((source) => text.includes(source))) return { kind: 'opaque', type: 'string quoting a function' }
  // Absolute paths other than the fixture folder depend on the machine.
  if (/(^|[\s'"(])\/(tmp|home|root|Users|var|private)\//.test(text)) return { kind: 'opaque', type: 'string with a path' }
  return { kind: 'literal', value: text }
}

function describeObject(value: object, ctx: DescribeContext, depth: number, seen: Set<unknown>): Shape {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code
    const message = describeString(value.message, ctx)
    return {
      kind: 'error',
      ctor: value.constructor?.name ?? 'Error',
      message: message.kind === 'literal' ? (message.value as string) : '',
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8')
    return {
      kind: 'buffer',
      length: value.length,
      text: Buffer.from(text, 'utf8').equals(value) && text.length <= MAX_STRING ? text : null,
    }
  }
  if (value instanceof Date) return { kind: 'date', iso: Number.isNaN(value.getTime()) ? null : value.toISOString() }
  if (value instanceof RegExp) return { kind: 'literal', value: { $regexp: value.source, flags: value.flags } }
  if (value instanceof Map) {
    const entries = [...value.entries()]
      .slice(0, MAX_ITEMS)
      .map(([k, v]): [Shape, Shape] => [describeValue(k, ctx, depth + 1, seen), describeValue(v, ctx, depth + 1, seen)])
    return { kind: 'map', size: value.size, entries }
  }
  if (value instanceof Set) {
    return { kind: 'set', size: value.size, items: [...value].slice(0, MAX_ITEMS).map((item) => describeValue(item, ctx, depth + 1, seen)) }
  }
  if (typeof (value as { then?: unknown }).then === 'function') return { kind: 'opaque', type: 'promise' }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof WeakMap || value instanceof WeakSet) {
    return { kind: 'opaque', type: value.constructor.name }
  }
  if (Array.isArray(value)) {
    return {
      kind: 'array',
      length: value.length,
      items: value.slice(0, MAX_ITEMS).map((item) => describeValue(item, ctx, depth + 1, seen)),
    }
  }
  const proto = Object.getPrototypeOf(value) as object | null
  // null: a plain object; '' for a null-prototype object (compared as a copy, like an instance).
  const ctor =
    proto === Object.prototype
      ? null
      : proto === null
        ? ''
        : (classOf(proto, ctx) ?? (proto.constructor as { name?: string } | undefined)?.name ?? '')
  let keys: string[]
  try {
    keys = Object.keys(value)
  } catch {
    return { kind: 'opaque', type: 'object' }
  }
  const entries: [string, Shape][] = []
  for (const key of keys.slice(0, MAX_ITEMS)) {
    let item: unknown
    try {
      item = (value as Record<string, unknown>)[key]
    } catch {
      return { kind: 'opaque', type: 'object' }
    }
    entries.push([key, describeValue(item, ctx, depth + 1, seen)])
  }
  return { kind: 'object', ctor, keys: keys.length, entries }
}

const prototypeNames = new WeakMap<Map<unknown, ExportPath>, Map<object, string>>()

/** The exported class whose prototype this is (`Complex.prototype = {...}` leaves `constructor` as Object). */
function classOf(proto: object, ctx: DescribeContext): string | undefined {
  let names = prototypeNames.get(ctx.exports)
  if (!names) {
    names = new Map()
    for (const value of ctx.exports.keys()) {
      if (typeof value !== 'function') continue
      const prototype = (value as { prototype?: unknown }).prototype
      if (typeof prototype === 'object' && prototype !== null && prototype !== Object.prototype && value.name)
        names.set(prototype, value.name)
    }
    prototypeNames.set(ctx.exports, names)
  }
  return names.get(proto)
}

export function encodeNumber(value: number): Literal {
  if (Number.isNaN(value)) return { $number: 'NaN' }
  if (value === Number.POSITIVE_INFINITY) return { $number: 'Infinity' }
  if (value === Number.NEGATIVE_INFINITY) return { $number: '-Infinity' }
  if (Object.is(value, -0)) return { $number: '-0' }
  return value
}

/** The live value of an input literal. */
export function decodeLiteral(literal: Literal): unknown {
  if (literal === null || typeof literal !== 'object') return literal
  if (Array.isArray(literal)) return literal.map(decodeLiteral)
  if ('$undefined' in literal) return undefined
  if ('$number' in literal) return Number(literal.$number)
  if ('$regexp' in literal && typeof literal.$regexp === 'string') return new RegExp(literal.$regexp, literal.flags as string)
  if ('$bigint' in literal && typeof literal.$bigint === 'string') return BigInt(literal.$bigint)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(literal)) out[key] = decodeLiteral(value as Literal)
  return out
}

/** Two shapes merged: where they differ (a value that changes from run to run) the result is opaque. */
export function stableShape(a: Shape, b: Shape): Shape {
  if (JSON.stringify(a) === JSON.stringify(b)) return a
  if (a.kind === 'array' && b.kind === 'array' && a.length === b.length && a.items.length === b.items.length) {
    return { ...a, items: a.items.map((item, i) => stableShape(item, b.items[i] as Shape)) }
  }
  if (a.kind === 'object' && b.kind === 'object' && a.ctor === b.ctor && a.keys === b.keys && a.entries.length === b.entries.length) {
    const same = a.entries.every(([key], i) => b.entries[i]?.[0] === key)
    if (same) return { ...a, entries: a.entries.map(([key, item], i) => [key, stableShape(item, (b.entries[i] as [string, Shape])[1])]) }
  }
  if (a.kind === 'error' && b.kind === 'error' && a.ctor === b.ctor) return { ...a, message: a.message === b.message ? a.message : '' }
  return { kind: 'opaque', type: a.kind === 'literal' ? typeof a.value : a.kind }
}
