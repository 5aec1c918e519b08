/**
 * Literal pre-filtering for ast-grep rules (as Semgrep does): from a rule's patterns, derive words that
 * any match must contain, and skip the rule on files that contain none of them. Derived from the rule
 * data alone — no rule is special-cased — and conservative: when nothing can be derived, the rule runs.
 */

/** Words of which at least one must occur in the text; undefined = no condition could be derived. */
export type Requirement = string[] | undefined

type RuleObject = Record<string, unknown>

const WORD = /(?<![$\w])[A-Za-z_][A-Za-z0-9_]*/g

/** Every literal word of a pattern must be in a match; the longest is the most selective. */
function fromPattern(pattern: unknown): Requirement {
  if (typeof pattern !== 'string') return undefined
  const words = pattern.match(WORD)
  if (!words?.length) return undefined
  return [words.reduce((a, b) => (b.length > a.length ? b : a))]
}

/**
 * A regex that is an alternation of plain literals (`^require$`, `^(escape|unescape)$`, `jwt\.decode`)
 * matches only text containing one of them. Anything fancier yields no requirement.
 */
function fromRegex(regex: unknown): Requirement {
  if (typeof regex !== 'string' || regex.includes('(?')) return undefined
  let body = regex.replace(/^\^/, '').replace(/\$$/, '')
  if (body.startsWith('(') && body.endsWith(')') && !body.slice(1, -1).includes('(')) body = body.slice(1, -1)
  const alternatives = body.split('|')
  if (!alternatives.every((a) => /^(?:[\w$]|\\[.$])+$/.test(a))) return undefined
  return alternatives.map((a) => a.replace(/\\(.)/g, '$1'))
}

function best(candidates: Requirement[]): Requirement {
  let chosen: Requirement
  for (const c of candidates) {
    if (!c) continue
    // Fewer alternatives with longer words select fewer files.
    const score = (r: string[]) => Math.min(...r.map((w) => w.length)) - r.length
    if (!chosen || score(c) > score(chosen)) chosen = c
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
    if (branches.length > 0 && branches.every((b) => b !== undefined)) parts.push([...new Set(branches.flat() as string[])])
  }
  if (typeof r.matches === 'string' && !seen.has(r.matches) && r.matches in utils) {
    seen.add(r.matches)
    parts.push(deriveRequirement(utils[r.matches], utils, seen))
  }
  return best(parts)
}

export function textMeets(requirement: Requirement, text: string): boolean {
  return requirement === undefined || requirement.some((word) => text.includes(word))
}
