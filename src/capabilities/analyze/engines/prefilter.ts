/**
 * Literal pre-filtering for ast-grep rules (as Semgrep does): from a rule's patterns and regexes,
 * derive strings that any match must contain, and skip the rule on files that contain none of them.
 * Derived from the rule data alone — no rule is special-cased — and conservative: when nothing can
 * be derived, the rule runs.
 */
import { requiredLiterals } from './regex-literals.js'

export interface Needle {
  text: string
  /** Compare against the lower-cased file text. */
  caseInsensitive: boolean
}

/** Needles of which at least one must occur in the text; undefined = no condition could be derived. */
export type Requirement = Needle[] | undefined

type RuleObject = Record<string, unknown>

const WORD = /(?<![$\w])[A-Za-z_][A-Za-z0-9_]*/g

const exact = (text: string): Needle => ({ text, caseInsensitive: false })

/** Every literal word of a pattern must be in a match; the longest is the most selective. */
function fromPattern(pattern: unknown): Requirement {
  if (typeof pattern !== 'string') return undefined
  const words = pattern.match(WORD)
  if (!words?.length) return undefined
  return [exact(words.reduce((a, b) => (b.length > a.length ? b : a)))]
}

function fromRegex(regex: unknown): Requirement {
  if (typeof regex !== 'string') return undefined
  const literals = requiredLiterals(regex)
  return literals?.any.map((text) => ({ text, caseInsensitive: literals.caseInsensitive }))
}

function best(candidates: Requirement[]): Requirement {
  let chosen: Requirement
  // Fewer alternatives with longer strings select fewer files.
  const score = (r: Needle[]) => Math.min(...r.map((n) => n.text.length)) * 4 - r.length
  for (const c of candidates) {
    if (c && (!chosen || score(c) > score(chosen))) chosen = c
  }
  return chosen
}

export function deriveRequirement(rule: unknown, utils: Record<string, unknown> = {}, seen = new Set<string>()): Requirement {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return undefined
  const r = rule as RuleObject
  // A rule object is the conjunction of its keys: any one necessary condition is enough.
  const parts: Requirement[] = [fromPattern(r.pattern), fromRegex(r.regex)]
  for (const key of ['has', 'inside', 'follows', 'precedes']) parts.push(deriveRequirement(r[key], utils, seen))
  if (Array.isArray(r.all)) for (const sub of r.all) parts.push(deriveRequirement(sub, utils, seen))
  if (Array.isArray(r.any)) {
    const branches = r.any.map((sub) => deriveRequirement(sub, utils, seen))
    if (branches.length > 0 && branches.every((b) => b !== undefined)) parts.push(branches.flat() as Needle[])
  }
  if (typeof r.matches === 'string' && !seen.has(r.matches) && r.matches in utils) {
    seen.add(r.matches)
    parts.push(deriveRequirement(utils[r.matches], utils, seen))
  }
  return best(parts)
}

/** Constraints on metavariables are necessary conditions too. */
export function deriveRuleRequirement(
  rule: unknown,
  utils: Record<string, unknown> = {},
  constraints: Record<string, unknown> = {},
): Requirement {
  const fromConstraints = Object.values(constraints).map((c) => deriveRequirement(c, utils))
  return best([deriveRequirement(rule, utils), ...fromConstraints])
}

/** Checks a requirement against a file; `lower` is the lower-cased text, computed once per file. */
export function textMeets(requirement: Requirement, text: string, lower?: () => string): boolean {
  if (requirement === undefined) return true
  return requirement.some((n) => (n.caseInsensitive ? (lower ? lower() : text.toLowerCase()).includes(n.text) : text.includes(n.text)))
}

/**
 * Which of many requirements a text may meet, in one pass over it: an Aho–Corasick automaton over every
 * needle, lower-cased, on the ASCII-lower-cased text. Permissive: it says "may meet" wherever
 * `textMeets` would say "meets" (a case-sensitive needle is matched without case; a text with
 * non-ASCII characters, whose lower-casing can yield ASCII letters, meets everything). The batch
 * scanner uses it to run each rule only on the files that can match it.
 */
export class RequirementIndex {
  private readonly needleIds: Array<number[] | undefined>
  private readonly delta: Int32Array
  private readonly outputs: number[][]
  private readonly needleCount: number

  constructor(requirements: readonly Requirement[]) {
    const ids = new Map<string, number>()
    // An empty needle is in every text: such a requirement always holds.
    this.needleIds = requirements.map((r) =>
      r?.some((n) => n.text === '')
        ? undefined
        : r?.map((n) => {
            const text = n.text.toLowerCase()
            let id = ids.get(text)
            if (id === undefined) ids.set(text, (id = ids.size))
            return id
          }),
    )
    this.needleCount = ids.size
    // The trie, then failure links breadth-first, folded into a full transition table over ASCII.
    const children: Array<Map<number, number>> = [new Map()]
    const outputs: number[][] = [[]]
    for (const [needle, id] of ids) {
      let state = 0
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i) & 127
        let next = children[state]!.get(c)
        if (next === undefined) {
          next = children.length
          children.push(new Map())
          outputs.push([])
          children[state]!.set(c, next)
        }
        state = next
      }
      outputs[state]!.push(id)
    }
    const delta = new Int32Array(children.length * 128)
    const fail = new Int32Array(children.length)
    const queue: number[] = []
    for (let c = 0; c < 128; c++) {
      const next = children[0]!.get(c) ?? 0
      delta[c] = next
      if (next) queue.push(next)
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!
      for (let c = 0; c < 128; c++) {
        const next = children[state]!.get(c)
        if (next === undefined) delta[state * 128 + c] = delta[fail[state]! * 128 + c]!
        else {
          fail[next] = delta[fail[state]! * 128 + c]!
          outputs[next] = [...outputs[next]!, ...outputs[fail[next]!]!]
          delta[state * 128 + c] = next
          queue.push(next)
        }
      }
    }
    this.delta = delta
    this.outputs = outputs
  }

  /** For each requirement (in the constructor's order), whether `text` may meet it. */
  mayMeet(text: string): boolean[] {
    const found = new Uint8Array(this.needleCount)
    let state = 0
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i)
      if (c > 127) return this.needleIds.map(() => true)
      if (c >= 65 && c <= 90) c += 32
      state = this.delta[state * 128 + c]!
      const out = this.outputs[state]!
      for (let k = 0; k < out.length; k++) found[out[k]!] = 1
    }
    return this.needleIds.map((ids) => ids === undefined || ids.some((id) => found[id] === 1))
  }
}
