/**
 * From a Shape (what the code under test produced) to assertions, framework-neutral: an equality on a
 * literal when the value is small and plain, otherwise its size and class plus the first entries, so
 * every assertion checks a value that came from the code under test and none pastes a huge table.
 */
import type { ExportPath, Literal, Shape } from '../plan.js'
import { FIXTURE_DIR_TOKEN } from '../explorer/describe.js'

export type Assertion =
  | { kind: 'equal'; actual: string; expected: string; deep: boolean }
  | { kind: 'true'; expression: string }
  | { kind: 'instance'; actual: string; ctor: string }

export interface AssertionContext {
  /** JavaScript expression of a module member, by export path. */
  exportExpression(path: ExportPath): string
  /** Constructors known by name (exported classes): `instanceof` is asserted for them. */
  classes: Map<string, string>
  /** Expression of the call's argument i, when arguments are bound to variables. */
  argumentExpression(index: number): string | undefined
  /** Name of the fixture folder variable. */
  fixtureDir: string
}

const MAX_ASSERTIONS = 10
const MAX_LITERAL_LENGTH = 240

export function assertionsFor(actual: string, shape: Shape, ctx: AssertionContext, out: Assertion[] = []): Assertion[] {
  if (out.length >= MAX_ASSERTIONS) return out
  const whole = literalText(shape, ctx)
  if (whole !== undefined && whole.length <= MAX_LITERAL_LENGTH) {
    if (shape.kind === 'literal') out.push(literalAssertion(actual, shape.value, whole))
    else
      out.push({
        kind: 'equal',
        actual: shape.kind === 'object' && shape.ctor !== null ? `{ ...${actual} }` : actual,
        expected: whole,
        deep: true,
      })
    if (shape.kind === 'object' && shape.ctor) pushInstance(actual, shape.ctor, ctx, out, true)
    return out
  }
  switch (shape.kind) {
    case 'literal':
      return out // a long literal: described as opaque upstream
    case 'array':
      out.push({ kind: 'equal', actual: `${actual}.length`, expected: String(shape.length), deep: false })
      shape.items.forEach((item, i) => assertionsFor(`${actual}[${i}]`, item, ctx, out))
      return out
    case 'object':
      if (shape.ctor) pushInstance(actual, shape.ctor, ctx, out, false)
      out.push({ kind: 'equal', actual: `Object.keys(${actual}).length`, expected: String(shape.keys), deep: false })
      for (const [key, item] of shape.entries) assertionsFor(`${actual}${access(key)}`, item, ctx, out)
      return out
    case 'function':
      out.push({ kind: 'equal', actual: `typeof ${actual}`, expected: "'function'", deep: false })
      return out
    case 'error':
      out.push({ kind: 'true', expression: `${actual} instanceof Error` })
      if (shape.message) out.push({ kind: 'equal', actual: `${actual}.message`, expected: stringText(shape.message, ctx), deep: false })
      if (shape.code) out.push({ kind: 'equal', actual: `${actual}.code`, expected: quote(shape.code), deep: false })
      return out
    case 'buffer':
      out.push({ kind: 'true', expression: `Buffer.isBuffer(${actual})` })
      if (shape.text !== null) out.push({ kind: 'equal', actual: `${actual}.toString('utf8')`, expected: quote(shape.text), deep: false })
      else out.push({ kind: 'equal', actual: `${actual}.length`, expected: String(shape.length), deep: false })
      return out
    case 'date':
      out.push({ kind: 'true', expression: `${actual} instanceof Date` })
      if (shape.iso) out.push({ kind: 'equal', actual: `${actual}.toISOString()`, expected: quote(shape.iso), deep: false })
      return out
    case 'map':
    case 'set':
      out.push({ kind: 'equal', actual: `${actual}.size`, expected: String(shape.size), deep: false })
      return out
    case 'export':
      out.push({ kind: 'equal', actual, expected: ctx.exportExpression(shape.path), deep: false })
      return out
    case 'argument': {
      const expression = ctx.argumentExpression(shape.index)
      if (expression) out.push({ kind: 'equal', actual, expected: expression, deep: false })
      return out
    }
    case 'opaque':
      return out
  }
}

function pushInstance(actual: string, ctor: string, ctx: AssertionContext, out: Assertion[], first: boolean): void {
  const expression = ctx.classes.get(ctor)
  if (!expression) return
  const assertion: Assertion = { kind: 'instance', actual, ctor: expression }
  if (first) out.splice(out.length - 1, 0, assertion)
  else out.push(assertion)
}

function literalAssertion(actual: string, value: Literal, text: string): Assertion {
  if (typeof value === 'object' && value !== null && '$number' in value) {
    if (value.$number === 'NaN') return { kind: 'true', expression: `Number.isNaN(${actual})` }
    if (value.$number === '-0') return { kind: 'true', expression: `Object.is(${actual}, -0)` }
  }
  const deep = typeof value === 'object' && value !== null && !('$number' in value) && !('$undefined' in value) && !('$bigint' in value)
  return { kind: 'equal', actual, expected: text, deep }
}

/** The whole value as a literal, when every part of it can be written (and compared) as one. */
export function literalText(shape: Shape, ctx: AssertionContext, top = true): string | undefined {
  switch (shape.kind) {
    case 'literal':
      return typeof shape.value === 'string' ? stringText(shape.value, ctx) : renderLiteral(shape.value)
    case 'array': {
      if (shape.items.length !== shape.length) return undefined
      const items = shape.items.map((item) => literalText(item, ctx, false))
      if (items.some((item) => item === undefined)) return undefined
      return `[${items.join(', ')}]`
    }
    case 'object': {
      // Below the top, only plain objects compare equal to a literal (the top is compared as `{ ...value }`).
      if (shape.entries.length !== shape.keys || (!top && shape.ctor !== null)) return undefined
      const entries = shape.entries.map(([key, item]) => {
        const text = literalText(item, ctx, false)
        return text === undefined ? undefined : `${propertyKey(key)}: ${text}`
      })
      if (entries.some((entry) => entry === undefined)) return undefined
      return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
    }
    default:
      return undefined
  }
}

/** An input literal as JavaScript source. */
export function renderLiteral(value: Literal): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(renderLiteral).join(', ')}]`
  if ('$undefined' in value) return 'undefined'
  if ('$number' in value) return String(value.$number)
  // RegExp#source (and a literal's pattern) already escapes `/`.
  if ('$regexp' in value && typeof value.$regexp === 'string') return `/${value.$regexp || '(?:)'}/${String(value.flags)}`
  if ('$bigint' in value && typeof value.$bigint === 'string') return `${value.$bigint}n`
  const entries = Object.entries(value).map(([key, item]) => `${propertyKey(key)}: ${renderLiteral(item as Literal)}`)
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
}

function stringText(value: string, ctx: AssertionContext): string {
  if (!value.includes(FIXTURE_DIR_TOKEN)) return quote(value)
  const parts = value.split(FIXTURE_DIR_TOKEN).map((part) => part.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${'))
  return `\`${parts.join(`\${${ctx.fixtureDir}}`)}\``
}

export function quote(text: string): string {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key)
}

export function access(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${quote(key)}]`
}
