/**
 * Required literals of a regular expression: a set of strings one of which every match must contain
 * (the idea behind code-search trigram indexes). Used to skip rules on files that cannot match.
 * Conservative: anything not understood yields `undefined` (no requirement).
 */

export interface Literals {
  /** At least one of these occurs in every match. */
  any: string[]
  /** Compare case-insensitively (the regex had `(?i)`). */
  caseInsensitive: boolean
}

type Req = string[] | undefined

const SPECIAL_ESCAPES = new Set(['w', 'W', 'd', 'D', 's', 'S', 'b', 'B', 'A', 'z', 'Z', 'p', 'P', 'x', 'u', 'n', 't', 'r', 'f', 'v', '0'])

function better(a: Req, b: Req): Req {
  if (!a) return b
  if (!b) return a
  const score = (r: string[]) => Math.min(...r.map((s) => s.length)) * 4 - r.length
  return score(b) > score(a) ? b : a
}

class Parser {
  private i = 0
  constructor(private readonly src: string) {}

  /** alternation := sequence ('|' sequence)* */
  parseAlternation(): Req | 'fail' {
    const branches: Req[] = []
    for (;;) {
      const seq = this.parseSequence()
      if (seq === 'fail') return 'fail'
      branches.push(seq)
      if (this.src[this.i] === '|') {
        this.i++
        continue
      }
      break
    }
    if (branches.length === 1) return branches[0]
    if (branches.some((b) => b === undefined)) return undefined
    return [...new Set(branches.flat() as string[])]
  }

  /** A sequence's requirement is its most selective required factor (a literal run or a group). */
  private parseSequence(): Req | 'fail' {
    let best: Req
    let run = ''
    const flush = () => {
      if (run.length > 0) best = better(best, [run])
      run = ''
    }
    while (this.i < this.src.length) {
      const c = this.src[this.i]!
      if (c === '|' || c === ')') break
      let atom: { literal?: string; req?: Req } | undefined
      if (c === '\\') {
        const next = this.src[this.i + 1]
        if (next === undefined) return 'fail'
        this.i += 2
        if (SPECIAL_ESCAPES.has(next) || /[0-9]/.test(next)) {
          if (next === 'x' || next === 'u' || next === 'p' || next === 'P') return 'fail'
          atom = {}
        } else atom = { literal: next }
      } else if (c === '[') {
        const end = this.findClassEnd()
        if (end < 0) return 'fail'
        this.i = end + 1
        atom = {}
      } else if (c === '(') {
        this.i++
        if (this.src[this.i] === '?') {
          const flags = /^\?([a-zA-Z-]*)(:|\))/.exec(this.src.slice(this.i))
          if (!flags) return 'fail'
          this.i += flags[0].length
          if (flags[2] === ')') continue // a flag group like (?i): handled by the caller
        }
        const inner = this.parseAlternation()
        if (inner === 'fail' || this.src[this.i] !== ')') return 'fail'
        this.i++
        atom = { req: inner }
      } else if (c === '^' || c === '$') {
        this.i++
        continue
      } else if (c === '.') {
        this.i++
        atom = {}
      } else if ('*+?{'.includes(c)) {
        return 'fail'
      } else {
        this.i++
        atom = { literal: c }
      }
      // Quantifiers: optional atoms contribute nothing; repeated ones count once and end the run.
      const q = this.src[this.i]
      let optional = false
      let repeated = false
      if (q === '*' || q === '?') {
        optional = true
        this.i++
      } else if (q === '+') {
        repeated = true
        this.i++
      } else if (q === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.i))
        if (!m) return 'fail'
        this.i += m[0].length
        if ((m[1] ?? '') === '' || m[1] === '0') optional = true
        else repeated = true
      }
      if (this.src[this.i] === '?' && (optional || repeated)) this.i++ // lazy
      if (optional) {
        flush()
        continue
      }
      if (atom.literal !== undefined) {
        run += atom.literal
        if (repeated) flush()
      } else {
        flush()
        if (atom.req) best = better(best, atom.req)
      }
    }
    flush()
    return best
  }

  private findClassEnd(): number {
    let j = this.i + 1
    if (this.src[j] === '^') j++
    if (this.src[j] === ']') j++
    for (; j < this.src.length; j++) {
      if (this.src[j] === '\\') j++
      else if (this.src[j] === ']') return j
    }
    return -1
  }

  get done(): boolean {
    return this.i >= this.src.length
  }
}

export function requiredLiterals(regex: string): Literals | undefined {
  const caseInsensitive = /\(\?[a-z]*i[a-z-]*[:)]/.test(regex)
  // A flag group that turns case-insensitivity off again part-way is beyond this analysis.
  if (caseInsensitive && /\(\?[a-z]*-[a-z]*i/.test(regex)) return undefined
  const parser = new Parser(regex)
  const req = parser.parseAlternation()
  if (req === 'fail' || req === undefined || !parser.done) return undefined
  const any = req.filter((s) => s.length > 0)
  if (any.length !== req.length || any.length === 0) return undefined
  return { any: caseInsensitive ? any.map((s) => s.toLowerCase()) : any, caseInsensitive }
}
