/** Static naming helpers: the text of access chains and arguments, for matching the taint data. */
import type { Arg, Expr } from './ir.js'

/** `a.b.c` for an access chain of identifiers and static members (`this.` / `self.` dropped), else undefined. */
export function chainKey(e: Expr): string | undefined {
  switch (e.k) {
    case 'id':
      return e.name
    case 'member': {
      if (e.obj.k === 'this') return `this.${e.prop}`
      const base = chainKey(e.obj)
      return base === undefined ? undefined : `${base}.${e.prop}`
    }
    case 'this':
      return 'this'
    default:
      return undefined
  }
}

/** The callee as written: `db.query`, `pool.promise().query`, `getDb().query` (`this.` and `self.` removed). */
export function syntacticName(e: Expr, depth = 0): string | undefined {
  if (depth > 8) return undefined
  switch (e.k) {
    case 'id':
      return e.name === 'self' ? undefined : e.name
    case 'this':
      return undefined
    case 'member': {
      const base = syntacticName(e.obj, depth + 1)
      return base === undefined ? e.prop : `${base}.${e.prop}`
    }
    case 'call': {
      const base = syntacticName(e.callee, depth + 1)
      return base === undefined ? undefined : `${base}()`
    }
    case 'await':
      return syntacticName(e.arg, depth + 1)
    default:
      return undefined
  }
}

/** The last segment of an expression's name (`db` for `this.db`, `promise()` for `pool.promise()`). */
export function lastName(e: Expr): string | undefined {
  switch (e.k) {
    case 'id':
      return e.name
    case 'this':
      return 'this'
    case 'member':
      return e.prop
    case 'call': {
      const inner = lastName(e.callee)
      return inner === undefined ? undefined : `${inner}()`
    }
    case 'await':
      return lastName(e.arg)
    case 'index':
      return lastName(e.obj)
    default:
      return undefined
  }
}

/** Literal text of an argument for conditions: string content, number/boolean text, regex source, or a dotted name. */
export function exprText(e: Expr): string | undefined {
  switch (e.k) {
    case 'lit':
      return e.regex ? e.regex.pattern : (e.value ?? e.raw)
    case 'id':
    case 'member':
      return syntacticName(e)
    case 'call':
      return syntacticName(e.callee)
    default:
      return undefined
  }
}

export function positional(args: Arg[], index: number): Arg | undefined {
  let i = 0
  for (const a of args) {
    if (a.name !== undefined || a.spread === 'dict') continue
    if (a.spread === 'list') return a
    if (i === index) return a
    i++
  }
  return undefined
}

export function keyword(args: Arg[], name: string): Arg | undefined {
  return args.find((a) => a.name === name)
}

/** Reads a (possibly dotted) key from an object-literal expression. */
export function objectKey(e: Expr, key: string): Expr | undefined {
  let current: Expr | undefined = e
  for (const part of key.split('.')) {
    if (current?.k !== 'obj') return undefined
    const lower = part.toLowerCase()
    current = current.props.find((p) => p.key !== undefined && p.key.toLowerCase() === lower)?.value
  }
  return current
}
