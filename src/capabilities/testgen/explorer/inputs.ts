/**
 * Where arguments come from: constants mined from the source (and the literals a parameter is compared
 * with), strings that match the source's regular expressions, type-driven fast-check samples, boundary
 * values, fixture files, callbacks, and objects that earlier calls produced.
 */
import fc from 'fast-check'
import type { Arg, FixtureName, FunctionArgName, Literal, Step } from '../plan.js'
import { FIXTURE_FILES, FUNCTION_ARGS } from '../plan.js'
import type { ParamFacts, SourceFacts, TypeTag } from '../source-facts.js'

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same tests. */
export class Random {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(max: number): number {
    return Math.floor(this.next() * max)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[this.int(items.length)] as T
  }
}

/** A value an earlier call produced, with the steps that make it again. */
export interface Produced {
  steps: Step[]
  /** Live values of those steps, in this process (index = step). */
  values: unknown[]
  /** The step whose value this is: the last one, or the receiver of a method call that changed it. */
  index: number
  type: 'object' | 'function' | 'array' | 'instance'
  ctor: string | null
  /**
   * The live value changed after it was made (a method mutated it, a stream was read), so it no
   * longer matches its steps: cases using it run their steps again rather than reuse it.
   */
  dirty: boolean
}

const EDGE_STRINGS = ['', ' ', 'a', 'A', '0', '-1', 'null', 'undefined', 'true', '\n', 'ÿ😀', 'x'.repeat(120)]
const EDGE_NUMBERS: Literal[] = [
  0,
  1,
  -1,
  2,
  0.5,
  -0.5,
  10,
  100,
  255,
  256,
  1e21,
  Number.MAX_SAFE_INTEGER,
  { $number: 'NaN' },
  { $number: 'Infinity' },
  { $number: '-Infinity' },
  { $number: '-0' },
]

export class InputPool {
  readonly produced: Produced[] = []
  private readonly strings: string[]
  private readonly numbers: number[]
  private readonly regexStrings: string[]
  private readonly sampledStrings: string[]
  private readonly sampledNumbers: number[]
  private readonly sampledArrays: Literal[]
  private readonly sampledObjects: Literal[]
  private readonly learned: string[] = []

  constructor(
    private readonly random: Random,
    private readonly facts: SourceFacts,
    seed: number,
    private readonly edgeCases: boolean,
  ) {
    this.strings = facts.strings
    this.numbers = facts.numbers
    this.regexStrings = stringsMatching(facts, seed)
    const sample = <T>(arbitrary: fc.Arbitrary<T>, runs: number): T[] => fc.sample(arbitrary, { seed, numRuns: runs })
    this.sampledStrings = sample(fc.string({ maxLength: 12 }), 40)
    this.sampledNumbers = [
      ...sample(fc.integer({ min: -100, max: 100 }), 30),
      ...sample(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), 10),
    ]
    const scalar = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.string({ maxLength: 6 }), fc.boolean())
    this.sampledArrays = sample(fc.array(scalar, { maxLength: 5 }), 20) as Literal[]
    this.sampledObjects = sample(fc.dictionary(fc.constantFrom(...objectKeys(facts)), scalar, { maxKeys: 3 }), 20) as Literal[]
  }

  /** Remembers strings the code under test returned: ids and names it knows make good inputs. */
  learn(value: unknown): void {
    if (typeof value === 'string' && value.length > 0 && value.length <= 60 && this.learned.length < 500 && !this.learned.includes(value)) {
      this.learned.push(value)
    }
  }

  addProduced(item: Produced): void {
    const same = this.produced.filter((p) => p.type === item.type && p.ctor === item.ctor)
    if (same.length >= 12) {
      const victim = this.random.pick(same)
      this.produced.splice(this.produced.indexOf(victim), 1)
    }
    this.produced.push(item)
  }

  /** An argument for a parameter, or a reference to a produced value (then the caller splices its steps in). */
  argFor(param: ParamFacts | undefined, last: boolean): Arg | { kind: 'produced'; item: Produced } {
    const r = this.random
    const hints = param?.hints ?? []
    if (this.edgeCases && r.chance(0.15)) return this.edgeArg()
    if (param && param.compared.length > 0 && r.chance(0.35)) return literal(r.pick(param.compared))
    let tag: TypeTag
    // Untyped: a function or object made earlier is often what fits (a stream source for a sink).
    if (hints.length === 0 && this.produced.length > 0 && r.chance(0.3)) {
      return { kind: 'produced', item: r.pick(this.produced) }
    }
    if (hints.length > 0 && r.chance(0.8)) tag = r.pick(hints)
    else tag = r.pick(last ? UNTYPED_LAST : UNTYPED)
    if (tag === 'object' && param && param.props.length > 0 && r.chance(0.7)) return literal(this.optionsObject(param.props))
    return this.argOfTag(tag)
  }

  argOfTag(tag: TypeTag): Arg | { kind: 'produced'; item: Produced } {
    const r = this.random
    switch (tag) {
      case 'string':
        return literal(this.string())
      case 'number':
        return literal(this.number())
      case 'boolean':
        return literal(r.chance(0.5))
      case 'null':
        return literal(null)
      case 'undefined':
        return literal({ $undefined: true })
      case 'regexp': {
        const source =
          this.facts.regexps.length > 0 && r.chance(0.8) ? r.pick(this.facts.regexps) : { source: escapeRegExp(this.string()), flags: '' }
        return literal({ $regexp: source.source, flags: source.flags })
      }
      case 'array':
        return (
          this.fromProduced(['array']) ??
          literal(
            r.chance(0.3)
              ? []
              : r.pick(
                  this.sampledArrays.concat([
                    [this.string(), this.string()],
                    [this.number(), this.number(), this.number()],
                  ]),
                ),
          )
        )
      case 'object':
        return this.fromProduced(['object', 'instance']) ?? literal(r.chance(0.2) ? {} : r.pick(this.sampledObjects))
      case 'instance':
        return this.fromProduced(['instance', 'object']) ?? literal({})
      case 'callback':
        return r.chance(0.85) ? { kind: 'recorder' } : { kind: 'function', name: r.pick(FUNCTION_NAMES) }
      case 'function': {
        const produced = r.chance(0.5) ? this.fromProduced(['function']) : undefined
        if (produced) return produced
        return r.chance(0.4) ? { kind: 'recorder' } : { kind: 'function', name: r.pick(FUNCTION_NAMES) }
      }
      case 'path':
        return { kind: 'fixture', name: r.pick(FIXTURE_NAMES) }
      case 'buffer':
      default:
        return literal(this.string())
    }
  }

  private fromProduced(types: Produced['type'][]): { kind: 'produced'; item: Produced } | undefined {
    const matching = this.produced.filter((p) => types.includes(p.type))
    if (matching.length === 0 || !this.random.chance(0.6)) return undefined
    return { kind: 'produced', item: this.random.pick(matching) }
  }

  edgeArg(): Arg {
    const r = this.random
    const choices: Literal[] = [null, { $undefined: true }, '', 0, -1, { $number: 'NaN' }, [], {}, false, ' ', 'x'.repeat(120)]
    return literal(r.pick(choices))
  }

  string(): string {
    const r = this.random
    const roll = r.next()
    if (roll < 0.35 && this.strings.length > 0) return r.pick(this.strings)
    if (roll < 0.55 && this.regexStrings.length > 0) return r.pick(this.regexStrings)
    if (roll < 0.7 && this.learned.length > 0) return r.pick(this.learned)
    if (roll < 0.85) return r.pick(EDGE_STRINGS)
    return r.pick(this.sampledStrings)
  }

  number(): Literal {
    const r = this.random
    const roll = r.next()
    if (roll < 0.35 && this.numbers.length > 0) {
      const n = r.pick(this.numbers)
      return r.chance(0.7) ? n : r.pick([n + 1, n - 1, -n, n / 2])
    }
    if (roll < 0.65) return r.pick(EDGE_NUMBERS)
    return r.pick(this.sampledNumbers)
  }

  private optionsObject(props: readonly string[]): Literal {
    const r = this.random
    const out: Record<string, Literal> = {}
    for (const prop of props) {
      if (!r.chance(0.45)) continue
      const roll = r.next()
      out[prop] = roll < 0.4 ? r.chance(0.5) : roll < 0.6 ? this.number() : roll < 0.85 ? this.string() : null
    }
    return out
  }
}

const UNTYPED: TypeTag[] = [
  'string',
  'string',
  'number',
  'number',
  'object',
  'array',
  'function',
  'boolean',
  'undefined',
  'null',
  'instance',
]
const UNTYPED_LAST: TypeTag[] = [...UNTYPED, 'callback', 'callback']
const FUNCTION_NAMES = Object.keys(FUNCTION_ARGS) as FunctionArgName[]
const FIXTURE_NAMES = Object.keys(FIXTURE_FILES) as FixtureName[]

function literal(value: Literal | string | number): Arg {
  return { kind: 'literal', value }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function objectKeys(facts: SourceFacts): string[] {
  const keys = new Set<string>(['id', 'name', 'value', 'type'])
  for (const params of Object.values(facts.functions)) for (const param of params) for (const prop of param.props) keys.add(prop)
  return [...keys].slice(0, 60)
}

/** Strings that match the source's regular expressions (fast-check's stringMatching), a few per regex. */
function stringsMatching(facts: SourceFacts, seed: number): string[] {
  const out: string[] = []
  for (const { source, flags } of facts.regexps.slice(0, 120)) {
    try {
      // fast-check accepts only the d, m, s and u flags; a string matching the case-sensitive form matches under `i` too.
      const regex = new RegExp(source, flags.replace(/[^dmsu]/g, ''))
      const samples = fc.sample(fc.stringMatching(regex, { size: 'xsmall' }), { seed, numRuns: 4 })
      for (const sample of samples) if (sample.length <= 40) out.push(sample)
    } catch {
      // A regex fast-check cannot generate from (back-references, lookbehind) gives nothing.
    }
  }
  return [...new Set(out)]
}
