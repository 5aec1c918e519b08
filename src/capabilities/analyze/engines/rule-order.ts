/**
 * Reorders the conjunctions of an ast-grep rule so that cheap checks run first, for the batch scanner
 * (sg-cli.ts). ast-grep evaluates a rule object's keys in a fixed order (`nthChild` with the atomic
 * keys, before `any`/`all`), and `inside`, `nthChild`, `precedes` and `follows` need a node's parent,
 * which tree-sitter finds by descending from the root: a rule such as "`nthChild: 1`, inside a
 * `.catch()` call, and any of [empty function, `noop`]" asked for the parent of every identifier in the
 * file before looking at its text. Putting the kind, pattern and regex checks first cut the scanner's
 * rule time by about a quarter on the JS/TS benchmark corpus.
 *
 * Only the order changes, and only where it cannot change the result: the conjuncts of one object or
 * `all` are reordered when no two of them mention the same named metavariable (without shared
 * metavariables each conjunct is a yes/no test of the node, and a conjunction of those is the same in
 * any order). Otherwise that level keeps its order; nested levels are still considered.
 */

type RuleObject = Record<string, unknown>

const RELATIONAL = new Set(['inside', 'has', 'precedes', 'follows'])
// Any `$NAME` / `$$$NAME` but the anonymous `$_` (names are upper case; lower case counts too, to be safe).
const METAVARIABLE = /\$+([A-Za-z_][A-Za-z0-9_]*)/g

const isObject = (v: unknown): v is RuleObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Named (capturing) metavariables mentioned by a rule, through the utils it `matches`. */
function metaVariables(rule: unknown, utils: RuleObject, out = new Set<string>(), seen = new Set<string>()): Set<string> {
  const visit = (value: unknown, inPattern: boolean) => {
    if (typeof value === 'string') {
      if (inPattern) for (const m of value.matchAll(METAVARIABLE)) if (m[1] !== '_') out.add(m[1]!)
      return
    }
    if (Array.isArray(value)) return value.forEach((v) => visit(v, inPattern))
    if (!isObject(value)) return
    for (const [key, v] of Object.entries(value)) {
      if (key === 'matches' && typeof v === 'string') {
        if (!seen.has(v) && isObject(utils[v])) {
          seen.add(v)
          visit(utils[v], false)
        }
      } else visit(v, inPattern || key === 'pattern')
    }
  }
  visit(rule, false)
  return out
}

function stopsAtEnd(relation: unknown): boolean {
  return isObject(relation) && relation.stopBy === 'end'
}

/** Rough cost of the first check a conjunct makes (lower runs first). */
function cost(conjunct: RuleObject, utils: RuleObject, depth = 0): number {
  if (depth > 8) return 5
  let best = Infinity
  for (const [key, value] of Object.entries(conjunct)) {
    let c: number
    if (key === 'kind') c = 0
    else if (key === 'pattern' || key === 'regex') c = 1
    else if (key === 'any' && Array.isArray(value)) c = Math.max(...value.map((v) => (isObject(v) ? cost(v, utils, depth + 1) : 5))) + 0.5
    else if (key === 'all' && Array.isArray(value)) c = (isObject(value[0]) ? cost(value[0], utils, depth + 1) : 5) + 0.5
    else if (key === 'not') c = (isObject(value) ? cost(value, utils, depth + 1) : 5) + 0.5
    else if (key === 'matches') c = (typeof value === 'string' && isObject(utils[value]) ? cost(utils[value], utils, depth + 1) : 5) + 0.5
    else if (key === 'has') c = stopsAtEnd(value) ? 5 : 3
    else if (key === 'nthChild') c = 4
    else if (RELATIONAL.has(key)) c = stopsAtEnd(value) ? 7 : 6
    else c = 5
    best = Math.min(best, c)
  }
  return best === Infinity ? 5 : best
}

/** A relational rule's object: the rule itself plus `stopBy` and `field`. */
function orderRelation(relation: unknown, utils: RuleObject): unknown {
  if (!isObject(relation)) return relation
  const { stopBy, field, ...rule } = relation
  const out = orderRule(rule, utils) as RuleObject
  const result: RuleObject = isObject(out) ? { ...out } : {}
  if (stopBy !== undefined) result.stopBy = isObject(stopBy) ? orderRule(stopBy, utils) : stopBy
  if (field !== undefined) result.field = field
  return result
}

/** The rule with its conjunctions ordered cheap-first where that is safe (see above). */
export function orderRule(rule: unknown, utils: RuleObject = {}): unknown {
  if (!isObject(rule)) return rule
  const children: RuleObject = {}
  for (const [key, value] of Object.entries(rule)) {
    if ((key === 'any' || key === 'all') && Array.isArray(value)) children[key] = value.map((v) => orderRule(v, utils))
    else if (key === 'not') children[key] = orderRule(value, utils)
    else if (RELATIONAL.has(key)) children[key] = orderRelation(value, utils)
    else children[key] = value
  }
  const conjuncts: RuleObject[] = []
  for (const [key, value] of Object.entries(children)) {
    if (key === 'all' && Array.isArray(value) && value.every(isObject)) conjuncts.push(...(value as RuleObject[]))
    else conjuncts.push({ [key]: value })
  }
  if (conjuncts.length < 2) return children
  const seen = new Set<string>()
  for (const conjunct of conjuncts) {
    const names = metaVariables(conjunct, utils)
    for (const name of names) if (seen.has(name)) return children
    for (const name of names) seen.add(name)
  }
  const ranked = conjuncts.map((c, i) => ({ c, i, cost: cost(c, utils) }))
  ranked.sort((a, b) => a.cost - b.cost || a.i - b.i)
  return { all: ranked.map((r) => r.c) }
}

/** Orders a rule and its utils. */
export function orderRuleSet(rule: RuleObject, utils: RuleObject | undefined): { rule: unknown; utils: RuleObject | undefined } {
  const u = utils ?? {}
  const orderedUtils = utils ? Object.fromEntries(Object.entries(utils).map(([name, body]) => [name, orderRule(body, u)])) : undefined
  return { rule: orderRule(rule, u), utils: orderedUtils }
}
