/**
 * ReDoS analysis of JavaScript regular expressions: whether a backtracking engine (V8's Irregexp)
 * can take exponential or polynomial time on some input.
 *
 * The regex is compiled to a position (Glushkov) automaton, an NFA without ε-moves whose states are
 * the pattern's character positions. A backtracking matcher that fails explores every path of that
 * automaton, so its running time follows the automaton's ambiguity (Weideman et al., "Analyzing
 * matching time behavior of backtracking regular expression matchers by using ambiguity of NFA",
 * CIAA 2016):
 *
 * - **exponential** (EDA): a state with two different loops on the same word, `(a+)+`, `(a|a)*`,
 *   `(\w+\s?)*`;
 * - **polynomial** (IDA), degree d: a chain of d loops that each can read the same word, `\s*\s*x`
 *   (two), `.*\s+.*\s+build` (more). A search (`test`, `match`, `replace` without `^` or the sticky
 *   flag) tries every start position, which adds one loop in front: `/\s+$/` and `/\([^)]*\)/`
 *   are quadratic on a long run of spaces or of `(`.
 *
 * Ambiguity alone is not enough: the matcher only backtracks when the match fails, so a finding also
 * needs a concrete attack — a prefix, a pumped word, a suffix that makes every path fail — checked by
 * running the automaton on it (a regex that can accept in the middle of the pumped word, such as
 * `(a+)+` or `(a+)+.`, is not reported). Lookarounds and back-references are treated as always
 * succeeding (an over-approximation); patterns too large to analyze are skipped (no finding).
 */
import type { SgNode } from '@ast-grep/napi'
import type { Confidence, Severity } from '../../../core/finding.js'
import type { RawMatch, RuleMeta } from './raw-match.js'

// ---- character sets -------------------------------------------------------------------------------

/** Sorted, disjoint, inclusive code-point ranges. */
export type CharSet = ReadonlyArray<readonly [number, number]>

const MAX_CP = 0x10ffff
const ALL: CharSet = [[0, MAX_CP]]
const LINE_TERMINATORS: CharSet = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]
const DIGITS: CharSet = [[0x30, 0x39]]
const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]
const SPACE: CharSet = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]

function normalize(ranges: Array<[number, number]>): CharSet {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0])
  const out: Array<[number, number]> = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

function union(...sets: CharSet[]): CharSet {
  return normalize(sets.flatMap((s) => s.map(([a, b]) => [a, b] as [number, number])))
}

function negate(set: CharSet): CharSet {
  const out: Array<[number, number]> = []
  let next = 0
  for (const [a, b] of set) {
    if (a > next) out.push([next, a - 1])
    next = b + 1
  }
  if (next <= MAX_CP) out.push([next, MAX_CP])
  return out
}

function intersect(x: CharSet, y: CharSet): CharSet {
  const out: Array<[number, number]> = []
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i]![0], y[j]![0])
    const b = Math.min(x[i]![1], y[j]![1])
    if (a <= b) out.push([a, b])
    if (x[i]![1] < y[j]![1]) i++
    else j++
  }
  return out
}

function overlaps(x: CharSet, y: CharSet): boolean {
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    if (Math.max(x[i]![0], y[j]![0]) <= Math.min(x[i]![1], y[j]![1])) return true
    if (x[i]![1] < y[j]![1]) i++
    else j++
  }
  return false
}

function contains(set: CharSet, c: number): boolean {
  for (const [a, b] of set) {
    if (c < a) return false
    if (c <= b) return true
  }
  return false
}

/** ASCII case folding for the `i` flag. */
function foldCase(set: CharSet): CharSet {
  const extra: Array<[number, number]> = []
  for (const [a, b] of set) {
    const lo = Math.max(a, 0x41)
    const hi = Math.min(b, 0x5a)
    if (lo <= hi) extra.push([lo + 32, hi + 32])
    const lo2 = Math.max(a, 0x61)
    const hi2 = Math.min(b, 0x7a)
    if (lo2 <= hi2) extra.push([lo2 - 32, hi2 - 32])
  }
  return extra.length ? union(set, extra) : set
}

const PREFERRED = [0x61, 0x20, 0x30, 0x41, 0x5f, 0x2d, 0x2e, 0x2f, 0x3a, 0x28, 0x3c, 0x0a]

/** A readable member of the set (for the attack string). */
function pick(set: CharSet): number | undefined {
  for (const c of PREFERRED) if (contains(set, c)) return c
  for (const [a, b] of set) {
    for (let c = a; c <= b && c <= a + 0x7f; c++) if (c >= 0x21 && c < 0x7f) return c
  }
  return set[0]?.[0]
}

// ---- parser -----------------------------------------------------------------------------------------

type Node =
  | { t: 'char'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'rep'; body: Node; min: number; max: number }
  /** `^` and `$` (`\b`, lookarounds and back-references are parsed as empty sequences). */
  | { t: 'anchor'; start: boolean }

class RegexSyntaxError extends Error {}

class Parser {
  private i = 0
  groups = 0
  constructor(
    private readonly src: string,
    private readonly unicode: boolean,
    private readonly fold: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const n = this.disjunction()
    if (this.i < this.src.length) throw new RegexSyntaxError(`unexpected ${this.src[this.i]}`)
    return n
  }

  private disjunction(): Node {
    const alts = [this.alternative()]
    while (this.src[this.i] === '|') {
      this.i++
      alts.push(this.alternative())
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts }
  }

  private alternative(): Node {
    const items: Node[] = []
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.term()
      if (atom) items.push(atom)
    }
    return { t: 'seq', items }
  }

  private term(): Node | undefined {
    const c = this.src[this.i]!
    let atom: Node | undefined
    let quantifiable = true
    if (c === '^' || c === '$') {
      this.i++
      return { t: 'anchor', start: c === '^' }
    }
    if (c === '(') {
      this.i++
      let lookaround = false
      if (this.src[this.i] === '?') {
        const rest = this.src.slice(this.i, this.i + 3)
        if (rest.startsWith('?:')) this.i += 2
        else if (rest.startsWith('?=') || rest.startsWith('?!')) {
          this.i += 2
          lookaround = true
        } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
          this.i += 3
          lookaround = true
        } else if (rest.startsWith('?<')) {
          const end = this.src.indexOf('>', this.i)
          if (end < 0) throw new RegexSyntaxError('bad group name')
          this.i = end + 1
          this.groups++
        } else throw new RegexSyntaxError('unknown group')
      } else this.groups++
      const body = this.disjunction()
      if (this.src[this.i] !== ')') throw new RegexSyntaxError('unterminated group')
      this.i++
      // A lookaround consumes nothing: treated as always succeeding.
      if (lookaround) {
        atom = { t: 'seq', items: [] }
        quantifiable = !this.unicode
      } else atom = body
    } else if (c === '[') {
      atom = { t: 'char', set: this.charClass() }
    } else if (c === '.') {
      this.i++
      atom = { t: 'char', set: this.dotAll ? ALL : negate(LINE_TERMINATORS) }
    } else if (c === '\\') {
      const esc = this.escape(false)
      if (esc === 'assertion') {
        atom = { t: 'seq', items: [] }
        quantifiable = false
      } else if (esc === 'backref') atom = { t: 'seq', items: [] }
      else atom = { t: 'char', set: this.maybeFold(esc) }
    } else if (c === '*' || c === '+' || c === '?') {
      throw new RegexSyntaxError('nothing to repeat')
    } else if (c === '{' && this.quantifierAt(this.i)) {
      throw new RegexSyntaxError('nothing to repeat')
    } else {
      this.i++
      const cp = this.codePointAt(c)
      atom = { t: 'char', set: this.maybeFold([[cp, cp]]) }
    }
    if (!quantifiable) return atom
    return this.quantifier(atom)
  }

  private codePointAt(c: string): number {
    if (this.unicode) {
      const cp = this.src.codePointAt(this.i - 1)!
      if (cp > 0xffff) this.i++
      return cp
    }
    return c.charCodeAt(0)
  }

  private maybeFold(set: CharSet): CharSet {
    return this.fold ? foldCase(set) : set
  }

  private quantifierAt(at: number): RegExpExecArray | null {
    return /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(at))
  }

  private quantifier(atom: Node): Node {
    const c = this.src[this.i]
    let min: number
    let max: number
    if (c === '*') {
      min = 0
      max = Infinity
      this.i++
    } else if (c === '+') {
      min = 1
      max = Infinity
      this.i++
    } else if (c === '?') {
      min = 0
      max = 1
      this.i++
    } else if (c === '{') {
      const m = this.quantifierAt(this.i)
      if (!m) {
        if (this.unicode) throw new RegexSyntaxError('lone {')
        return atom
      }
      this.i += m[0].length
      min = Number(m[1])
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
      if (max < min) throw new RegexSyntaxError('numbers out of order')
    } else return atom
    if (this.src[this.i] === '?') this.i++ // lazy: the same paths, in another order
    return { t: 'rep', body: atom, min, max }
  }

  /** After a backslash (at `this.i`). Returns a set, or what the escape is when it matches no character. */
  private escape(inClass: boolean): CharSet | 'assertion' | 'backref' {
    this.i++
    const c = this.src[this.i]
    if (c === undefined) throw new RegexSyntaxError('trailing backslash')
    this.i++
    switch (c) {
      case 'd':
        return DIGITS
      case 'D':
        return negate(DIGITS)
      case 'w':
        return this.fold && this.unicode
          ? union(WORD, [
              [0x17f, 0x17f],
              [0x212a, 0x212a],
            ])
          : WORD
      case 'W':
        return negate(WORD)
      case 's':
        return SPACE
      case 'S':
        return negate(SPACE)
      case 'b':
        return inClass ? [[8, 8]] : 'assertion'
      case 'B':
        if (inClass && this.unicode) throw new RegexSyntaxError('bad escape')
        return inClass ? [[0x42, 0x42]] : 'assertion'
      case 'n':
        return [[0x0a, 0x0a]]
      case 'r':
        return [[0x0d, 0x0d]]
      case 't':
        return [[0x09, 0x09]]
      case 'v':
        return [[0x0b, 0x0b]]
      case 'f':
        return [[0x0c, 0x0c]]
      case '0':
        if (!/[0-9]/.test(this.src[this.i] ?? '')) return [[0, 0]]
        return this.legacyOctal(0)
      case 'c': {
        const letter = this.src[this.i]
        if (letter && /[A-Za-z]/.test(letter)) {
          this.i++
          const cp = letter.charCodeAt(0) % 32
          return [[cp, cp]]
        }
        this.i--
        return [[0x5c, 0x5c]]
      }
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.i))
        if (!m) return [[0x78, 0x78]]
        this.i += 2
        const cp = parseInt(m[0], 16)
        return [[cp, cp]]
      }
      case 'u': {
        if (this.unicode && this.src[this.i] === '{') {
          const end = this.src.indexOf('}', this.i)
          if (end < 0) throw new RegexSyntaxError('bad \\u{}')
          const cp = parseInt(this.src.slice(this.i + 1, end), 16)
          this.i = end + 1
          return [[cp, cp]]
        }
        const m = /^[0-9A-Fa-f]{4}/.exec(this.src.slice(this.i))
        if (!m) return [[0x75, 0x75]]
        this.i += 4
        const cp = parseInt(m[0], 16)
        return [[cp, cp]]
      }
      case 'p':
      case 'P':
        if (this.unicode && this.src[this.i] === '{') {
          const end = this.src.indexOf('}', this.i)
          if (end < 0) throw new RegexSyntaxError('bad \\p{}')
          this.i = end + 1
          // A Unicode property: any character (an over-approximation).
          return ALL
        }
        return [[c.charCodeAt(0), c.charCodeAt(0)]]
      case 'k':
        if (!inClass && this.src[this.i] === '<') {
          const end = this.src.indexOf('>', this.i)
          if (end > 0) {
            this.i = end + 1
            return 'backref'
          }
        }
        return [[0x6b, 0x6b]]
      default:
        if (/[1-9]/.test(c)) {
          if (inClass) return this.legacyOctal(c.charCodeAt(0) - 48)
          // A back-reference (or, without such a group, a legacy octal escape): matches what the group did.
          while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++
          return 'backref'
        }
        return [[c.codePointAt(0)!, c.codePointAt(0)!]]
    }
  }

  private legacyOctal(first: number): CharSet {
    let value = first
    for (let n = 0; n < 2 && /[0-7]/.test(this.src[this.i] ?? ''); n++) {
      value = value * 8 + (this.src.charCodeAt(this.i) - 48)
      this.i++
    }
    return [[value, value]]
  }

  private charClass(): CharSet {
    this.i++ // [
    let negated = false
    if (this.src[this.i] === '^') {
      negated = true
      this.i++
    }
    const parts: CharSet[] = []
    const single = (): CharSet | undefined => {
      const c = this.src[this.i]
      if (c === undefined) throw new RegexSyntaxError('unterminated class')
      if (c === '\\') {
        const esc = this.escape(true)
        if (esc === 'assertion' || esc === 'backref') return []
        return esc
      }
      this.i++
      const cp = this.codePointAt(c)
      return [[cp, cp]]
    }
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) throw new RegexSyntaxError('unterminated class')
      const a = single()!
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.src[this.i + 1] !== undefined) {
        const save = this.i
        this.i++
        const b = single()!
        if (a.length === 1 && b.length === 1 && a[0]![0] === a[0]![1] && b[0]![0] === b[0]![1]) {
          if (b[0]![0] < a[0]![0]) throw new RegexSyntaxError('range out of order')
          parts.push([[a[0]![0], b[0]![0]]])
          continue
        }
        // `[\w-x]`: a class escape next to a dash is a literal dash (outside unicode mode).
        this.i = save
      }
      parts.push(a)
    }
    this.i++ // ]
    const set = this.maybeFold(union(...parts))
    return negated ? negate(set) : set
  }
}

// ---- position automaton ---------------------------------------------------------------------------

const MAX_POSITIONS = 160
/** Counted repetitions larger than this are approximated by a loop (`x{2,100}` ~ `xx+`). */
const MAX_COPIES = 6

interface Position {
  set: CharSet
  /** Created by approximating a large counted repetition: cannot be pumped without bound. */
  bounded: boolean
}

interface Fragment {
  nullable: boolean
  first: number[]
  last: number[]
  /** Can match the empty string up to a `$`: what comes before it accepts only at the end. */
  emptyEnd: boolean
}

const EMPTY: Fragment = { nullable: true, first: [], last: [], emptyEnd: false }

class TooLarge extends Error {}

class Glushkov {
  readonly positions: Position[] = []
  readonly follow: Array<Set<number>> = []
  /** Positions a `$` directly follows: accepting only at the end of the input (or of a line with `m`). */
  readonly beforeEnd = new Set<number>()
  private boundedDepth = 0

  build(n: Node): Fragment {
    switch (n.t) {
      case 'char': {
        if (this.positions.length >= MAX_POSITIONS) throw new TooLarge()
        const p = this.positions.length
        this.positions.push({ set: n.set, bounded: this.boundedDepth > 0 })
        this.follow.push(new Set())
        return { nullable: false, first: [p], last: [p], emptyEnd: false }
      }
      case 'anchor':
        // `^` inside the pattern is treated as succeeding (over-approximation); `$` ends the match.
        return n.start ? EMPTY : { nullable: false, first: [], last: [], emptyEnd: true }
      case 'seq': {
        let frag: Fragment = EMPTY
        for (const item of n.items) frag = this.concat(frag, this.build(item))
        return frag
      }
      case 'alt': {
        const parts = n.alts.map((a) => this.build(a))
        return {
          nullable: parts.some((p) => p.nullable),
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
          emptyEnd: parts.some((p) => p.emptyEnd),
        }
      }
      case 'rep':
        return this.repeat(n)
    }
  }

  private concat(a: Fragment, b: Fragment): Fragment {
    for (const p of a.last) for (const q of b.first) this.follow[p]!.add(q)
    // Positions a `$` may directly follow accept at the end of the input (an over-approximation
    // when more of the pattern follows the `$`).
    if (b.emptyEnd) for (const p of a.last) this.beforeEnd.add(p)
    return {
      nullable: a.nullable && b.nullable,
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
      emptyEnd: (a.nullable && b.emptyEnd) || (a.emptyEnd && (b.nullable || b.emptyEnd)),
    }
  }

  private loop(f: Fragment): void {
    for (const p of f.last) for (const q of f.first) this.follow[p]!.add(q)
  }

  private repeat(n: Extract<Node, { t: 'rep' }>): Fragment {
    const { min, max } = n
    const bounded = max !== Infinity && max > MAX_COPIES
    if (bounded) this.boundedDepth++
    try {
      const copies = Math.min(min, MAX_COPIES)
      let frag: Fragment = EMPTY
      for (let i = 0; i < copies; i++) frag = this.concat(frag, this.build(n.body))
      if (max === Infinity || bounded) {
        // The rest as one loop: x{2,} = x x+, x{0,} = x*.
        if (copies > 0 && copies === min) {
          // Make the last copy loop on itself.
          const last = this.build(n.body)
          this.loop(last)
          const optional = { ...last, nullable: true }
          frag = this.concat(frag, optional)
        } else {
          const body = this.build(n.body)
          this.loop(body)
          frag = this.concat(frag, { ...body, nullable: true })
        }
      } else {
        for (let i = copies; i < max; i++) frag = this.concat(frag, { ...this.build(n.body), nullable: true })
      }
      if (min === 0) frag = { ...frag, nullable: true }
      return frag
    } finally {
      if (bounded) this.boundedDepth--
    }
  }
}

// ---- analysis -------------------------------------------------------------------------------------

export interface RedosResult {
  /** `exponential` or `polynomial` (with `degree` ≥ 2). */
  complexity: 'exponential' | 'polynomial'
  degree?: number
  /** The search's implicit retry at each start position is one of the loops (`/\s+$/`). */
  fromSearch: boolean
  /** An input that shows it: prefix, repeated part, suffix. */
  attack: { prefix: string; pump: string; suffix: string }
  /** Character sets of the ambiguous loops. */
  loops: CharSet[]
  /** A loop of the chain can only be left through a `$` (`/\s+$/`). */
  endAnchored?: boolean
}

export interface RedosOptions {
  /** Work limit (product-automaton nodes visited); over it the regex is not reported. */
  maxWork?: number
}

export type RedosVerdict = { status: 'safe' } | { status: 'vulnerable'; result: RedosResult } | { status: 'unknown'; reason: string }

interface Automaton {
  positions: Position[]
  /** follow of position i; index `positions.length` is the start state, +1 the search prefix. */
  next: number[][]
  startState: number
  prefixState: number | undefined
  /** Accepting: unconditionally / only at the end of input (or before a line terminator with `m`). */
  final: Uint8Array
  finalAtEnd: Uint8Array
  multiline: boolean
  sets: CharSet[]
}

function toAutomaton(root: Node, flags: string): Automaton {
  const g = new Glushkov()
  // Top-level alternatives that start with `^` are anchored; the others are tried at every position.
  const alts = root.t === 'alt' ? root.alts : [root]
  const anchored: boolean[] = alts.map((a) => startsWithCaret(a))
  const frags = alts.map((a) => g.build(a))
  const n = g.positions.length
  const startState = n
  const sticky = flags.includes('y')
  const multiline = flags.includes('m')
  const needPrefix = !sticky && anchored.some((a) => !a || multiline) && frags.length > 0
  const prefixState = needPrefix ? n + 1 : undefined
  const next: number[][] = g.follow.map((s) => [...s])
  const startNext = frags.flatMap((f) => f.first)
  next.push(startNext)
  const sets: CharSet[] = g.positions.map((p) => p.set)
  sets.push([]) // start state: no character leads into it
  if (prefixState !== undefined) {
    const fromPrefix = frags.flatMap((f, i) => (!anchored[i] || multiline ? f.first : []))
    next.push([prefixState, ...fromPrefix])
    next[startState]!.push(prefixState)
    sets.push(ALL)
  }
  const size = next.length
  const final = new Uint8Array(size)
  const finalAtEnd = new Uint8Array(size)
  frags.forEach((f) => {
    for (const p of f.last) final[p] = 1
    if (f.nullable) final[startState] = 1
    // `^$`, `a*$`: the empty match at the end of the input.
    if (f.emptyEnd) finalAtEnd[startState] = 1
  })
  for (const p of g.beforeEnd) finalAtEnd[p] = 1
  return {
    positions: g.positions,
    next,
    startState,
    prefixState,
    final,
    finalAtEnd,
    multiline,
    sets,
  }
}

function startsWithCaret(n: Node): boolean {
  if (n.t === 'anchor') return n.start
  if (n.t === 'seq') {
    for (const item of n.items) {
      if (item.t === 'seq' && item.items.length === 0) continue
      return startsWithCaret(item)
    }
    return false
  }
  if (n.t === 'alt') return n.alts.every(startsWithCaret)
  return false
}

/** Tarjan's strongly connected components over a graph given by a successor function. */
function scc(size: number, succ: (v: number) => Iterable<number>): Int32Array {
  const index = new Int32Array(size).fill(-1)
  const low = new Int32Array(size)
  const comp = new Int32Array(size).fill(-1)
  const onStack = new Uint8Array(size)
  const stack: number[] = []
  let counter = 0
  let comps = 0
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue
    // Iterative DFS.
    const work: Array<{ v: number; it: Iterator<number> }> = []
    const visit = (v: number) => {
      index[v] = low[v] = counter++
      stack.push(v)
      onStack[v] = 1
      work.push({ v, it: succ(v)[Symbol.iterator]() })
    }
    visit(root)
    while (work.length) {
      const top = work[work.length - 1]!
      const step = top.it.next()
      if (!step.done) {
        const w = step.value
        if (index[w] === -1) visit(w)
        else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!)
        continue
      }
      work.pop()
      if (work.length) {
        const parent = work[work.length - 1]!.v
        low[parent] = Math.min(low[parent]!, low[top.v]!)
      }
      if (low[top.v] === index[top.v]) {
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = 0
          comp[w] = comps
        } while (w !== top.v)
        comps++
      }
    }
  }
  return comp
}

class Analysis {
  private readonly size: number
  private work = 0
  private readonly overlapCache = new Map<number, boolean>()
  private readonly nfaComp: Int32Array
  private readonly selfLoop: Uint8Array

  constructor(
    private readonly a: Automaton,
    private readonly maxWork: number,
  ) {
    this.size = a.next.length
    this.nfaComp = scc(this.size, (v) => a.next[v]!)
    // A state is on a cycle when its component has a cycle through it.
    this.selfLoop = new Uint8Array(this.size)
    const compSize = new Map<number, number>()
    for (let v = 0; v < this.size; v++) compSize.set(this.nfaComp[v]!, (compSize.get(this.nfaComp[v]!) ?? 0) + 1)
    for (let v = 0; v < this.size; v++) {
      if ((compSize.get(this.nfaComp[v]!) ?? 0) > 1 || a.next[v]!.includes(v)) this.selfLoop[v] = 1
    }
  }

  private tick(n = 1): void {
    this.work += n
    if (this.work > this.maxWork) throw new TooLarge()
  }

  private ov(p: number, q: number): boolean {
    const key = p * 4096 + q
    let v = this.overlapCache.get(key)
    if (v === undefined) {
      v = overlaps(this.a.sets[p]!, this.a.sets[q]!)
      this.overlapCache.set(key, v)
    }
    return v
  }

  private pumpable(v: number): boolean {
    return this.selfLoop[v] === 1 && (v >= this.a.positions.length || !this.a.positions[v]!.bounded)
  }

  // -- exponential: two different paths from (r, r) back to (r, r) on the same word --------------

  exponential(): { state: number; pump: number[] } | undefined {
    const n = this.size
    const id = (p: number, q: number) => p * n + q
    // Pairs reachable from diagonal pairs of states on cycles.
    const seen = new Map<number, number>()
    const nodes: number[] = []
    const add = (k: number) => {
      if (!seen.has(k)) {
        seen.set(k, nodes.length)
        nodes.push(k)
      }
    }
    for (let r = 0; r < n; r++) if (this.pumpable(r)) add(id(r, r))
    const succ: number[][] = []
    for (let i = 0; i < nodes.length; i++) {
      const k = nodes[i]!
      const p = Math.floor(k / n)
      const q = k % n
      const out: number[] = []
      for (const p2 of this.a.next[p]!) {
        if (this.nfaComp[p2] !== this.nfaComp[p]) continue
        for (const q2 of this.a.next[q]!) {
          this.tick()
          if (this.nfaComp[q2] !== this.nfaComp[q] || !this.ov(p2, q2)) continue
          const k2 = id(p2, q2)
          add(k2)
          out.push(seen.get(k2)!)
        }
      }
      succ.push(out)
    }
    const comp = scc(nodes.length, (v) => succ[v]!)
    const hasOffDiagonal = new Set<number>()
    for (let i = 0; i < nodes.length; i++) {
      const k = nodes[i]!
      if (Math.floor(k / n) !== k % n) hasOffDiagonal.add(comp[i]!)
    }
    for (let i = 0; i < nodes.length; i++) {
      const k = nodes[i]!
      const r = k % n
      if (Math.floor(k / n) !== r || !hasOffDiagonal.has(comp[i]!) || !this.pumpable(r)) continue
      // A word: from (r, r) to an off-diagonal pair of the component and back to (r, r).
      const c = comp[i]!
      const inComp = (j: number) => comp[j] === c
      const toOff = this.bfs(i, (j) => Math.floor(nodes[j]! / n) !== nodes[j]! % n, succ, inComp)
      if (!toOff) continue
      const back = this.bfs(toOff.end, (j) => j === i, succ, inComp)
      if (!back) continue
      const path = [...toOff.path, ...back.path]
      const word = path.map((j) => {
        const kk = nodes[j]!
        return pick(intersect(this.a.sets[Math.floor(kk / n)]!, this.a.sets[kk % n]!))!
      })
      return { state: r, pump: word }
    }
    return undefined
  }

  private bfs(
    from: number,
    goal: (j: number) => boolean,
    succ: number[][],
    allowed: (j: number) => boolean,
  ): { path: number[]; end: number } | undefined {
    const parent = new Map<number, number>()
    const queue = [from]
    parent.set(from, -1)
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!
      for (const w of succ[v]!) {
        if (!allowed(w)) continue
        if (goal(w)) {
          const path = [w]
          for (let u = v; u !== from; u = parent.get(u)!) path.push(u)
          return { path: path.reverse(), end: w }
        }
        if (parent.has(w)) continue
        parent.set(w, v)
        queue.push(w)
      }
    }
    return undefined
  }

  // -- polynomial: p ≠ q with p -w-> p, p -w-> q, q -w-> q --------------------------------------

  /** Pairs (p, q) in the IDA relation, each with a witness word. */
  polynomialPairs(): Array<{ p: number; q: number; pump: number[] }> {
    const out: Array<{ p: number; q: number; pump: number[] }> = []
    const n = this.size
    // Reachability between NFA components.
    const reach = this.reachability()
    for (let p = 0; p < n; p++) {
      if (!this.pumpable(p)) continue
      for (let q = 0; q < n; q++) {
        if (q === p || !this.pumpable(q) || this.nfaComp[p] === this.nfaComp[q] || !reach(p, q)) continue
        const pump = this.idaWitness(p, q)
        if (pump) out.push({ p, q, pump })
      }
    }
    return out
  }

  private reachability(): (p: number, q: number) => boolean {
    const memo = new Map<number, Set<number>>()
    return (p, q) => {
      let set = memo.get(p)
      if (!set) {
        set = new Set([p])
        const stack = [p]
        while (stack.length) {
          const v = stack.pop()!
          for (const w of this.a.next[v]!) {
            if (!set.has(w)) {
              set.add(w)
              stack.push(w)
            }
          }
        }
        memo.set(p, set)
      }
      return set.has(q)
    }
  }

  /** BFS in the triple product from (p, p, q) to (p, q, q). */
  private idaWitness(p: number, q: number): number[] | undefined {
    const n = this.size
    const key = (a: number, b: number, c: number) => (a * n + b) * n + c
    const start = key(p, p, q)
    const goal = key(p, q, q)
    const parent = new Map<number, { from: number; char: number }>()
    parent.set(start, { from: -1, char: -1 })
    const queue = [start]
    const compP = this.nfaComp[p]
    const compQ = this.nfaComp[q]
    for (let head = 0; head < queue.length; head++) {
      const k = queue[head]!
      const c3 = k % n
      const b3 = Math.floor(k / n) % n
      const a3 = Math.floor(k / (n * n))
      for (const a2 of this.a.next[a3]!) {
        // The first path stays in p's loop; the third in q's.
        if (this.nfaComp[a2] !== compP) continue
        for (const c2 of this.a.next[c3]!) {
          if (this.nfaComp[c2] !== compQ || !this.ov(a2, c2)) continue
          for (const b2 of this.a.next[b3]!) {
            this.tick()
            if (!this.ov(a2, b2) || !this.ov(b2, c2)) continue
            const k2 = key(a2, b2, c2)
            if (parent.has(k2)) continue
            const set = intersect(intersect(this.a.sets[a2]!, this.a.sets[b2]!), this.a.sets[c2]!)
            if (set.length === 0) continue
            parent.set(k2, { from: k, char: pick(set)! })
            if (k2 === goal) {
              const word: number[] = []
              for (let u = k2; u !== start; u = parent.get(u)!.from) word.push(parent.get(u)!.char)
              return word.reverse()
            }
            queue.push(k2)
          }
        }
      }
    }
    return undefined
  }

  /** A shortest word from the start state to `target`. */
  prefixTo(target: number): number[] | undefined {
    const parent = new Map<number, { from: number; char: number }>()
    const start = this.a.startState
    parent.set(start, { from: -1, char: -1 })
    const queue = [start]
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!
      if (v === target) {
        const word: number[] = []
        for (let u = v; u !== start; u = parent.get(u)!.from) word.push(parent.get(u)!.char)
        return word.reverse()
      }
      for (const w of this.a.next[v]!) {
        if (parent.has(w)) continue
        // Prefer not to go through the search prefix (a shorter, clearer attack).
        parent.set(w, { from: v, char: pick(this.a.sets[w]!)! })
        queue.push(w)
      }
    }
    return undefined
  }

  // -- does the attack fail? ----------------------------------------------------------------------

  private step(states: Set<number>, c: number): Set<number> {
    const out = new Set<number>()
    for (const s of states) {
      for (const t of this.a.next[s]!) {
        this.tick()
        if (contains(this.a.sets[t]!, c)) out.add(t)
      }
    }
    return out
  }

  private accepts(states: Set<number>, nextChar: number | undefined): boolean {
    for (const s of states) {
      if (this.a.final[s]) return true
      if (this.a.finalAtEnd[s]) {
        if (nextChar === undefined) return true
        if (this.a.multiline && contains(LINE_TERMINATORS, nextChar)) return true
      }
    }
    return false
  }

  /**
   * Runs prefix · pump^k and looks for a suffix that leaves no accepting path: then the matcher has
   * to try every way of reading the pumped part. Returns the suffix, or undefined when every input of
   * that shape is accepted on the way (the matcher stops at the first match).
   */
  failingSuffix(prefix: number[], pump: number[]): number[] | undefined {
    let states = new Set([this.a.startState])
    const run = (word: number[]): boolean => {
      for (const c of word) {
        if (this.accepts(states, c)) return false
        states = this.step(states, c)
      }
      return true
    }
    if (!run(prefix)) return undefined
    // Pump until the set of states repeats (every state the pumping can reach has been seen).
    const seen = new Set<string>()
    for (let k = 0; k < 64; k++) {
      if (!run(pump)) return undefined
      const sig = [...states].sort((x, y) => x - y).join(',')
      if (seen.has(sig)) break
      seen.add(sig)
    }
    if (states.size === 0) return undefined
    // The end of input right away, or one character that no path can continue with.
    if (!this.accepts(states, undefined)) return []
    const candidates = new Set<number>([0x21, 0x0a, 0x00, 0x7f, 0x20, 0x61, 0x31, 0x2f, 0x3e])
    for (const s of states) for (const t of this.a.next[s]!) for (const [lo] of negate(this.a.sets[t]!).slice(0, 2)) candidates.add(lo)
    for (const c of candidates) {
      if (this.accepts(states, c)) continue
      const after = this.step(states, c)
      if (!this.accepts(after, undefined) && ![...after].some((s) => this.a.final[s])) return [c]
    }
    return undefined
  }

  /** Accepting only at the end of input, and reading nothing after. */
  beforeEndOnly(v: number): boolean {
    return this.a.finalAtEnd[v] === 1 && this.a.final[v] === 0 && this.a.next[v]!.every((w) => w === v)
  }

  isPrefixState(v: number): boolean {
    return v === this.a.prefixState
  }

  setOf(v: number): CharSet {
    return this.a.sets[v]!
  }
}

function text(codes: number[]): string {
  return String.fromCodePoint(...codes)
}

type Pair = { p: number; q: number; pump: number[] }

/**
 * The longest chain p1 -> p2 -> ... of the IDA relation (degree = chain length + 1) for which an
 * attack exists: a prefix to p1, p1's pumped word, and a suffix that makes every path fail.
 */
function attackChain(analysis: Analysis, pairs: Pair[], accept: (r: RedosResult) => boolean = () => true): RedosResult | undefined {
  if (pairs.length === 0) return undefined
  const edges = new Map<number, Pair[]>()
  for (const pair of pairs) edges.set(pair.p, [...(edges.get(pair.p) ?? []), pair])
  const longest = new Map<number, Pair[]>()
  const chainFrom = (p: number, depth: number): Pair[] => {
    const memo = longest.get(p)
    if (memo) return memo
    let best: Pair[] = []
    if (depth < 12) {
      for (const pair of edges.get(p) ?? []) {
        const rest = chainFrom(pair.q, depth + 1)
        if (rest.length + 1 > best.length) best = [pair, ...rest]
      }
    }
    longest.set(p, best)
    return best
  }
  // The longest chains first, then every pair on its own.
  const chains = [...edges.keys()].map((p) => chainFrom(p, 0)).sort((x, y) => y.length - x.length)
  for (const chain of [...chains.filter((c) => c.length > 1), ...pairs.map((c) => [c])]) {
    {
      const first = chain[0]!
      const prefix = analysis.prefixTo(first.p)
      if (!prefix) continue
      const suffix = analysis.failingSuffix(prefix, first.pump)
      if (!suffix) continue
      const states = new Set<number>()
      for (const c of chain) {
        states.add(c.p)
        states.add(c.q)
      }
      const result: RedosResult = {
        complexity: 'polynomial',
        degree: chain.length + 1,
        fromSearch: chain.some((c) => analysis.isPrefixState(c.p)),
        attack: { prefix: text(prefix), pump: text(first.pump), suffix: text(suffix) },
        loops: [...states].filter((s) => !analysis.isPrefixState(s)).map((s) => analysis.setOf(s)),
        endAnchored: [...states].some((s) => analysis.beforeEndOnly(s)),
      }
      if (accept(result)) return result
    }
  }
  return undefined
}

/** Analyzes one regular expression (JavaScript syntax: the source between the slashes, and its flags). */
export function analyzeRegex(source: string, flags = '', options: RedosOptions = {}): RedosVerdict {
  // The same regexes recur (a bundle and its sources, the text pre-screen and the scan): remember them.
  const key = options.maxWork === undefined ? `${flags}/${source}` : undefined
  const known = key !== undefined ? verdicts.get(key) : undefined
  if (known) return known
  const verdict = analyze(source, flags, options)
  if (key !== undefined) {
    if (verdicts.size >= 4096) verdicts.delete(verdicts.keys().next().value!)
    verdicts.set(key, verdict)
  }
  return verdict
}

const verdicts = new Map<string, RedosVerdict>()

function analyze(source: string, flags: string, options: RedosOptions): RedosVerdict {
  let root: Node
  try {
    root = new Parser(source, flags.includes('u') || flags.includes('v'), flags.includes('i'), flags.includes('s')).parse()
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { status: 'unknown', reason: `not parsed: ${error.message}` }
    throw error
  }
  try {
    const automaton = toAutomaton(root, flags)
    const analysis = new Analysis(automaton, options.maxWork ?? 400_000)
    const eda = analysis.exponential()
    if (eda) {
      const prefix = analysis.prefixTo(eda.state)
      if (prefix) {
        const suffix = analysis.failingSuffix(prefix, eda.pump)
        if (suffix) {
          return {
            status: 'vulnerable',
            result: {
              complexity: 'exponential',
              fromSearch: false,
              attack: { prefix: text(prefix), pump: text(eda.pump), suffix: text(suffix) },
              loops: [analysis.setOf(eda.state)],
            },
          }
        }
      }
    }
    const pairs = analysis.polynomialPairs()
    if (pairs.length === 0) return { status: 'safe' }
    // Ambiguity within one match attempt first; then the one the search's retries add (`/\s+$/`).
    const within = pairs.filter((x) => !analysis.isPrefixState(x.p))
    const found =
      attackChain(analysis, within) ?? attackChain(analysis, pairs, (r) => reportable(r) !== undefined) ?? attackChain(analysis, pairs)
    return found ? { status: 'vulnerable', result: found } : { status: 'safe' }
  } catch (error) {
    if (error instanceof TooLarge) return { status: 'unknown', reason: 'too large to analyze' }
    throw error
  }
}

// ---- findings in a JavaScript / TypeScript file -------------------------------------------------

export const REDOS_RULE: RuleMeta = {
  id: 'js-regex-backtracking',
  title: 'Regular expression with super-linear backtracking (ReDoS)',
  category: 'security',
  severity: 'medium',
  confidence: 'medium',
  cwe: [1333],
  owasp: 'A04:2021 Insecure Design',
  message:
    'A backtracking regex engine can take exponential or polynomial time on some inputs to this regular expression; a long crafted string blocks the event loop (ReDoS).',
  fix: 'Make the repeated parts mutually exclusive (`[^"\\s]+` instead of `.+`), remove nested or adjacent quantifiers over the same characters, anchor the search, bound the input length first, or use a linear-time engine (re2).',
  references: [
    'https://cwe.mitre.org/data/definitions/1333.html',
    'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
  ],
}

/** Excludes a printable ASCII character: a negated class such as `[^)]` (not `.` or `\S`). */
function excludesPrintable(set: CharSet): boolean {
  for (let c = 0x21; c < 0x7f; c++) if (!contains(set, c)) return true
  return false
}

function broad(set: CharSet): boolean {
  let size = 0
  for (const [a, b] of set) size += b - a + 1
  return size > 0x1000
}

/**
 * Which vulnerable regexes are reported. Exponential and polynomial ambiguity within one match
 * attempt always are. Quadratic time that comes only from the search retrying at every start position
 * (what eslint-plugin-regexp calls a super-linear *move*) is nearly universal (`/a+b/`, `/\d+px/`),
 * so only its two well-known dangerous shapes are: a loop that can only be followed by the end of
 * input (`/\s+$/`, the trim CVEs) and a scan to a closing delimiter entered by a character it also
 * accepts (`/\([^)]*\)/` on `((((`).
 */
export function reportable(result: RedosResult): { severity: Severity; confidence: Confidence } | undefined {
  if (result.complexity === 'exponential') return { severity: 'medium', confidence: 'medium' }
  if (!result.fromSearch) return { severity: 'low', confidence: (result.degree ?? 2) >= 3 ? 'medium' : 'low' }
  if (result.endAnchored) return { severity: 'low', confidence: 'low' }
  if (result.loops.length === 1 && broad(result.loops[0]!) && excludesPrintable(result.loops[0]!))
    return { severity: 'low', confidence: 'low' }
  return undefined
}

function describe(result: RedosResult): string {
  const show = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 23)}…` : s)
  const { prefix, pump, suffix } = result.attack
  const input = `${prefix ? `${show(prefix)} + ` : ''}${show(pump)} × n${suffix ? ` + ${show(suffix)}` : ''}`
  if (result.complexity === 'exponential')
    return `This regular expression can take exponential time (catastrophic backtracking): on ${input}, each extra repetition doubles the work.`
  const degree = result.degree ?? 2
  const how = degree === 2 ? 'quadratic' : `degree-${degree} polynomial`
  const why = result.fromSearch ? ', as the search retries from every start position' : ''
  return `This regular expression can take ${how} time in the input length${why}: on ${input} the match fails only after trying every way to split the input.`
}

/** JavaScript string-literal content (between the quotes) to its value. */
export function unescapeJsString(raw: string): string {
  return raw.replace(/\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|0(?![0-9])|\r\n|[\s\S])/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16))
    if (e.length > 1 && (e[0] === 'u' || e[0] === 'x')) return String.fromCharCode(parseInt(e.slice(1), 16))
    switch (e) {
      case 'n':
        return '\n'
      case 't':
        return '\t'
      case 'r':
        return '\r'
      case 'b':
        return '\b'
      case 'f':
        return '\f'
      case 'v':
        return '\v'
      case '0':
        return '\0'
      case '\n':
      case '\r\n':
      case '\u2028':
      case '\u2029':
        return ''
      default:
        return e
    }
  })
}

/** Resolves string constants of a file: literals, `+` of constants, and names declared once with such a value. */
class Constants {
  /** Name -> its value where declared once; null when declared more than once or not at all. */
  private readonly declarations = new Map<string, SgNode | null>()
  constructor(private readonly root: SgNode) {}

  /** Looks the names up in one pass over the tree (only the matching declarations are read). */
  prefetch(names: Iterable<string>): void {
    const wanted = [...new Set(names)].filter((n) => !this.declarations.has(n) && /^[\w$]+$/.test(n))
    if (wanted.length === 0) return
    for (const n of wanted) this.declarations.set(n, null)
    const found = new Map<string, SgNode[]>()
    const pattern = `^(${wanted.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`
    for (const d of this.root.findAll({
      rule: { kind: 'variable_declarator', has: { field: 'name', kind: 'identifier', regex: pattern } },
    })) {
      const name = d.field('name')!.text()
      found.set(name, [...(found.get(name) ?? []), d])
    }
    // Declared more than once (shadowing, re-declaration): not a constant we can trust.
    for (const [name, list] of found) if (list.length === 1) this.declarations.set(name, list[0]!.field('value') ?? null)
  }

  private declared(name: string): SgNode | null {
    if (!this.declarations.has(name)) this.prefetch([name])
    return this.declarations.get(name) ?? null
  }

  value(node: SgNode | null, depth = 0): { text: string; regex?: boolean } | undefined {
    if (!node || depth > 8) return undefined
    switch (node.kind()) {
      case 'string':
        return { text: unescapeJsString(node.text().slice(1, -1)) }
      case 'template_string':
        if (node.children().some((c) => c.kind() === 'template_substitution')) return undefined
        return { text: unescapeJsString(node.text().slice(1, -1)) }
      case 'regex':
        return { text: node.field('pattern')?.text() ?? '', regex: true }
      case 'parenthesized_expression':
        return this.value(node.namedChildren()[0] ?? null, depth + 1)
      case 'binary_expression': {
        // `a + b + c + ...` nests to the left: walk the chain, not the recursion depth.
        const operands: SgNode[] = []
        let cur: SgNode | null = node
        while (cur?.kind() === 'binary_expression') {
          if (cur.field('operator')?.text() !== '+' || operands.length > 256) return undefined
          const right = cur.field('right')
          if (!right) return undefined
          operands.push(right)
          cur = cur.field('left')
        }
        if (!cur) return undefined
        operands.push(cur)
        let text = ''
        for (const operand of operands.reverse()) {
          const v = this.value(operand, depth)
          if (!v || v.regex) return undefined
          text += v.text
        }
        return { text }
      }
      case 'identifier': {
        // Names declared once, through a few indirections.
        const decl = this.declared(node.text())
        if (!decl) return undefined
        // The names this value uses, in one lookup.
        this.prefetch(decl.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text()))
        return this.value(decl, depth + 1)
      }
      case 'member_expression': {
        // RE.source of a regex constant.
        if (node.field('property')?.text() !== 'source') return undefined
        const v = this.value(node.field('object'), depth + 1)
        return v?.regex ? { text: v.text } : undefined
      }
      default:
        return undefined
    }
  }
}

/**
 * A regex literal with a quantifier (`/\s+$/`, `[/a*b/]`), found in the text without parsing it. The part
 * before the first quantifier cannot hold one, so a long literal has one way to split (else quadratic).
 */
const QUANTIFIED_LITERAL =
  /(?:^|[=(,:!&|?;{}[>]|\breturn)\s*\/(?![*/])(?:[^/\n\\[+*}]|\\.|\[(?:[^\]\\\n]|\\.)*\])*[+*}](?:[^/\n\\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])*\/[dgimsuyv]*/m

const QUANTIFIED_LITERALS = new RegExp(QUANTIFIED_LITERAL.source, 'gm')

/**
 * Whether scanRegexes has something to say about a file, decided on its text (the tree is parsed only
 * then): a `RegExp(...)` call, or a regex literal that it reports or that has a quantified group (which
 * a pattern rule may have flagged).
 */
export function mayHaveRegexes(text: string): boolean {
  if (mayHaveConstantRegExp(text)) return true
  QUANTIFIED_LITERALS.lastIndex = 0
  for (let m = QUANTIFIED_LITERALS.exec(text); m; m = QUANTIFIED_LITERALS.exec(text)) {
    const literal = m[0].slice(m[0].indexOf('/'))
    const end = literal.lastIndexOf('/')
    const pattern = literal.slice(1, end)
    if (/\)[+*{]/.test(pattern)) return true
    const verdict = analyzeRegex(pattern, literal.slice(end + 1))
    if (verdict.status === 'unknown' || (verdict.status === 'vulnerable' && reportable(verdict.result))) return true
  }
  return false
}

/** A `RegExp(...)` whose pattern starts as a string literal or is a name assigned a string: maybe a constant. */
function mayHaveConstantRegExp(text: string): boolean {
  const calls = /\bRegExp\s*\(\s*(['"`]|([\w$]+)\s*[,)+])/g
  for (let m = calls.exec(text); m; m = calls.exec(text)) {
    if (m[1] !== undefined && m[2] === undefined) return true
    const name = m[2]!.replace(/\$/g, '\\$')
    if (new RegExp(`(?:^|[^\\w$.])${name}\\s*=\\s*['"\`]`).test(text)) return true
  }
  return false
}

export interface RegexScan {
  matches: RawMatch[]
  /**
   * Lines whose every regex got a verdict: linear, reported here, or only super-linear in the ways this
   * analysis does not report (`/a+b/`). The pattern rules' ReDoS guesses there are dropped: the
   * pattern is a known constant (not "built from a non-constant pattern") and its structure was checked.
   */
  settledLines: number[]
}

/** Analyzes the regex literals and constant `RegExp(...)` patterns of a JavaScript / TypeScript tree. */
export function scanRegexes(root: SgNode, text: string): RegexScan {
  const matches: RawMatch[] = []
  const settled = new Set<number>()
  const unknown = new Set<number>()
  const check = (node: SgNode, pattern: string, flags: string) => {
    const line = node.range().start.line + 1
    const verdict = analyzeRegex(pattern, flags)
    if (verdict.status === 'unknown') {
      unknown.add(line)
      return
    }
    settled.add(line)
    if (verdict.status !== 'vulnerable') return
    const level = reportable(verdict.result)
    if (!level) return
    const range = node.range()
    matches.push({
      rule: { ...REDOS_RULE, severity: level.severity, confidence: level.confidence },
      engine: 'taint',
      line,
      column: range.start.column + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.column + 1,
      message: `${describe(verdict.result)} ${REDOS_RULE.message}`,
    })
  }
  for (const node of root.findAll({ rule: { kind: 'regex' } })) {
    check(node, node.field('pattern')?.text() ?? '', node.field('flags')?.text() ?? '')
  }
  if (/\bRegExp\s*\(/.test(text)) {
    const constants = new Constants(root)
    const calls = root.findAll({
      rule: {
        any: [
          { kind: 'new_expression', has: { field: 'constructor', regex: '^RegExp$' } },
          { kind: 'call_expression', has: { field: 'function', regex: '^RegExp$' } },
        ],
      },
    })
    constants.prefetch(
      calls.flatMap(
        (c) =>
          c
            .field('arguments')
            ?.findAll({ rule: { kind: 'identifier' } })
            .map((n) => n.text()) ?? [],
      ),
    )
    for (const call of calls) {
      const args =
        call
          .field('arguments')
          ?.namedChildren()
          .filter((c) => c.kind() !== 'comment') ?? []
      // `RegExp(/x/)`: the literal itself is checked above.
      if (!args[0] || args[0].kind() === 'regex') continue
      const pattern = constants.value(args[0])
      const flags = args[1] ? constants.value(args[1]) : { text: '' }
      if (pattern && flags) check(call, pattern.text, flags.text)
    }
  }
  return { matches, settledLines: [...settled].filter((l) => !unknown.has(l)) }
}
