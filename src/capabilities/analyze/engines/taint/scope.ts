/** Variable scopes for the abstract interpreter: one per function, chained to the closure's scope. */
import type { Expr } from './ir.js'
import { CLEAN, join, type Value } from './values.js'

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36
}

function carriesSource(v: Value): boolean {
  return (v.objs !== undefined && v.objs.length > 0) || v.taints.some((t) => t.origin.kind === 'source')
}

export class Scope {
  vars: Map<string, Value>
  /** Refined member paths (`req.query.sort` after an allow-list check). */
  paths: Map<string, Value>
  /** Names that ever held untrusted data here (never shrinks). */
  taintedNames: Set<string> = new Set()
  /** `u = new URL(x)`: u -> (x, 'URL'), so validating u's host validates x; also `p = normpath(x)`. */
  derived: Map<string, { from: Expr; via: string }> = new Map()

  constructor(
    readonly parent?: Scope,
    vars?: Map<string, Value>,
    paths?: Map<string, Value>,
  ) {
    this.vars = vars ?? new Map()
    this.paths = paths ?? new Map()
  }

  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name)
  }

  derivedFrom(name: string): { from: Expr; via: string } | undefined {
    const here = this.derived.get(name)
    if (here !== undefined) return here
    if (this.vars.has(name)) return undefined
    return this.parent?.derivedFrom(name)
  }

  lookupPath(key: string): Value | undefined {
    return (this.paths.size ? this.paths.get(key) : undefined) ?? this.parent?.lookupPath(key)
  }

  declare(name: string, value: Value): void {
    this.vars.set(name, value)
    if (carriesSource(value)) this.taintedNames.add(name)
    this.invalidatePaths(name)
  }

  /** Assignment: updates the scope that holds the name, else declares it here. */
  assign(name: string, value: Value): void {
    const holder = this.holderOf(name)
    if (holder) {
      holder.vars.set(name, value)
      if (carriesSource(value)) holder.taintedNames.add(name)
      holder.invalidatePaths(name)
    } else this.declare(name, value)
  }

  private holderOf(name: string): Scope | undefined {
    return this.vars.has(name) ? this : this.parent?.holderOf(name)
  }

  setPath(key: string, value: Value): void {
    this.paths.set(key, value)
  }

  private invalidatePaths(name: string): void {
    if (this.paths.size === 0) return
    for (const key of [...this.paths.keys()]) if (key === name || key.startsWith(`${name}.`)) this.paths.delete(key)
  }

  /** Whether `text` mentions a name that held untrusted data in this scope or one it closes over. */
  mentionsTainted(text: string): boolean {
    for (const name of this.taintedNames) {
      let at = text.indexOf(name)
      while (at >= 0) {
        const before = text.charCodeAt(at - 1)
        const after = text.charCodeAt(at + name.length)
        if (!isWordChar(before) && !isWordChar(after)) return true
        at = text.indexOf(name, at + 1)
      }
    }
    return this.parent?.mentionsTainted(text) ?? false
  }

  fork(): Scope {
    const copy = new Scope(this.parent, new Map(this.vars), new Map(this.paths))
    copy.derived = this.derived
    copy.taintedNames = this.taintedNames
    return copy
  }

  /** Takes the state of `other` (a fork of this scope). */
  replaceWith(other: Scope): void {
    this.vars = other.vars
    this.paths = other.paths
    for (const n of other.taintedNames) this.taintedNames.add(n)
  }

  /** Merges the states of several forks that all reach this point. */
  static joinInto(target: Scope, branches: Scope[]): void {
    if (branches.length === 0) return
    if (branches.length === 1) {
      target.replaceWith(branches[0]!)
      return
    }
    const vars = new Map<string, Value>()
    const names = new Set<string>()
    for (const b of branches) for (const k of b.vars.keys()) names.add(k)
    for (const name of names) {
      let v: Value | undefined
      for (const b of branches) {
        const bv = b.vars.get(name) ?? CLEAN
        v = v === undefined ? bv : join(v, bv)
      }
      vars.set(name, v!)
    }
    // A refined path survives only when every branch refined it.
    const paths = new Map<string, Value>()
    for (const [key, value] of branches[0]!.paths) {
      let v: Value | undefined = value
      for (const b of branches.slice(1)) {
        const other = b.paths.get(key)
        if (other === undefined) {
          v = undefined
          break
        }
        v = join(v, other)
      }
      if (v !== undefined) paths.set(key, v)
    }
    target.vars = vars
    target.paths = paths
    for (const b of branches) for (const n of b.taintedNames) target.taintedNames.add(n)
  }
}
