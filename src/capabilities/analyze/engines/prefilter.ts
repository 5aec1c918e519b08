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
