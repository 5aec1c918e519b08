/**
 * The taint analyzer: an abstract interpreter over the IR of one file. Values carry the untrusted
 * origins that may reach them (with the path they took); statements are followed in order, both arms
 * of a branch are analyzed and joined, a loop body twice, and checks that reject bad input (`if
 * (!ALLOWED.includes(x)) return`) clear the checked value in the code after them. Functions get
 * summaries (which parameters reach which sinks and the return value), computed once with symbolic
 * parameter taints and applied at each call, so flows cross function boundaries within the file.
 */
import type { Confidence, Severity } from '../../../../core/finding.js'
import { Budget } from './budget.js'
import type { Arg, ClassDef, Expr, Func, Loc, ModuleIR, Param, Pattern, Stmt } from './ir.js'
import { chainKey, exprText, keyword, lastName, objectKey, positional, syntacticName } from './names.js'
import { Scope } from './scope.js'
import {
  kindMask,
  type CallNames,
  type CompiledSource,
  type CompiledSpec,
  type ConditionSpec,
  type GuardSpec,
  type KindInfo,
  type SinkSpec,
} from './spec.js'
import {
  approx,
  bit,
  clear,
  CLEAN,
  concatTrails,
  extend,
  join,
  joinAll,
  mergeTaints,
  taintKey,
  taintsOnly,
  trailSteps,
  withStep,
  type ClassRef,
  type FnRef,
  type Shape,
  type SourceObject,
  type Step,
  type Taint,
  type Value,
} from './values.js'

export interface TaintHit {
  kind: KindInfo
  sink: SinkSpec
  loc: Loc
  steps: Step[]
  confidence: Confidence
  sourceLabel: string
  /** The source caps the finding's severity (library entry points). */
  maxSeverity?: Severity
}

/** A call from this file into one of the project's own modules, with the untrusted arguments it passes. */
export interface ExternalCall {
  module: string
  name: string
  loc: Loc
  /** Per argument index: taints from sources (with their trail). */
  args: Array<{ index: number; taints: Taint[] }>
}

export interface SinkRecord {
  taint: Taint
  kind: KindInfo
  sink: SinkSpec
  loc: Loc
  /** A prototype-pollution write of the request-data kind only (`obj[a] = v`): not for library sources. */
  shallow?: boolean
  /**
   * A write into an object that may be a prototype (`taint` is the written key): reached by the keys
   * `via`, or it is the caller's argument `objParam`, whose own walk decides.
   */
  deep?: { via: readonly Taint[]; objParam?: { index: number; path: readonly string[] } }
}

export interface Summary {
  ret: Value
  sinks: SinkRecord[]
  /** Parameters that reach a sink only after a sanitizer or guard: settled as safe at each call. */
  guarded: Array<{ index: number; kind: KindInfo; loc: Loc }>
  thisWrites: Map<string, Value>
  /** Keys of the sink records kept so far (no duplicates). */
  recorded?: Set<string>
}

type Completion = 'normal' | 'break' | 'continue' | 'return'

interface Frame {
  fn?: Func
  summary: Summary
  self?: Value
  returnSinks: SinkSpec[]
  pending: FnRef[]
  loopDepth: number
  /** Parameter markers of this function (their fn id). */
  fnId: number
}

interface Fact {
  target: Expr
  key: string
  mask: number
  flags: number
}
type Facts = Map<string, Fact>
type AddFact = (target: Expr, mask: number, flags?: number) => void
const URL_PARSERS =
  /^(URL|url\.parse|urlparse|urlsplit|urllib\.parse\.urlparse|urllib\.parse\.urlsplit|parse\.urlparse|URL\.parse|new URL)$/
const regexCache = new Map<string, RegExp>()
function cachedRegex(source: string): RegExp {
  let r = regexCache.get(source)
  if (!r) {
    r = new RegExp(source)
    regexCache.set(source, r)
  }
  return r
}
const FIXED_HOST = /^(https?:)?\/\/[^/?#\s]+[/?#]/i
const NORMALIZERS = /^(os\.path\.normpath|posixpath\.normpath|normpath|path\.normalize|path\.posix\.normalize)$/
/**
 * `relative(base, p)` / `relpath(p, base)`: when the result does not start with `..`, `p` is inside
 * `base` (the resolve-and-prefix check written the other way round). The value is the argument index of `p`.
 */
const RELATIVE_PATH: Record<string, number> = {
  'path.relative': 1,
  'path.posix.relative': 1,
  relative: 1,
  'os.path.relpath': 0,
  'posixpath.relpath': 0,
  relpath: 0,
}
/** The path a `relative(...)` call checks (see RELATIVE_PATH), if `call` is one. */
function relativeTarget(call: Expr | undefined): Expr | undefined {
  if (call?.k !== 'call') return undefined
  const index = RELATIVE_PATH[syntacticName(call.callee) ?? '']
  return index === undefined ? undefined : positional(call.args, index)?.value
}
const NO_DOTDOT = 4
const NOT_ABSOLUTE = 8
const SHELLS = /^(\/bin\/|\/usr\/bin\/)?(ba|z|da|k)?sh$|^cmd(\.exe)?$|^(powershell|pwsh)(\.exe)?$/
const SLASH = 1
const NO_DOUBLE_SLASH = 2

const PROTO_NAMES = new Set(['__proto__', 'constructor', 'prototype'])
/**
 * Which prototype names a key was checked against (kept in `cleared` above the kind bits): a check of
 * `__proto__` alone protects a single write, but a deep walk also reaches `constructor.prototype`.
 */
const DUNDER_PROTO_BIT = 1 << 28
const CONSTRUCTOR_BIT = 1 << 29
const PROTOTYPE_BIT = 1 << 30
const NAME_BITS = DUNDER_PROTO_BIT | CONSTRUCTOR_BIT | PROTOTYPE_BIT
const PROTO_NAME_BITS = new Map([
  ['__proto__', DUNDER_PROTO_BIT],
  ['constructor', CONSTRUCTOR_BIT],
  ['prototype', PROTOTYPE_BIT],
])
/** Calls that hand their callback each value and key of an object (`forIn(obj, fn, thisArg)`). */
const OBJECT_ITERATORS = /^(for-in|for-own|lodash\.forIn|lodash\.forOwn|lodash\/forIn|lodash\/forOwn|forIn|forOwn|_\.forIn|_\.forOwn)$/
/** Calls that enumerate an object's keys. */
const KEY_ENUMERATORS = /^(Object\.keys|Object\.getOwnPropertyNames|Reflect\.ownKeys|Object\.entries)$/
/** Calls that write a property by a computed key (`Object.defineProperty(o, k, d)`, `Reflect.set(o, k, v)`). */
const PROPERTY_DEFINERS = /^(Object\.defineProperty|Reflect\.set|Reflect\.defineProperty)$/
const HAS_OWN = /^(hasOwnProperty|hasOwn|propertyIsEnumerable)$/
/** Steps of a file after which property writers nothing reached are no longer analyzed on their own. */
const WRITER_STEPS = 150_000
/** Steps one property writer may take when analyzed for its own sake (merges take a few hundred). */
const WRITER_ALLOWANCE = 2_000
/** Steps one exported function may take as a library entry point (a notifier's takes ~500). */
const API_ALLOWANCE = 2_500
/** Larger exported functions are modules in themselves (a whole platform switch), not wrappers. */
const MAX_API_TEXT = 8_000
const NUMERIC_OPS = new Set(['-', '*', '/', '**', '<<', '>>', '>>>', '&', '|', '^', '//', '@'])
const HOST_MEMBERS = new Set(['host', 'hostname', 'origin', 'netloc', 'scheme', 'protocol'])
const SAFE_SCHEMA = new Set([
  'number',
  'boolean',
  'bool',
  'enum',
  'nativeEnum',
  'literal',
  'date',
  'bigint',
  'uuid',
  'email',
  'cuid',
  'cuid2',
  'ulid',
  'datetime',
  'ip',
  'int',
  'integer',
  'guid',
  'alphanum',
  'valid',
  'isoDate',
  'regex',
  'pattern',
  'hex',
  'base64',
  'nanoid',
  'token',
  'emoji',
  'positive',
  'negative',
  'port',
])
const UNSAFE_SCHEMA = new Set(['string', 'any', 'unknown', 'record', 'passthrough', 'mixed', 'url'])
const SCHEMA_PARSE = new Set([
  'parse',
  'parseAsync',
  'safeParse',
  'safeParseAsync',
  'validate',
  'validateAsync',
  'validateSync',
  'cast',
  'attempt',
])
const SCHEMA_ROOTS = /^(zod|zod\.z|joi|yup|@hapi\/joi|valibot|zod\/v4)$/
const PY_SAFE_TYPES =
  /^(Optional\[)?(int|float|bool|complex|Decimal|UUID|uuid\.UUID|UUID[1-5]|date|datetime|time|timedelta|EmailStr|PositiveInt|NegativeInt|NonNegativeInt|StrictInt|StrictFloat|StrictBool|conint\(.*\)|confloat\(.*\)|constr\(.*(regex|pattern)=.*\)|Literal\[.*\]|Annotated\[str,.*(regex|pattern)=.*\])(\])?( \| None)?$/
const PY_MODEL_BASES = /(^|\.)(BaseModel|Schema|BaseSettings)$/
const PY_ENUM_BASES = /(^|\.)(Enum|IntEnum|StrEnum|IntFlag|Flag)$/
const KNOWN_GLOBALS = new Set([
  'String',
  'JSON',
  'Buffer',
  'Object',
  'Array',
  'encodeURI',
  'decodeURIComponent',
  'decodeURI',
  'str',
  'repr',
  'list',
  'dict',
  'tuple',
  'set',
  'sorted',
  'reversed',
  'bytes',
  'format',
])
/** Methods that add their arguments to the receiver (`parts.push(x)`). */
const MUTATORS = new Set([
  'push',
  'unshift',
  'splice',
  'append',
  'extend',
  'insert',
  'add',
  'set',
  'update',
  'setdefault',
  'appendleft',
  'write',
])
const STRING_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toString',
  'slice',
  'substring',
  'substr',
  'split',
  'join',
  'concat',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'format',
  'encode',
  'decode',
  'normalize',
  'at',
  'charAt',
  'repeat',
])

function short(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export interface AnalyzerOptions {
  file: string
  budget: Budget
  /** Exported functions to summarize even if nothing in this file reaches them (cross-module callers). */
  summarizeExports?: string[]
  /** Functions that write properties by computed keys, with the names they call themselves by (`api_parameters: property_writers`). */
  writers?: Array<{ fn: Func; names: string[] }>
  /** The module is a library whose exported functions are entry points (`api_parameters: exported`; see CompiledSpec.apiFileTest). */
  api?: boolean
  /** Nothing in the module names a source: only the property writers are entry points. */
  writersOnly?: boolean
}

export class FileAnalyzer {
  readonly hits = new Map<string, TaintHit>()
  /** `line:kind` of sinks whose untrusted input was sanitized or validated on every path. */
  readonly sanitized = new Set<string>()
  readonly externalCalls: ExternalCall[] = []
  /** Exported name -> value (functions get summaries for cross-module use). */
  readonly exported = new Map<string, Value>()
  private readonly summaries = new Map<number, Summary>()
  /** Function id -> whether its own text or parameters name a source. */
  private readonly ownSources = new Map<number, boolean>()
  private readonly classes = new Map<ClassDef, ClassRef>()
  private readonly analyzing = new Set<number>()
  private readonly budget: Budget
  private readonly file: string
  private classFieldsDirty = false
  private readonly summarizeExports: string[]
  private readonly analyzedMethods = new Set<ClassRef>()
  private directDepth = 0
  private validatorDepth = 0
  private readonly ppKind: KindInfo | undefined
  private readonly ppBit: number
  private readonly ssrfRedirectMask: number
  private readonly redirectMask: number
  private readonly pathMask: number
  /** Kinds a path proven to stay inside a folder is safe for (path traversal, archive entries). */
  private readonly containedMask: number
  private readonly explicitKinds: number
  private readonly importedModules: string[]
  /** Library entry points (function ids): exported functions; methods whose `this` the caller controls; property writers. */
  private readonly apiFns = new Set<number>()
  private readonly apiThis = new Set<number>()
  private readonly writerFns = new Set<number>()
  private readonly writers: Array<{ fn: Func; names: string[] }>
  private readonly api: boolean
  private readonly writersOnly: boolean
  private moduleScope: Scope | undefined
  /** Functions whose analysis met a call to themselves (recursion: analyzed again with the first summary). */
  private readonly recursed = new Set<number>()

  constructor(
    private readonly ir: ModuleIR,
    private readonly spec: CompiledSpec,
    options: AnalyzerOptions,
  ) {
    this.budget = options.budget
    this.file = options.file
    this.summarizeExports = options.summarizeExports ?? []
    this.writers = options.writers ?? []
    this.api = options.api ?? false
    this.writersOnly = options.writersOnly ?? false
    this.ppKind = spec.kindByName.get('prototype-pollution')
    this.ppBit = this.ppKind ? bit(this.ppKind.bit) : 0
    this.ssrfRedirectMask = kindMask(
      spec,
      ['ssrf', 'open-redirect'].filter((k) => spec.kindByName.has(k)),
    )
    this.redirectMask = kindMask(
      spec,
      ['open-redirect'].filter((k) => spec.kindByName.has(k)),
    )
    this.pathMask = kindMask(
      spec,
      ['path-traversal'].filter((k) => spec.kindByName.has(k)),
    )
    this.containedMask = kindMask(
      spec,
      ['path-traversal', 'zip-slip'].filter((k) => spec.kindByName.has(k)),
    )
    this.importedModules = ir.imports.map((i) => i.module)
    this.explicitKinds = spec.kinds.filter((k) => k.explicit_sources).reduce((m, k) => m | bit(k.bit), 0)
  }

  private importsOk(item: { requires_import?: string[] | undefined }): boolean {
    if (!item.requires_import) return true
    const loaded = (i: string, m: string) => i === m || i.startsWith(`${m}.`) || i.startsWith(`${m}/`)
    return item.requires_import.some(
      (m) => this.importedModules.some((i) => loaded(i, m)) || [...(this.ir.requires ?? [])].some((i) => loaded(i, m)),
    )
  }

  get isPython(): boolean {
    return this.spec.language === 'python'
  }

  // ================================================================================================
  // Entry
  // ================================================================================================

  run(): void {
    if (this.api && this.spec.apiSources.length) this.findApi()
    if (this.spec.writerSources.length) for (const w of this.writers) this.writerFns.add(w.fn.id)
    for (let pass = 0; pass < 2; pass++) {
      this.classFieldsDirty = false
      this.summaries.clear()
      this.analyzedMethods.clear()
      this.runModule()
      if (!this.classFieldsDirty) break
    }
    // Property writers nothing in the module reached (nested in a bundle's factory, say): each on its own.
    if (this.spec.writerSources.length) {
      for (const w of this.writers) {
        // Library helpers are small: past this much work the file's other functions are what costs.
        if (this.budget.steps > WRITER_STEPS) break
        if (this.summaries.has(w.fn.id)) continue
        const scope = new Scope(this.moduleScope)
        const ref: FnRef = { fn: w.fn, scope }
        for (const name of w.names) {
          if (name.includes('.')) scope.setPath(name, { taints: [], fn: ref })
          else scope.declare(name, { taints: [], fn: ref })
        }
        this.writerSummary(ref)
      }
    }
  }

  // ---- library entry points -------------------------------------------------------------------------

  /**
   * The module's API: functions it exports (ESM, `module.exports`, `exports.x`), the prototype methods
   * and static members of exported constructors, and methods of exported classes. Their parameters
   * (and `this` in methods) are what a library's caller controls.
   */
  private findApi(): void {
    const byName = new Map<string, Func>()
    const classes = new Map<string, ClassDef>()
    const exportedNames = new Set<string>(this.ir.exports.values())
    const members = new Map<string, Array<{ fn: Func; method: boolean }>>()
    const api = new Map<number, Func>()
    const withThis = new Set<number>()
    const mark = (fn: Func, self = false) => {
      api.set(fn.id, fn)
      if (self) withThis.add(fn.id)
    }
    const markValue = (e: Expr | undefined, depth = 0): void => {
      if (!e || depth > 4) return
      if (e.k === 'func') mark(e.fn)
      else if (e.k === 'id') exportedNames.add(e.name)
      else if (e.k === 'assign') {
        markTarget(e.target.k === 'expr' ? e.target.expr : undefined, e.value)
        markValue(e.value, depth + 1)
      } else if (e.k === 'obj') {
        for (const p of e.props) if (!p.spread) markValue(p.value, depth + 1)
      } else if (e.k === 'class') {
        for (const m of e.cls.methods) mark(m, true)
      }
    }
    const markTarget = (target: Expr | undefined, value: Expr): void => {
      const key = target ? chainKey(target) : undefined
      if (key === undefined) return
      if (key === 'module.exports' || key === 'exports' || /^(module\.)?exports\.[\w$]+$/.test(key)) {
        markValue(value)
        return
      }
      // X.prototype.m = f, X.prototype = { m: f }, X.m = f: decided once we know whether X is exported.
      const proto = /^([\w$]+)\.prototype(\.[\w$]+)?$/.exec(key)
      const statics = /^([\w$]+)\.[\w$]+$/.exec(key)
      const owner = proto?.[1] ?? statics?.[1]
      if (owner === undefined) return
      const fns: Func[] =
        value.k === 'func' ? [value.fn] : value.k === 'obj' ? value.props.flatMap((p) => (p.value.k === 'func' ? [p.value.fn] : [])) : []
      for (const fn of fns) members.set(owner, [...(members.get(owner) ?? []), { fn, method: proto !== null }])
    }
    const visit = (stmts: Stmt[], depth: number): void => {
      for (const st of stmts) {
        if (st.k === 'func') {
          if (st.fn.name) byName.set(st.fn.name, st.fn)
          if (st.fn.exported) mark(st.fn)
        } else if (st.k === 'class') {
          if (st.cls.name) classes.set(st.cls.name, st.cls)
        } else if (st.k === 'decl' && st.target.k === 'id' && st.value) {
          if (st.value.k === 'func') byName.set(st.target.name, st.value.fn)
          if (st.value.k === 'assign') markValue(st.value)
        } else if (st.k === 'expr' && st.e.k === 'assign') {
          markValue(st.e)
        } else if (st.k === 'block' && depth < 3) visit(st.body, depth + 1)
        else if (st.k === 'if' && depth < 3) {
          visit(st.then, depth + 1)
          if (st.else) visit(st.else, depth + 1)
        }
      }
    }
    visit(this.ir.body, 0)
    for (const name of exportedNames) {
      const fn = byName.get(name)
      if (fn) mark(fn)
      for (const m of classes.get(name)?.methods ?? []) mark(m, true)
      for (const m of members.get(name) ?? []) mark(m.fn, m.method)
    }
    // Entry points are the functions that call a sink themselves (`exec(...)`); the helpers they call
    // are followed from there, and a module's other exports cost without telling anything.
    for (const fn of api.values()) {
      const text = fn.text?.()
      if (text !== undefined && this.spec.apiSinkCalls && !this.spec.apiSinkCalls.test(text)) continue
      if (text !== undefined && text.length > MAX_API_TEXT) continue
      this.apiFns.add(fn.id)
      if (withThis.has(fn.id)) this.apiThis.add(fn.id)
    }
  }

  /** The library sources for a function's parameter (or `arguments`, `this`): exported API, property writer. */
  private apiSourceValue(fn: Func, label: string, loc: Loc): Value | undefined {
    let out: Value | undefined
    if (this.apiFns.has(fn.id)) for (const src of this.spec.apiSources) out = join(out ?? CLEAN, this.sourceValue(src, label, loc))
    if (this.writerFns.has(fn.id)) for (const src of this.spec.writerSources) out = join(out ?? CLEAN, this.sourceValue(src, label, loc))
    return out
  }

  private runModule(): void {
    const scope = new Scope()
    this.moduleScope = scope
    for (const binding of this.ir.imports) {
      if (binding.local.startsWith('%')) continue
      scope.declare(binding.local, this.importValue(binding.module, binding.name))
    }
    const frame = this.newFrame(undefined, -1)
    if (this.writersOnly) {
      // Nothing else to follow: only the module's own functions, for the writers to call (a bundle's
      // factory is not run).
      for (const s of this.ir.body) {
        if (s.k === 'func' && s.fn.name) scope.declare(s.fn.name, { taints: [], fn: { fn: s.fn, scope } })
        else if (s.k === 'decl' && s.target.k === 'id' && s.value?.k === 'func')
          scope.declare(s.target.name, { taints: [], fn: { fn: s.value.fn, scope } })
      }
      return
    }
    this.execBlock(this.ir.body, scope, frame)
    for (const [exportName, local] of this.ir.exports) {
      const v = scope.lookup(local)
      if (v) this.exported.set(exportName, v)
    }
    this.drainPending(frame)
    for (const name of this.summarizeExports) {
      const fn = this.exported.get(name)?.fn
      if (fn) this.summaryOf(fn)
    }
  }

  /** A summary already computed (no analysis is started). */
  knownSummary(ref: FnRef): Summary | undefined {
    return this.summaries.get(ref.fn.id)
  }

  private newFrame(fn: Func | undefined, fnId: number, self?: Value): Frame {
    const frame: Frame = {
      summary: { ret: CLEAN, sinks: [], guarded: [], thisWrites: new Map() },
      returnSinks: [],
      pending: [],
      loopDepth: 0,
      fnId,
    }
    if (fn) {
      frame.fn = fn
      if (this.spec.returnSinks.length && fn.decorators.length) {
        const names = fn.decorators.map((d) => syntacticName(d.k === 'call' ? d.callee : d) ?? '')
        for (const { decorator, sink } of this.spec.returnSinks) {
          if (names.some((n) => decorator.test(n)) && this.importsOk(sink)) frame.returnSinks.push(sink)
        }
      }
    }
    if (self) frame.self = self
    return frame
  }

  /** Functions defined in a body but never called there are analyzed on their own (entry points). */
  /**
   * Functions defined in a body but not called there are analyzed on their own (entry points) when
   * untrusted data can appear in them: a framework parameter (a request), a source named in their
   * text, or untrusted data in the scope they close over. The others are analyzed only if called.
   */
  private drainPending(frame: Frame): void {
    while (frame.pending.length) {
      const ref = frame.pending.shift()!
      if (this.summaries.has(ref.fn.id) || this.analyzing.has(ref.fn.id)) continue
      if (this.mayHaveSource(ref)) this.summaryOf(ref)
      else if (this.apiFns.has(ref.fn.id)) this.budget.within(API_ALLOWANCE, () => this.summaryOf(ref))
      else if (this.writerFns.has(ref.fn.id)) this.writerSummary(ref)
    }
  }

  /**
   * A property writer analyzed for its own sake (nothing else brings untrusted data into it): merge and
   * set-by-path helpers are small, so a writer that needs more work than that stops there.
   */
  private writerSummary(ref: FnRef): void {
    this.budget.within(WRITER_ALLOWANCE, () => this.summaryOf(ref))
  }

  /** Whether untrusted data can appear in a function without being passed to it. */
  private mayHaveSource(ref: FnRef): boolean {
    const fn = ref.fn
    if (this.writersOnly) return false
    let own = this.ownSources.get(fn.id)
    if (own === undefined) {
      const text = fn.text?.()
      own =
        text === undefined ||
        this.spec.sourceWords.test(text) ||
        fn.params.some((p, i) => this.paramSource(fn, p, i, false, false, false) !== undefined) ||
        (this.spec.returnSinks.length > 0 && fn.decorators.length > 0)
      this.ownSources.set(fn.id, own)
    }
    if (own) return true
    if (ref.self?.instanceOf !== undefined && this.classHasTaint(ref.self.instanceOf)) return true
    const text = fn.text?.()
    return text !== undefined && (ref.scope as Scope).mentionsTainted(text)
  }

  private classHasTaint(cls: ClassRef): boolean {
    for (const v of cls.fields.values()) if (v.taints.some((t) => t.origin.kind === 'source')) return true
    return false
  }

  importValue(module: string, name: string): Value {
    const qn = name === '*' || name === 'default' ? module : `${module}.${name}`
    let v: Value = { taints: [], qn }
    if (module.startsWith('.')) v.importRef = { module, name: name === '*' ? '*' : name }
    const sources = this.spec.qualifiedSources.get(qn)
    if (sources) for (const s of sources) v = { ...join(v, this.sourceValue(s, qn, { line: 0, col: 0, endLine: 0, endCol: 0 })), qn }
    return v
  }

  // ================================================================================================
  // Sources
  // ================================================================================================

  sourceValue(source: CompiledSource, label: string, loc: Loc): Value {
    if (source.paths) return { taints: [], objs: [{ source, prefix: [], label, loc }] }
    return { taints: [this.sourceTaint(source, label, loc)] }
  }

  private sourceTaint(source: CompiledSource, label: string, loc: Loc): Taint {
    return {
      origin: { kind: 'source', source, label, loc, confidence: source.confidence },
      cleared: 0,
      trail: extend(undefined, { loc, message: `${short(label)} (${source.title})` }),
      approx: 0,
    }
  }

  /** Reads one step into source objects: a path that ends here is untrusted, one that continues stays an object. */
  private readSourceObjects(objs: readonly SourceObject[], segment: string, loc: Loc): Value {
    let out: Value = CLEAN
    const next: SourceObject[] = []
    for (const obj of objs) {
      const prefix = [...obj.prefix, segment]
      let exact = false
      let partial = false
      for (const path of obj.source.paths ?? []) {
        if (path.length < prefix.length) continue
        if (!prefix.every((p, i) => path[i] === p)) continue
        if (path.length === prefix.length) exact = true
        else partial = true
      }
      const label = `${obj.label}.${prefix.join('.')}`.replace(/\.\(\)/g, '()')
      if (exact) out = join(out, { taints: [this.sourceTaint(obj.source, label, loc)] })
      else if (partial) next.push({ ...obj, prefix })
    }
    if (next.length) out = { ...out, objs: next }
    return out
  }

  // ================================================================================================
  // Statements
  // ================================================================================================

  private execBlock(stmts: Stmt[], scope: Scope, frame: Frame): Completion {
    for (const s of stmts) {
      if (s.k === 'func' && s.fn.name) {
        const ref: FnRef = { fn: s.fn, scope }
        scope.declare(s.fn.name, { taints: [], fn: ref })
      }
    }
    for (const s of stmts) {
      const c = this.exec(s, scope, frame)
      if (c !== 'normal') return c
    }
    return 'normal'
  }

  private exec(s: Stmt, scope: Scope, frame: Frame): Completion {
    this.budget.step()
    switch (s.k) {
      case 'expr': {
        this.eval(s.e, scope, frame)
        if (s.e.k === 'call' && this.isExit(s.e, scope)) return 'return'
        return 'normal'
      }
      case 'decl': {
        const value = s.value ? this.eval(s.value, scope, frame) : CLEAN
        let v = value
        if (s.target.k === 'id') {
          v = withStep(value, { loc: s.loc, message: `${s.target.name} = ${this.describe(s.value)}` })
          const via = s.value?.k === 'call' ? (syntacticName(s.value.callee) ?? '') : ''
          const parsed = (URL_PARSERS.test(via) || NORMALIZERS.test(via)) && s.value?.k === 'call' ? s.value.args[0]?.value : undefined
          const checked = relativeTarget(s.value)
          if (parsed && (chainKey(parsed) !== undefined || NORMALIZERS.test(via))) scope.derived.set(s.target.name, { from: parsed, via })
          else if (checked && chainKey(checked) !== undefined) scope.derived.set(s.target.name, { from: checked, via })
          else scope.derived.delete(s.target.name)
        }
        this.bind(s.target, v, scope, frame, true, s.loc)
        return 'normal'
      }
      case 'if':
        return this.execIf(s, scope, frame)
      case 'loop':
        return this.execLoop(s, scope, frame)
      case 'return': {
        const v = s.e ? this.eval(s.e, scope, frame) : CLEAN
        // A request handler a factory returns (`return function (req, res, next) {...}`, middleware): an entry point.
        const returned = v.fn && s.e?.k === 'func' ? v.fn : undefined
        if (returned && returned.fn.params.some((p, i) => this.paramSource(returned.fn, p, i, false, false, false) !== undefined))
          frame.pending.push(returned)
        // Flask serializes returned dicts and lists as JSON.
        const json = s.e !== undefined && (s.e.k === 'obj' || (s.e.k === 'arr' && (s.e.items[0]?.k === 'obj' || s.e.items[0]?.k === 'arr')))
        for (const sink of json ? [] : frame.returnSinks) {
          const kind = this.spec.kindByName.get(sink.kind)
          if (kind) this.sinkHit(kind, sink, s.loc, v, frame)
        }
        frame.summary.ret = join(frame.summary.ret, withStep(v, { loc: s.loc, message: 'returned' }))
        return 'return'
      }
      case 'throw':
        if (s.e) this.eval(s.e, scope, frame)
        return 'return'
      case 'break':
        return 'break'
      case 'continue':
        return 'continue'
      case 'try': {
        const before = scope.fork()
        const bodyCompletion = this.execBlock(s.body, scope, frame)
        let completion: Completion = bodyCompletion
        if (s.handler) {
          const handlerScope = before.fork()
          Scope.joinInto(handlerScope, [before, scope])
          if (s.param) this.bind(s.param, CLEAN, handlerScope, frame, true, s.loc)
          const handlerCompletion = this.execBlock(s.handler, handlerScope, frame)
          const reaching = [
            bodyCompletion === 'normal' ? scope : undefined,
            handlerCompletion === 'normal' ? handlerScope : undefined,
          ].filter((x): x is Scope => x !== undefined)
          if (reaching.length)
            Scope.joinInto(
              scope,
              reaching.map((r) => r.fork()),
            )
          completion = bodyCompletion !== 'normal' && handlerCompletion !== 'normal' ? 'return' : 'normal'
        }
        if (s.finalizer) {
          const c = this.execBlock(s.finalizer, scope, frame)
          if (c !== 'normal') return c
        }
        return completion
      }
      case 'switch': {
        this.eval(s.disc, scope, frame)
        const key = chainKey(s.disc)
        const branches: Scope[] = []
        let hasDefault = false
        for (const c of s.cases) {
          const branch = scope.fork()
          if (c.test) {
            this.eval(c.test, scope, frame)
            if (key !== undefined && c.test.k === 'lit') this.refinePath(s.disc, key, this.spec.allKinds, branch, frame)
          } else hasDefault = true
          const completion = this.execBlock(c.body, branch, frame)
          if (completion === 'normal' || completion === 'break') branches.push(branch)
        }
        if (!hasDefault) branches.push(scope.fork())
        if (branches.length === 0) return 'return'
        Scope.joinInto(scope, branches)
        return 'normal'
      }
      case 'block':
        return this.execBlock(s.body, scope, frame)
      case 'func':
        frame.pending.push({ fn: s.fn, scope })
        return 'normal'
      case 'class': {
        const cls = this.declareClass(s.cls, scope, frame)
        if (s.cls.name) scope.declare(s.cls.name, { taints: [], cls })
        return 'normal'
      }
      case 'with': {
        for (const item of s.items) {
          const v = this.eval(item.e, scope, frame)
          if (item.target) this.bind(item.target, v, scope, frame, true, s.loc)
        }
        return this.execBlock(s.body, scope, frame)
      }
    }
  }

  private execIf(s: Extract<Stmt, { k: 'if' }>, scope: Scope, frame: Frame): Completion {
    this.eval(s.test, scope, frame)
    const thenScope = scope.fork()
    this.refine(s.test, true, thenScope, frame)
    const thenC = this.execBlock(s.then, thenScope, frame)
    const elseScope = scope.fork()
    this.refine(s.test, false, elseScope, frame)
    const elseC = s.else ? this.execBlock(s.else, elseScope, frame) : 'normal'
    const reaching: Scope[] = []
    if (thenC === 'normal') reaching.push(thenScope)
    if (elseC === 'normal') reaching.push(elseScope)
    if (reaching.length === 0) {
      // Neither arm falls through.
      Scope.joinInto(scope, [thenScope, elseScope])
      return thenC === 'return' && elseC === 'return' ? 'return' : thenC === 'return' ? elseC : thenC
    }
    Scope.joinInto(scope, reaching)
    return 'normal'
  }

  private execLoop(s: Extract<Stmt, { k: 'loop' }>, scope: Scope, frame: Frame): Completion {
    const iter = s.iter ? this.eval(s.iter, scope, frame) : undefined
    if (s.test) this.eval(s.test, scope, frame)
    const passes = frame.loopDepth < 2 ? 2 : 1
    frame.loopDepth++
    try {
      for (let pass = 0; pass < passes; pass++) {
        const before = scope.fork()
        const body = scope.fork()
        if (s.target && iter) {
          let element = s.iterKind === 'in' ? this.keysOf(iter) : this.elementOf(iter)
          const of = s.iterKind === 'in' && s.iter ? chainKey(s.iter) : undefined
          if (of !== undefined) element = { ...element, keyOf: of }
          this.bind(s.target, element, body, frame, true, s.loc)
        }
        if (s.test) this.refine(s.test, true, body, frame)
        this.execBlock(s.body, body, frame)
        Scope.joinInto(scope, [before, body])
      }
    } finally {
      frame.loopDepth--
    }
    return 'normal'
  }

  private isExit(call: Extract<Expr, { k: 'call' }>, scope: Scope): boolean {
    const names = this.namesOf(call.callee, scope)
    return names !== undefined && this.spec.exits.match(names).length > 0
  }

  // ================================================================================================
  // Guards
  // ================================================================================================

  /** Applies what `test` being `branch` proves about values (allow-lists, type checks...) to `scope`. */
  private refine(test: Expr, branch: boolean, scope: Scope, frame: Frame): void {
    const facts = this.facts(test, branch, scope)
    for (const [, fact] of facts) {
      let mask = fact.mask
      // `x.startsWith('/') && !x.startsWith('//')`: a path on this site.
      if ((fact.flags & (SLASH | NO_DOUBLE_SLASH)) === (SLASH | NO_DOUBLE_SLASH)) mask |= this.redirectMask
      const derived = fact.target.k === 'id' ? scope.derivedFrom(fact.target.name) : undefined
      // `p = normpath(x)` that neither starts with `..` nor is absolute stays inside its base.
      if ((fact.flags & (NO_DOTDOT | NOT_ABSOLUTE)) === (NO_DOTDOT | NOT_ABSOLUTE) && derived && NORMALIZERS.test(derived.via))
        mask |= this.pathMask
      if (mask) this.refinePath(fact.target, fact.key, mask, scope, frame)
      // `rel = relative(base, p)` that does not start with `..`: `p` stays inside `base`.
      const relativeKey = derived && fact.flags & NO_DOTDOT && RELATIVE_PATH[derived.via] !== undefined ? chainKey(derived.from) : undefined
      if (derived && relativeKey !== undefined) this.refinePath(derived.from, relativeKey, this.containedMask, scope, frame)
      // Validating a parsed URL validates the string it was parsed from.
      const fromKey = derived && URL_PARSERS.test(derived.via) ? chainKey(derived.from) : undefined
      if (derived && fromKey !== undefined && mask & this.ssrfRedirectMask)
        this.refinePath(derived.from, fromKey, mask & this.ssrfRedirectMask, scope, frame)
    }
  }

  private refinePath(target: Expr, key: string, mask: number, scope: Scope, frame: Frame): void {
    const current = this.evalQuiet(target, scope, frame)
    if (current.taints.length === 0) return
    const cleared = clear(current, mask)
    if (target.k === 'id') scope.assign(target.name, { ...current, taints: cleared.taints })
    else scope.setPath(key, { ...current, taints: cleared.taints })
  }

  private facts(test: Expr, branch: boolean, scope: Scope): Facts {
    const out: Facts = new Map()
    const add: AddFact = (target, mask, flags = 0) => {
      const key = chainKey(target)
      if (key === undefined || (mask === 0 && flags === 0)) return
      const prev = out.get(key)
      out.set(key, { target, key, mask: (prev?.mask ?? 0) | mask, flags: (prev?.flags ?? 0) | flags })
      // Checking `url.hostname` validates the URL object for request and redirect targets.
      if (target.k === 'member' && HOST_MEMBERS.has(target.prop) && mask & this.ssrfRedirectMask)
        add(target.obj, mask & this.ssrfRedirectMask)
    }
    const addChecked: AddFact = (target, mask, flags = 0) => {
      add(target, mask, flags)
      // `urlparse(url).hostname in ALLOWED` validates `url` itself.
      if (target.k === 'member' && HOST_MEMBERS.has(target.prop) && target.obj.k === 'call' && mask & this.ssrfRedirectMask) {
        const parsed = URL_PARSERS.test(syntacticName(target.obj.callee) ?? '') ? target.obj.args[0]?.value : undefined
        if (parsed) add(parsed, mask & this.ssrfRedirectMask)
      }
    }
    switch (test.k) {
      case 'unary':
        if (test.op === '!' || test.op === 'not') return this.facts(test.arg, !branch, scope)
        return out
      case 'logic': {
        if (test.op === '??') return out
        const l = this.facts(test.left, branch, scope)
        const r = this.facts(test.right, branch, scope)
        const conj = (test.op === '&&') === branch
        if (conj) {
          for (const f of [...l.values(), ...r.values()]) add(f.target, f.mask, f.flags)
        } else {
          for (const [k, fa] of l) {
            const fb = r.get(k)
            if (fb && ((fa.mask & fb.mask) !== 0 || (fa.flags & fb.flags) !== 0)) {
              out.set(k, { ...fa, mask: fa.mask & fb.mask, flags: fa.flags & fb.flags })
            }
          }
        }
        return out
      }
      case 'await':
        return this.facts(test.arg, branch, scope)
      case 'cmp': {
        // `check(x) is not None`, `match(x) !== null`: the check itself.
        const nullish = (e: Expr) => e.k === 'lit' && e.raw !== undefined && /^(null|undefined|None)$/.test(e.raw)
        const other = nullish(test.right) ? test.left : nullish(test.left) ? test.right : undefined
        if (other?.k === 'call' && /^(!==?|is not|==|===|is)$/.test(test.op)) {
          return this.facts(other, /^(!==?|is not)$/.test(test.op) ? branch : !branch, scope)
        }
        this.compareFacts(test, branch, scope, addChecked)
        return out
      }
      case 'call':
        this.callFacts(test, branch, scope, addChecked)
        return out
      case 'assign':
        return this.facts(test.value, branch, scope)
      case 'id':
      case 'member':
        // A falsy value ('' / 0 / None) carries nothing: `if (parsed.netloc) abort()`.
        if (!branch) add(test, this.spec.allKinds)
        return out
      default:
        return out
    }
  }

  private compareFacts(test: Extract<Expr, { k: 'cmp' }>, branch: boolean, scope: Scope, add: AddFact): void {
    const op = test.op
    const equal = op === '===' || op === '==' || op === 'is'
    const notEqual = op === '!==' || op === '!=' || op === 'is not'
    if (equal || notEqual) {
      const holds = equal === branch
      let target = test.left
      let literal = test.right
      if (test.left.k === 'lit' && test.right.k !== 'lit') {
        target = test.right
        literal = test.left
      }
      // typeof x === 'number'
      if (target.k === 'unary' && target.op === 'typeof' && literal.k === 'lit') {
        if (holds && literal.value !== undefined && /^(number|boolean|bigint)$/.test(literal.value)) add(target.arg, this.spec.allKinds)
        return
      }
      // arr.indexOf(x) !== -1
      if (
        target.k === 'call' &&
        target.callee.k === 'member' &&
        target.callee.prop === 'indexOf' &&
        literal.k === 'lit' &&
        literal.raw === '-1'
      ) {
        if (!holds) {
          const arg = target.args[0]
          if (arg && !this.isTaintedQuiet(target.callee.obj, scope)) add(arg.value, this.spec.allKinds)
        }
        return
      }
      if (literal.k !== 'lit' || (literal.value === undefined && literal.raw === undefined)) return
      if (literal.raw !== undefined && /^(null|undefined|None)$/.test(literal.raw)) return
      if (holds) add(target, this.spec.allKinds)
      else if (literal.value !== undefined && PROTO_NAMES.has(literal.value)) add(target, this.ppBit | PROTO_NAME_BITS.get(literal.value)!)
      return
    }
    if ((op === '>' || op === '>=' || op === '<' || op === '<=') && test.left.k === 'call') {
      const call = test.left
      if (call.callee.k === 'member' && call.callee.prop === 'indexOf' && test.right.k === 'lit') {
        const positive = (op === '>' && test.right.raw === '-1') || (op === '>=' && test.right.raw === '0')
        const arg = call.args[0]
        if (positive === branch && arg && !this.isTaintedQuiet(call.callee.obj, scope)) add(arg.value, this.spec.allKinds)
      }
      return
    }
    if (op === 'in' || op === 'not in') {
      const holds = (op === 'in') === branch
      const blocklist = this.isProtoBlocklist(test.right, scope)
      if (blocklist) {
        if (!holds) add(test.left, this.ppBit | blocklist)
        return
      }
      if (holds && !this.isTaintedQuiet(test.right, scope)) add(test.left, this.spec.allKinds)
    }
  }

  /**
   * `['__proto__', 'constructor']`, or a name bound to such a list: a block list, not an allow-list.
   * Returns the name bits of the names it lists (0: not a block list).
   */
  private isProtoBlocklist(e: Expr, scope: Scope): number {
    let names: Array<string | undefined> = []
    if (e.k === 'arr') names = e.items.map((i) => (i.k === 'lit' ? i.value : undefined))
    else if (e.k === 'id') names = [...(scope.lookup(e.name)?.fields?.values() ?? [])].map((i) => i.str)
    if (names.length === 0 || !names.every((n) => n !== undefined && PROTO_NAMES.has(n))) return 0
    return names.reduce((m, n) => m | PROTO_NAME_BITS.get(n!)!, 0)
  }

  private callFacts(call: Extract<Expr, { k: 'call' }>, branch: boolean, scope: Scope, add: AddFact): void {
    const names = this.namesOf(call.callee, scope)
    if (!names) return
    if (this.validatorFacts(call, branch, scope, add)) return
    // ['__proto__', 'constructor'].includes(key) is a block list: only its false branch says anything.
    const blocklist = call.callee.k === 'member' ? this.isProtoBlocklist(call.callee.obj, scope) : 0
    if (blocklist) {
      const arg = call.args[0]
      if (!branch && arg) add(arg.value, this.ppBit | blocklist)
      return
    }
    // `hasOwnProperty.call(target, key)`, `Object.hasOwn(target, key)`, `target.hasOwnProperty(key)`:
    // an own property is never a prototype. Not when `target` is the object the key was enumerated
    // from: `__proto__` in parsed JSON is an own property of that object.
    if (
      HAS_OWN.test(names.method) ||
      (names.method === 'call' && call.callee.k === 'member' && HAS_OWN.test(lastName(call.callee.obj) ?? ''))
    ) {
      const viaCall = names.method === 'call' || names.method === 'hasOwn'
      const objExpr = viaCall ? call.args[0]?.value : call.callee.k === 'member' ? call.callee.obj : undefined
      const keyExpr = (viaCall ? call.args[1] : call.args[0])?.value
      if (branch && objExpr && keyExpr) {
        const enumerated = this.evalQuietKey(keyExpr, scope)
        const objKey = chainKey(objExpr)
        if (objKey === undefined || enumerated === undefined || enumerated !== objKey) add(keyExpr, this.ppBit)
      }
      return
    }
    if ((names.method === 'startsWith' || names.method === 'startswith') && call.callee.k === 'member') {
      const prefix = call.args[0]?.value
      if (prefix?.k === 'lit' && prefix.value === '/' && branch) add(call.callee.obj, 0, SLASH)
      if (prefix?.k === 'lit' && (prefix.value === '//' || prefix.value === '/\\') && !branch) add(call.callee.obj, 0, NO_DOUBLE_SLASH)
      if (prefix?.k === 'lit' && (prefix.value === '..' || prefix.value === '../') && !branch) {
        add(call.callee.obj, 0, NO_DOTDOT)
        // `!relative(base, p).startsWith('..')`: `p` stays inside `base`.
        const checked = relativeTarget(call.callee.obj)
        if (checked) add(checked, this.containedMask)
      }
    }
    if (/^(os\.path\.isabs|path\.isAbsolute|posixpath\.isabs|isabs)$/.test(names.syn ?? '') && !branch && call.args[0]) {
      add(call.args[0].value, 0, NOT_ABSOLUTE)
    }
    for (const guard of this.spec.guards.match(names)) {
      if (!branch) continue
      if (!this.conditionsHold(guard.when, call.args)) continue
      if (guard.anchored_regex && !this.anchoredRegex(call, guard, scope)) continue
      const mask = kindMask(this.spec, guard.kinds)
      const targets: Expr[] = []
      if (guard.validates === 'receiver' && call.callee.k === 'member') {
        targets.push(call.callee.obj)
      } else if (guard.validates === 'args') targets.push(...call.args.map((a) => a.value))
      else {
        const arg = positional(call.args, guard.validates === 'arg1' ? 1 : 0)
        if (arg) targets.push(arg.value)
        // The collection itself must be trusted for `ALLOWED.includes(x)` to mean anything.
        if (
          call.callee.k === 'member' &&
          guard.validates === 'arg0' &&
          this.isTaintedQuiet(call.callee.obj, scope) &&
          !guard.anchored_regex
        ) {
          continue
        }
      }
      for (const t of targets) add(t, mask)
    }
  }

  /**
   * A call to a function of this file that returns a check (`function isHost(v) { return /^..$/.test(v) }`)
   * proves what the check proves, about the argument passed.
   */
  private validatorFacts(call: Extract<Expr, { k: 'call' }>, branch: boolean, scope: Scope, add: AddFact): boolean {
    if (this.validatorDepth > 2) return false
    const v = call.callee.k === 'id' ? scope.lookup(call.callee.name) : undefined
    const fn = v?.fn?.fn
    if (!fn) return false
    let returned: Expr | undefined
    if (!Array.isArray(fn.body)) returned = fn.body
    else {
      const stmts = fn.body.filter((s) => !(s.k === 'expr' && s.e.k === 'lit'))
      if (stmts.length === 1 && stmts[0]!.k === 'return') returned = stmts[0]!.e
    }
    if (!returned) return false
    this.validatorDepth++
    try {
      const inner = this.facts(returned, branch, v.fn!.scope as Scope)
      for (const fact of inner.values()) {
        if (fact.target.k !== 'id') continue
        const index = fn.params.findIndex((p) => p.name === (fact.target as { name: string }).name)
        const arg = index >= 0 ? positional(call.args, index - this.selfOffset(fn)) : undefined
        if (arg) add(arg.value, fact.mask, fact.flags)
      }
    } finally {
      this.validatorDepth--
    }
    return true
  }

  /** `^...$` without a bare `.`: the whole value is constrained. */
  private anchoredRegex(call: Extract<Expr, { k: 'call' }>, guard: GuardSpec, scope: Scope): boolean {
    let source: string | undefined
    let full = false
    if (call.callee.k === 'member') {
      const recv = call.callee.obj
      if (recv.k === 'lit' && recv.regex) source = recv.regex.pattern
      else {
        const v = this.lookupQuiet(recv, scope)
        source = v?.regex
      }
      full = call.callee.prop === 'fullmatch'
    }
    if (source === undefined && guard.validates === 'arg1') {
      const first = positional(call.args, 0)
      if (first?.value.k === 'lit') source = first.value.value
      else if (first) source = this.lookupQuiet(first.value, scope)?.regex
      full = full || (call.callee.k === 'member' ? call.callee.prop : call.callee.k === 'id' ? call.callee.name : '') === 'fullmatch'
    }
    if (source === undefined) return false
    const anchoredStart = full || source.startsWith('^') || source.startsWith('\\A')
    const anchoredEnd = full || /(^|[^\\])\$$/.test(source) || source.endsWith('\\Z') || source.endsWith('\\z')
    if (!anchoredStart || !anchoredEnd) return false
    // A `.` outside a character class accepts anything.
    let inClass = false
    for (let i = 0; i < source.length; i++) {
      const c = source[i]
      if (c === '\\') {
        i++
        continue
      }
      if (c === '[') inClass = true
      else if (c === ']') inClass = false
      else if (c === '.' && !inClass) return false
    }
    return true
  }

  // ================================================================================================
  // Patterns (binding and assignment)
  // ================================================================================================

  private bind(p: Pattern, value: Value, scope: Scope, frame: Frame, declare: boolean, loc: Loc): void {
    switch (p.k) {
      case 'id':
        if (declare) scope.declare(p.name, value)
        else scope.assign(p.name, value)
        return
      case 'obj':
        for (const prop of p.props) {
          let sub: Value
          if (prop.rest) sub = taintsOnly(value)
          else if (prop.key !== undefined) sub = this.readMember(value, prop.key, loc)
          else if (prop.computed) sub = this.readIndex(value, this.eval(prop.computed, scope, frame))
          else sub = taintsOnly(value)
          const name = prop.value.k === 'id' ? prop.value.name : prop.key
          if (name !== undefined) sub = withStep(sub, { loc, message: `${name} destructured` })
          this.bind(prop.value, sub, scope, frame, declare, loc)
        }
        return
      case 'arr':
        p.items.forEach((item, i) => {
          if (item) this.bind(item, value.fields?.get(String(i)) ?? this.elementOf(value), scope, frame, declare, loc)
        })
        if (p.rest) this.bind(p.rest, taintsOnly(value), scope, frame, declare, loc)
        return
      case 'default':
        this.bind(p.target, join(value, this.eval(p.value, scope, frame)), scope, frame, declare, loc)
        return
      case 'expr':
        this.assignTo(p.expr, value, scope, frame, loc)
        return
    }
  }

  private assignTo(target: Expr, value: Value, scope: Scope, frame: Frame, loc: Loc): void {
    switch (target.k) {
      case 'id':
        scope.assign(target.name, value)
        return
      case 'member': {
        this.checkAssignSinks(target, value, frame, loc)
        const objExpr = target.obj
        if (objExpr.k === 'this' || (objExpr.k === 'id' && objExpr.name === 'self' && frame.self)) {
          this.writeThis(target.prop, value, frame)
          return
        }
        // module.exports.x = ... / exports.x = ...
        const key = chainKey(objExpr)
        if (key === 'module.exports' || key === 'exports') {
          this.exported.set(target.prop, value)
          if (value.fn) frame.pending.push(value.fn)
          return
        }
        if (key === 'module' && target.prop === 'exports') {
          this.recordModuleExports(value, frame)
          return
        }
        // An API method (`X.prototype.m = function`): an entry point of its own.
        if (value.fn && this.apiFns.has(value.fn.fn.id)) frame.pending.push(value.fn)
        if (objExpr.k === 'id') {
          const old = scope.lookup(objExpr.name) ?? CLEAN
          const fields = new Map(old.fields ?? [])
          fields.set(target.prop, value)
          scope.assign(objExpr.name, { ...old, taints: mergeTaints(old.taints, value.taints), fields })
        } else this.weakUpdate(objExpr, value, scope)
        return
      }
      case 'index': {
        const key = this.eval(target.index, scope, frame)
        this.checkComputedWrite(target, key, value, scope, frame, loc)
        if (key.str !== undefined) {
          this.assignTo({ k: 'member', obj: target.obj, prop: key.str, loc: target.loc }, value, scope, frame, loc)
          return
        }
        this.weakUpdate(target.obj, value, scope)
        // `out[section] = ...`: enumerating `out` later yields the untrusted key.
        const written = this.ppLive(key.taints, false)
        if (written.length && target.obj.k === 'id') {
          const old = scope.lookup(target.obj.name) ?? CLEAN
          scope.assign(target.obj.name, { ...old, keys: mergeTaints(old.keys ?? [], written) })
        }
        return
      }
      default:
        this.eval(target, scope, frame)
    }
  }

  private recordModuleExports(value: Value, frame: Frame): void {
    if (value.fn) {
      this.exported.set('default', value)
      frame.pending.push(value.fn)
    }
    for (const [name, v] of value.fields ?? []) {
      this.exported.set(name, v)
      if (v.fn) frame.pending.push(v.fn)
    }
  }

  /** `a.b.c = v` / `a[k] = v`: `a` may now hold v's taint. */
  private weakUpdate(objExpr: Expr, value: Value, scope: Scope): void {
    if (value.taints.length === 0) return
    let root = objExpr
    while (root.k === 'member' || root.k === 'index') root = root.obj
    if (root.k === 'id') {
      const old = scope.lookup(root.name) ?? CLEAN
      // Query parameters added to a URL with a fixed host do not decide where the request goes.
      const added = old.prefix !== undefined && FIXED_HOST.test(old.prefix) ? clear(value, this.ssrfRedirectMask) : value
      scope.assign(root.name, { ...old, taints: mergeTaints(old.taints, added.taints) })
    }
  }

  private writeThis(prop: string, value: Value, frame: Frame): void {
    frame.summary.thisWrites.set(prop, join(frame.summary.thisWrites.get(prop) ?? CLEAN, value))
    const cls = frame.self?.instanceOf
    if (!cls) return
    const real = value.taints.filter((t) => t.origin.kind === 'source')
    const old = cls.fields.get(prop) ?? CLEAN
    const merged: Value = { ...old, taints: mergeTaints(old.taints, real) }
    if (value.fn && !old.fn) merged.fn = value.fn
    if (value.qn !== undefined && old.qn === undefined) merged.qn = value.qn
    if (value.instanceOf && !old.instanceOf) merged.instanceOf = value.instanceOf
    if (merged.taints.length !== old.taints.length && this.analyzedMethods.has(cls)) this.classFieldsDirty = true
    cls.fields.set(prop, merged)
  }

  private checkAssignSinks(target: Extract<Expr, { k: 'member' }>, value: Value, frame: Frame, loc: Loc): void {
    const sinks = this.spec.assignSinks.get(target.prop)
    if (!sinks) return
    for (const sink of sinks) {
      if (sink.receiver !== undefined && !cachedRegex(sink.receiver).test(lastName(target.obj) ?? '')) continue
      const kind = this.spec.kindByName.get(sink.kind)
      if (kind) this.sinkHit(kind, sink, loc, value, frame)
    }
  }

  private checkComputedWrite(target: Extract<Expr, { k: 'index' }>, key: Value, value: Value, scope: Scope, frame: Frame, loc: Loc): void {
    if (!this.ppKind || this.spec.computedWriteSinks.length === 0) return
    if (this.isPython) {
      // Python dicts have no prototype to pollute; a sanitized key still settles the line.
      if (!this.ppLive(key.taints, false).length && key.taints.some((t) => t.origin.kind === 'source'))
        this.sanitized.add(`${loc.line}:prototype-pollution`)
      return
    }
    const obj = this.evalQuiet(target.obj, scope, frame)
    const outer = target.obj.k === 'index' ? this.evalQuiet(target.obj.index, scope, frame) : undefined
    this.checkPropertyWrite(obj, key, value, frame, loc, outer)
  }

  /**
   * Prototype pollution: a property named by untrusted `key` written into `obj`. Two shapes:
   * - deep: `obj` may itself be a prototype, reached through untrusted keys (`o = o[k]` in a set-by-path
   *   loop, `merge(target[k], src[k])` in a recursive merge): `Object.prototype` gets the property;
   * - shallow, for request data only: `obj[a][b] = v` with both keys untrusted, or `obj[a] = untrusted`.
   */
  private checkPropertyWrite(obj: Value, key: Value, value: Value, frame: Frame, loc: Loc, outerKey?: Value): void {
    if (!this.ppKind || this.safeContainer(obj)) return
    const deepKeys = this.ppLive(key.taints, true)
    if (deepKeys.length) {
      const objParam = this.paramOf(obj, frame)
      if (obj.proto?.length || objParam) this.deepSink(deepKeys, obj.proto ?? [], objParam, frame, loc)
    }
    const keyLive = this.ppLive(key.taints, false).filter((t) => !this.libraryTaint(t))
    if (keyLive.length === 0) {
      if (key.taints.some((t) => t.origin.kind === 'source' && !this.libraryTaint(t)) && deepKeys.every((t) => this.libraryTaint(t)))
        this.sanitized.add(`${loc.line}:prototype-pollution`)
      return
    }
    // obj[a][b] = v with both keys untrusted reaches Object.prototype; obj[a] = untrusted value replaces a prototype.
    const nested = outerKey !== undefined && this.ppLive(outerKey.taints, false).some((t) => !this.libraryTaint(t))
    if (!nested && value.taints.length === 0) return
    for (const sink of this.spec.computedWriteSinks) {
      this.sinkHit(this.ppKind, sink, loc, { taints: keyLive }, frame, nested ? 0 : 1, true)
    }
  }

  /** Key taints not cleared for prototype pollution; `deep`: a `__proto__` check alone does not count. */
  private ppLive(taints: readonly Taint[], deep: boolean): Taint[] {
    if (!this.ppKind) return []
    return taints.filter((t) => this.appliesTo(t, this.ppBit) && !this.ppBlocked(t.cleared, deep))
  }

  private ppBlocked(cleared: number, deep: boolean): boolean {
    if (!(cleared & this.ppBit)) return false
    const names = cleared & NAME_BITS
    if (!deep || names === 0) return true
    return (names & DUNDER_PROTO_BIT) !== 0 && (names & (CONSTRUCTOR_BIT | PROTOTYPE_BIT)) !== 0
  }

  /**
   * Whether a taint's source is untrusted for the kind with bit `b`: library sources are for some kinds
   * only, and kinds with `explicit_sources` only for the sources that name them.
   */
  private appliesTo(t: Taint, b: number): boolean {
    if (t.origin.kind !== 'source') return true
    const mask = t.origin.source.kindMask
    if (b & this.explicitKinds) return mask !== undefined && (mask & b) !== 0
    return mask === undefined || (mask & b) !== 0
  }

  private libraryTaint(t: Taint): boolean {
    return t.origin.kind === 'source' && t.origin.source.api_parameters !== undefined
  }

  /** Maps, sets and `Object.create(null)` dictionaries have no prototype to pollute. */
  private safeContainer(obj: Value): boolean {
    return obj.qn !== undefined && /(Map|Set|WeakMap|Object\.create|dict|defaultdict|OrderedDict)\(\)$/.test(obj.qn)
  }

  /** The parameter of the analyzed function this value is (or `arguments[i]`), if any. */
  private paramOf(v: Value, frame: Frame): { index: number; path: readonly string[] } | undefined {
    const p = v.paramObj
    if (!p || p.fn !== frame.fnId) return undefined
    if (p.index >= 0 ? p.path.length === 0 : p.path.length === 1) return { index: p.index, path: p.path }
    return undefined
  }

  /** The deep prototype-pollution write: report when both the walk and the key come from sources, else keep it for the callers. */
  private deepSink(
    keys: readonly Taint[],
    via: readonly Taint[],
    objParam: { index: number; path: readonly string[] } | undefined,
    frame: Frame,
    loc: Loc,
  ): void {
    const kind = this.ppKind!
    const sink = this.spec.computedWriteSinks[0]!
    const viaLive = this.ppLive(via, true)
    let viaSource: Extract<Taint['origin'], { kind: 'source' }> | undefined
    for (const t of viaLive) if (t.origin.kind === 'source') viaSource ??= t.origin
    for (const k of keys) {
      if (k.origin.kind === 'source' && viaSource) {
        const rank = { high: 0, medium: 1, low: 2 } as const
        const weaker = rank[viaSource.confidence] > rank[k.origin.confidence] ? viaSource.confidence : k.origin.confidence
        const walk: Step = { loc, message: `written into an object reached by the untrusted key ${short(viaSource.label, 40)}` }
        this.report(kind, sink, loc, { ...k, origin: { ...k.origin, confidence: weaker }, trail: extend(k.trail, walk) })
        continue
      }
      const symbolic = k.origin.kind === 'param' || viaLive.some((t) => t.origin.kind === 'param') || objParam !== undefined
      if (symbolic) {
        const deep: NonNullable<SinkRecord['deep']> = { via: viaLive }
        if (objParam) deep.objParam = objParam
        this.record(frame, { taint: k, kind, sink, loc, deep })
      }
    }
  }

  // ================================================================================================
  // Expressions
  // ================================================================================================

  /** Evaluates without reporting (re-reading a guard's target). */
  private evalQuiet(e: Expr, scope: Scope, frame: Frame): Value {
    if (e.k === 'id' || e.k === 'member' || e.k === 'this' || e.k === 'index' || e.k === 'lit') return this.eval(e, scope, frame)
    return CLEAN
  }

  private lookupQuiet(e: Expr, scope: Scope): Value | undefined {
    if (e.k === 'id') return scope.lookup(e.name)
    const key = chainKey(e)
    return key === undefined ? undefined : scope.lookupPath(key)
  }

  private isTaintedQuiet(e: Expr, scope: Scope): boolean {
    if (e.k === 'lit' || e.k === 'arr' || e.k === 'obj') {
      return e.k === 'arr' ? e.items.some((i) => this.isTaintedQuiet(i, scope)) : false
    }
    if (e.k === 'id') {
      const v = scope.lookup(e.name)
      return v !== undefined && (v.taints.some((t) => t.origin.kind === 'source') || (v.objs?.length ?? 0) > 0)
    }
    if (e.k === 'member') {
      const key = chainKey(e)
      const refined = key !== undefined ? scope.lookupPath(key) : undefined
      if (refined) return refined.taints.length > 0
      return this.isTaintedQuiet(e.obj, scope)
    }
    return false
  }

  eval(e: Expr, scope: Scope, frame: Frame): Value {
    this.budget.step()
    switch (e.k) {
      case 'id':
        return this.evalId(e.name, scope, frame, e.loc)
      case 'lit':
        if (e.regex) return { taints: [], regex: e.regex.pattern }
        if (e.value !== undefined) return { taints: [], str: e.value, prefix: e.value }
        if (e.raw !== undefined && /^-?[0-9]/.test(e.raw)) return { taints: [], str: e.raw }
        return CLEAN
      case 'this':
        return frame.self ?? scope.lookup('this') ?? CLEAN
      case 'member': {
        const key = chainKey(e)
        if (key !== undefined) {
          const refined = scope.lookupPath(key)
          if (refined) return refined
        }
        const obj = this.eval(e.obj, scope, frame)
        const v = this.readMember(obj, e.prop, e.loc)
        return this.spec.memberSources.length ? this.memberSource(v, e) : v
      }
      case 'index': {
        const obj = this.eval(e.obj, scope, frame)
        const idx = this.eval(e.index, scope, frame)
        if (idx.str !== undefined) {
          const member = this.readMember(obj, idx.str, e.loc)
          // `arguments[0]`: that argument itself.
          if (obj.paramObj?.index === -1 && obj.paramObj.path.length === 0)
            return { ...member, paramObj: { ...obj.paramObj, path: [idx.str] } }
          // `keys[0]` of `Object.keys(src)`: a key of src (a loop's first pass reads `keys[i]` with i = 0).
          if (obj.keyOf !== undefined && /^\d+$/.test(idx.str)) return { ...member, keyOf: obj.keyOf }
          return member
        }
        if (e.index.k === 'lit' && e.index.raw !== undefined && obj.fields?.has(e.index.raw)) return obj.fields.get(e.index.raw)!
        let v = this.readIndex(obj, idx)
        if (obj.paramObj?.index === -1 && obj.paramObj.path.length === 0) v = { ...v, paramObj: { ...obj.paramObj, path: ['[]'] } }
        // `o[key]` with an untrusted key may be a prototype (`o.__proto__`, `o.constructor.prototype`),
        // unless the key was enumerated from `o` itself (its own or enumerable inherited properties).
        const walk = this.ppLive(idx.taints, true)
        if (walk.length === 0 || this.safeContainer(obj)) return v
        if (idx.keyOf !== undefined && idx.keyOf === chainKey(e.obj)) return v
        return { ...v, proto: mergeTaints(obj.proto ?? [], walk) }
      }
      case 'call':
        return this.evalCall(e, scope, frame)
      case 'tmpl': {
        let v: Value = CLEAN
        let text: string | undefined = e.chunks[0] ?? ''
        let prefix = e.chunks[0] ?? ''
        let prefixOpen = true
        e.parts.forEach((part, i) => {
          const pv = this.eval(part, scope, frame)
          v = join(v, taintsOnly(pv))
          const next = e.chunks[i + 1] ?? ''
          text = text !== undefined && pv.str !== undefined ? text + pv.str + next : undefined
          if (prefixOpen && pv.str !== undefined) prefix += pv.str + next
          else if (prefixOpen) {
            if (pv.prefix !== undefined) prefix += pv.prefix
            prefixOpen = false
          }
        })
        const out = this.withPrefix(v, prefix)
        return text !== undefined && out.taints.length === 0 ? { ...out, str: text } : out
      }
      case 'bin': {
        const l = this.eval(e.left, scope, frame)
        const r = this.eval(e.right, scope, frame)
        // Python's `*` repeats strings and `/` joins paths.
        if (NUMERIC_OPS.has(e.op) && !(this.isPython && (e.op === '*' || e.op === '/'))) return this.evidence(join(l, r))
        const v = join(taintsOnly(l), taintsOnly(r))
        if (e.op === '+' && l.str !== undefined && r.str !== undefined) return { ...v, str: l.str + r.str, prefix: l.str + r.str }
        if (e.op === '+' && l.str !== undefined) return this.withPrefix(v, l.str + (r.prefix ?? ''))
        if (e.op === '+' && l.prefix !== undefined) return this.withPrefix(v, l.prefix)
        if (e.op === '%' && l.str !== undefined) return this.withPrefix(v, l.str.split('%')[0] ?? '')
        return v
      }
      case 'logic': {
        const l = this.eval(e.left, scope, frame)
        const rightScope = scope.fork()
        this.refine(e.left, e.op === '&&', rightScope, frame)
        const r = this.eval(e.right, rightScope, frame)
        return join(l, r)
      }
      case 'cmp':
        this.eval(e.left, scope, frame)
        this.eval(e.right, scope, frame)
        return CLEAN
      case 'unary': {
        const v = this.eval(e.arg, scope, frame)
        if (e.op === '+' || e.op === '-' || e.op === '~') return this.evidence(v)
        return CLEAN
      }
      case 'await':
        return this.eval(e.arg, scope, frame)
      case 'cond': {
        this.eval(e.test, scope, frame)
        const t = scope.fork()
        this.refine(e.test, true, t, frame)
        const f = scope.fork()
        this.refine(e.test, false, f, frame)
        return join(this.eval(e.then, t, frame), this.eval(e.else, f, frame))
      }
      case 'assign': {
        let v = this.eval(e.value, scope, frame)
        if (e.op !== undefined) {
          const old = this.evalQuiet(
            e.target.k === 'expr' ? e.target.expr : e.target.k === 'id' ? e.target : { k: 'lit', loc: e.loc },
            scope,
            frame,
          )
          v = /^(\+|%|\|\||\?\?|&&)=$/.test(e.op) ? join(taintsOnly(old), taintsOnly(v)) : this.evidence(join(old, v))
        }
        if (e.target.k === 'id') v = withStep(v, { loc: e.loc, message: `${e.target.name} ${e.op ?? '='} ${this.describe(e.value)}` })
        this.bind(e.target, v, scope, frame, false, e.loc)
        return v
      }
      case 'obj': {
        let taints: readonly Taint[] = []
        const fields = new Map<string, Value>()
        for (const p of e.props) {
          const v = this.eval(p.value, scope, frame)
          if (p.spread) {
            for (const [k, fv] of v.fields ?? []) fields.set(k, fv)
            taints = mergeTaints(taints, v.taints)
            continue
          }
          if (p.computed) this.eval(p.computed, scope, frame)
          if (p.key !== undefined) fields.set(p.key, v)
          taints = mergeTaints(taints, v.taints)
          if (v.fn && p.value.k === 'func') frame.pending.push(v.fn)
        }
        return { taints, fields }
      }
      case 'arr': {
        let taints: readonly Taint[] = []
        const fields = new Map<string, Value>()
        e.items.forEach((item, i) => {
          const v = this.eval(item, scope, frame)
          if (item.k !== 'spread') fields.set(String(i), v)
          taints = mergeTaints(taints, v.taints)
        })
        return { taints, fields }
      }
      case 'spread':
        return this.eval(e.arg, scope, frame)
      case 'func': {
        const ref: FnRef = { fn: e.fn, scope }
        if (frame.self) ref.self = frame.self
        return { taints: [], fn: ref }
      }
      case 'class': {
        const cls = this.declareClass(e.cls, scope, frame)
        return { taints: [], cls }
      }
      case 'seq': {
        let v: Value = CLEAN
        for (const item of e.items) v = this.eval(item, scope, frame)
        return v
      }
      case 'comp': {
        const inner = new Scope(scope)
        for (const gen of e.gens) {
          const iter = this.eval(gen.iter, inner, frame)
          this.bind(gen.target, this.elementOf(iter), inner, frame, true, e.loc)
          for (const cond of gen.ifs) {
            this.eval(cond, inner, frame)
            this.refine(cond, true, inner, frame)
          }
        }
        return taintsOnly(this.eval(e.elt, inner, frame))
      }
      case 'other': {
        let v: Value = CLEAN
        for (const part of e.parts) v = join(v, taintsOnly(this.eval(part, scope, frame)))
        return v
      }
    }
  }

  /** `entry.entryName`, `header.name`: a property that is a source by its name (archive entry names). */
  private memberSource(v: Value, e: Extract<Expr, { k: 'member' }>): Value {
    let out = v
    for (const m of this.spec.memberSources) {
      if (!m.name.test(e.prop) || !this.importsOk(m.source)) continue
      if (m.receiver && !m.receiver.test(lastName(e.obj) ?? '')) continue
      out = join(out, this.sourceValue(m.source, short(syntacticName(e) ?? e.prop, 40), e.loc))
    }
    return out
  }

  /** Keeps origins as evidence that a sanitizer ran (numbers, booleans): cleared for every kind. */
  private evidence(v: Value): Value {
    return v.taints.length ? clear(taintsOnly(v), this.spec.allKinds) : CLEAN
  }

  /** A literal start with a fixed host (`https://api.example.com/...`) or a local path (`/users/`) limits where requests and redirects go. */
  private withPrefix(v: Value, prefix: string): Value {
    let out = v
    if (FIXED_HOST.test(prefix)) out = clear(v, this.ssrfRedirectMask)
    else if (/^\/[^/\\]/.test(prefix)) out = clear(v, this.redirectMask)
    return prefix ? { ...out, prefix } : out
  }

  private evalId(name: string, scope: Scope, frame: Frame, loc: Loc): Value {
    if (name === 'self' && frame.self) return frame.self
    const bound = scope.lookup(name)
    if (bound !== undefined) return bound
    // A global: its qualified name is its own.
    const sources = this.spec.qualifiedSources.get(name)
    let v: Value = { taints: [], qn: name }
    if (sources) for (const s of sources) v = { ...join(v, this.sourceValue(s, name, loc)), qn: name }
    return v
  }

  readMember(obj: Value, prop: string, loc: Loc): Value {
    if (obj.fields) {
      const f = obj.fields.get(prop)
      if (f !== undefined) return f
    }
    let out: Value = CLEAN
    if (obj.objs?.length) out = join(out, this.readSourceObjects(obj.objs, prop, loc))
    if (obj.qn !== undefined) {
      const qn = `${obj.qn}.${prop}`
      const sources = this.spec.qualifiedSources.get(qn)
      if (sources) for (const s of sources) out = join(out, this.sourceValue(s, qn, loc))
      out = { ...out, qn }
      if (obj.importRef)
        out.importRef = { module: obj.importRef.module, name: obj.importRef.name === '*' ? prop : `${obj.importRef.name}.${prop}` }
    }
    const cls = obj.instanceOf ?? obj.cls
    if (cls) {
      const field = cls.fields.get(prop)
      if (field) out = join(out, field)
      const method = cls.def.methods.find((m) => m.name === prop)
      if (method) out = { ...out, fn: { fn: method, scope: cls.scope, self: obj.instanceOf ? obj : { taints: [], instanceOf: cls } } }
    }
    if (obj.fn && (prop === 'call' || prop === 'apply' || prop === 'bind')) out = { ...out, fn: obj.fn }
    if (obj.taints.length) {
      if (this.spec.cleanMembers.has(prop)) return out
      let taints = obj.taints.map((t) =>
        t.origin.kind === 'param' && t.origin.path.length < 3 ? { ...t, origin: { ...t.origin, path: [...t.origin.path, prop] } } : t,
      )
      if (obj.shape && !obj.shape.safe) {
        if (prop === 'data' || prop === 'value') return { ...out, taints: mergeTaints(out.taints, taints), shape: obj.shape }
        const fieldShape = obj.shape.fields?.get(prop)
        if (fieldShape?.safe) taints = taints.map((t) => ({ ...t, cleared: t.cleared | this.spec.allKinds }))
        const v: Value = { ...out, taints: mergeTaints(out.taints, taints) }
        if (fieldShape && !fieldShape.safe) v.shape = fieldShape
        return v
      }
      out = { ...out, taints: mergeTaints(out.taints, taints) }
    }
    return out
  }

  private readIndex(obj: Value, idx: Value): Value {
    if (obj.taints.length) return this.elementOf(obj)
    // A lookup in a trusted table with an untrusted key yields a trusted value (`COLUMNS[req.query.sort]`).
    if (idx.taints.length) return this.evidence(idx)
    return CLEAN
  }

  private elementOf(v: Value): Value {
    if (v.taints.length === 0) {
      if (v.fields && v.fields.size) return joinAll([...v.fields.values()].map(taintsOnly))
      return v.keyOf !== undefined ? { taints: [], keyOf: v.keyOf } : CLEAN
    }
    const taints = v.taints.map((t) =>
      t.origin.kind === 'param' && t.origin.path.length < 3 ? { ...t, origin: { ...t.origin, path: [...t.origin.path, '[]'] } } : t,
    )
    const out: Value = { taints }
    if (v.shape) out.shape = v.shape
    if (v.keyOf !== undefined) out.keyOf = v.keyOf
    return out
  }

  /** The keys of an object: as untrusted as the object, plus untrusted keys written into it. */
  private keysOf(v: Value): Value {
    if (!v.keys?.length) return taintsOnly(v)
    return { taints: mergeTaints(v.taints, v.keys) }
  }

  /** The chain of the object a key variable enumerates (`src` for `k` in `for (k in src)`). */
  private evalQuietKey(e: Expr, scope: Scope): string | undefined {
    return e.k === 'id' ? scope.lookup(e.name)?.keyOf : undefined
  }

  private describe(e: Expr | undefined): string {
    if (!e) return ''
    switch (e.k) {
      case 'call': {
        const name = syntacticName(e.callee)
        return name ? `${short(name, 40)}(…)` : 'call'
      }
      case 'tmpl':
        return 'template string'
      case 'bin':
        return e.op === '+' ? 'concatenation' : e.op === '%' ? 'format' : 'expression'
      case 'await':
        return `await ${this.describe(e.arg)}`
      default: {
        const name = syntacticName(e)
        return name !== undefined ? short(name, 40) : e.k === 'obj' ? 'object' : e.k === 'arr' ? 'array' : 'value'
      }
    }
  }

  // ================================================================================================
  // Calls
  // ================================================================================================

  private namesOf(callee: Expr, scope: Scope, fval?: Value): CallNames | undefined {
    const syn = syntacticName(callee)
    let method: string | undefined
    let receiver: string | undefined
    if (callee.k === 'member') {
      method = callee.prop
      receiver = lastName(callee.obj) ?? (callee.obj.k === 'lit' ? 'literal' : callee.obj.k === 'arr' ? 'array' : callee.obj.k)
    } else if (callee.k === 'id') method = callee.name
    else return undefined
    let qn = fval?.qn
    if (qn === undefined && fval === undefined) {
      // Without evaluating: resolve the chain's root through the scope.
      const key = chainKey(callee)
      if (key !== undefined) {
        const [root, ...rest] = key.split('.')
        const rootValue = scope.lookup(root!)
        if (rootValue?.qn !== undefined) qn = [rootValue.qn, ...rest].join('.')
        else if (rootValue === undefined) qn = key
      }
    }
    const names: CallNames = { method }
    if (qn !== undefined) names.qn = qn
    if (syn !== undefined) names.syn = syn
    if (receiver !== undefined) names.receiver = receiver
    return names
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>, scope: Scope, frame: Frame): Value {
    let recv: Value | undefined
    let fval: Value
    if (e.callee.k === 'member') {
      recv = this.eval(e.callee.obj, scope, frame)
      fval = this.readMember(recv, e.callee.prop, e.callee.loc)
      if (!fval.fn) {
        // `jQuery.extend(...)` bound by name (a function analyzed on its own), `exports.merge(...)` of this module.
        const key = chainKey(e.callee)
        const known = key !== undefined ? scope.lookupPath(key) : undefined
        const own = key !== undefined ? /^(?:module\.)?exports\.([\w$]+)$/.exec(key)?.[1] : undefined
        if (known?.fn) fval = known
        else if (own !== undefined && this.exported.get(own)?.fn) fval = this.exported.get(own)!
      }
    } else fval = this.eval(e.callee, scope, frame)
    const names = this.namesOf(e.callee, scope, fval) ?? { method: '' }
    const args = e.args.map((a) => this.eval(a.value, scope, frame))
    const qualified = names.qn ?? names.syn ?? ''
    // Enumerating an object's keys (`Object.keys(src)`): what `for (k in src)` gives.
    if (!this.isPython && KEY_ENUMERATORS.test(qualified) && args[0]) {
      const keys = this.keysOf(args[0])
      const of = e.args[0] ? chainKey(e.args[0].value) : undefined
      return of !== undefined && qualified !== 'Object.entries' ? { ...keys, keyOf: of } : keys
    }
    if (!this.isPython && PROPERTY_DEFINERS.test(qualified) && args[0] && args[1] && this.spec.computedWriteSinks.length) {
      this.checkPropertyWrite(args[0], args[1], args[2] ?? CLEAN, frame, e.loc)
    }

    // Module loading.
    if (!this.isPython && names.method === 'require' && e.callee.k === 'id' && e.args[0]?.value.k === 'lit') {
      const spec = e.args[0].value.value ?? ''
      return this.importValue(spec.startsWith('node:') ? spec.slice(5) : spec, '*')
    }
    if ((names.method === 'promisify' || names.qn === 'pify') && args[0]) return args[0]

    // .call / .apply / .bind on a function value
    if (e.callee.k === 'member' && recv?.fn && (names.method === 'call' || names.method === 'apply' || names.method === 'bind')) {
      if (names.method === 'bind') return { taints: [], fn: recv.fn }
      const rest = names.method === 'call' ? args.slice(1) : args[1] ? [this.elementOf(args[1])] : []
      return this.callFunction(recv.fn, rest, e, frame)
    }

    // Sinks.
    let isSink = false
    for (const sink of this.spec.sinkCalls.match(names)) {
      if (!this.conditionsHold(sink.when, e.args, e.callee)) continue
      if (sink.unless.some((c) => this.conditionsHold([c], e.args, e.callee))) continue
      if (e.tagged && sink.args !== 'all') continue
      if (!this.importsOk(sink)) continue
      const kind = this.spec.kindByName.get(sink.kind)
      if (!kind) continue
      isSink = true
      let live = false
      for (const v of this.sinkArgs(sink, e.args, args)) live = this.sinkHit(kind, sink, e.loc, v, frame) || live
      if (sink.on_receiver && recv) live = this.sinkHit(kind, sink, e.loc, recv, frame) || live
      // Untrusted data only in the harmless positions (query parameters, argv elements), or only
      // constants in the dangerous ones: settled as safe.
      const dangerous = this.sinkArgs(sink, e.args, args)
      const constant = dangerous.length > 0 && dangerous.every((v) => v.str !== undefined && v.taints.length === 0)
      if (!live && (constant || [...args, ...(recv ? [recv] : [])].some((v) => v.taints.some((t) => t.origin.kind === 'source')))) {
        this.sanitized.add(`${e.loc.line}:${kind.name}`)
      }
    }

    // `list.push(x)`, `map.set(k, v)`, `d.update(x)`: the receiver now holds the argument's taint.
    if (e.callee.k === 'member' && MUTATORS.has(names.method) && !isSink) {
      const added = joinAll(args.map(taintsOnly))
      if (added.taints.length) this.weakUpdate(e.callee.obj, added, scope)
    }

    // Callbacks (route handlers, array iteration, promise continuations, event sources).
    const callbackResult = this.runCallbacks(e, names, recv, args, scope, frame)

    // The result.
    const sources = this.spec.sourceCalls.match(names)
    if (sources.length) {
      let v: Value = CLEAN
      for (const s of sources) v = join(v, this.sourceValue(s, `${short(names.syn ?? names.method)}()`, e.loc))
      return v
    }
    if (fval.objs?.length) {
      const fromObjects = this.readSourceObjects(fval.objs, '()', e.loc)
      if (fromObjects.taints.length || fromObjects.objs) return fromObjects
    }
    const sanitizers = this.spec.sanitizers.match(names).filter((s) => this.conditionsHold(s.when, e.args))
    if (sanitizers.length) {
      let mask = 0
      for (const s of sanitizers) mask |= kindMask(this.spec, s.kinds)
      const input = joinAll([...args, ...(recv ? [recv] : [])].map(taintsOnly))
      return withStep(clear(input, mask), { loc: e.loc, message: `sanitized by ${short(names.syn ?? names.method)}()` })
    }
    const schema = this.schemaCall(e, names, recv, args)
    if (schema) return schema
    if (fval.fn) return this.callFunction(fval.fn, args, e, frame)
    if (fval.cls) return this.construct(fval.cls, args, e, frame)
    if (isSink) return CLEAN
    if (fval.importRef) this.recordExternalCall(fval.importRef, args, e)
    const propagators = this.spec.propagators.match(names)
    if (propagators.length) {
      let v: Value = CLEAN
      for (const p of propagators) {
        // A lookup in a trusted table by an untrusted key (`COLUMNS.get(sort)`) yields a trusted value.
        if (p.from === 'receiver' && recv && recv.taints.length === 0) v = join(v, this.evidence(joinAll(args)))
        if (p.from === 'receiver' || p.from === 'both') v = join(v, taintsOnly(recv ?? CLEAN))
        if (p.from === 'args' || p.from === 'both') v = join(v, joinAll(args.map(taintsOnly)))
        if (p.from === 'arg0' && args[0])
          v = join(v, { taints: args[0].taints, ...(args[0].prefix !== undefined ? { prefix: args[0].prefix } : {}) })
      }
      return v
    }
    if (callbackResult) return callbackResult
    if (names.method === 'compile' || names.method === 'RegExp') {
      const first = e.args[0]?.value
      if (first?.k === 'lit' && first.value !== undefined) return { taints: [], regex: first.value }
    }
    // Default: the result carries the receiver's and the arguments' taint.
    let v: Value = CLEAN
    if (recv) v = join(v, taintsOnly(recv))
    for (const a of args) if (!a.fn) v = join(v, taintsOnly(a))
    if (v.taints.length) {
      // Library functions (`path.join`) and string methods pass data on as is; anything else is a guess.
      const known = (fval.qn !== undefined && (fval.qn.includes('.') || KNOWN_GLOBALS.has(fval.qn))) || STRING_METHODS.has(names.method)
      if (!known) v = approx(v)
      v = withStep(v, { loc: e.loc, message: `${short(names.syn ?? names.method, 40)}(…)` })
    }
    if (fval.qn !== undefined) v = { ...v, qn: `${fval.qn}()` }
    return v
  }

  private sinkArgs(sink: SinkSpec, exprs: Arg[], values: Value[]): Value[] {
    const out: Value[] = []
    const valueOf = (a: Arg | undefined): Value | undefined => {
      if (!a) return undefined
      const i = exprs.indexOf(a)
      let v = values[i]
      // argv-style lists: only the program matters, unless the program is a shell (`['sh', '-c', cmd]`).
      if (v && sink.list_head && a.value.k === 'arr' && !(a.value.items[0]?.k === 'lit' && SHELLS.test(a.value.items[0].value ?? '')))
        v = v.fields?.get('0') ?? CLEAN
      // `res.send({ name })`: an object or array literal's value is sent as JSON, not as HTML.
      if (v && sink.json_objects && (a.value.k === 'obj' || a.value.k === 'arr' || v.fields !== undefined)) v = CLEAN
      return v
    }
    if (sink.args === 'all') {
      exprs.forEach((a, i) => {
        if (!values[i]?.fn) out.push(valueOf(a)!)
      })
    } else {
      for (const index of sink.args) {
        const v = valueOf(positional(exprs, index))
        if (v) out.push(v)
      }
    }
    for (const kw of sink.keywords) {
      const v = valueOf(keyword(exprs, kw))
      if (v) out.push(v)
    }
    for (const key of sink.option_keys) {
      const [index, ...rest] = key.split('.')
      const arg = positional(exprs, Number(index))
      if (!arg) continue
      const sub = objectKey(arg.value, rest.join('.'))
      const v = valueOf(arg)
      if (sub && v) {
        let fieldValue: Value | undefined = v
        for (const part of rest) fieldValue = fieldValue?.fields?.get(part)
        out.push(fieldValue ?? v)
      } else if (v && arg.value.k !== 'obj') out.push(v)
    }
    return out
  }

  conditionsHold(conditions: ConditionSpec[], args: Arg[], callee?: Expr): boolean {
    for (const c of conditions) {
      let expr: Expr | undefined
      if (c.receiver_arg !== undefined) {
        // `reply.type('text/html').send(x)`: an argument of the call the method is called on.
        const recv = callee?.k === 'member' ? callee.obj : undefined
        expr = recv?.k === 'call' ? positional(recv.args, c.receiver_arg)?.value : undefined
      } else if (c.option !== undefined) {
        const candidates = c.arg !== undefined ? [positional(args, c.arg)?.value] : args.map((a) => a.value)
        for (const cand of candidates) {
          if (!cand) continue
          const found = objectKey(cand, c.option)
          if (found) {
            expr = found
            break
          }
        }
      } else {
        if (c.keyword !== undefined) expr = keyword(args, c.keyword)?.value
        if (!expr && c.arg !== undefined) expr = positional(args, c.arg)?.value
      }
      if (!expr) return false
      if (c.matches !== undefined) {
        const text = exprText(expr)
        if (text === undefined || !cachedRegex(c.matches).test(text)) return false
      }
    }
    return true
  }

  /** The names of the kinds in a mask. */
  kindNames(mask: number): string[] {
    return this.spec.kinds.filter((k) => mask & bit(k.bit)).map((k) => k.name)
  }

  /** Keeps a sink a parameter reaches for the function's summary (once per sink, origin and walk; at most 64). */
  private record(frame: Frame, rec: SinkRecord): void {
    const summary = frame.summary
    if (summary.sinks.length >= 64) return
    let key = `${rec.loc.line}:${rec.loc.col}:${rec.kind.name}:${taintKey(rec.taint)}:${rec.shallow ? 's' : ''}`
    if (rec.deep)
      key += `:${rec.deep.via.map(taintKey).sort().join(',')}:${rec.deep.objParam ? `${rec.deep.objParam.index}.${rec.deep.objParam.path.join('.')}` : ''}`
    summary.recorded ??= new Set()
    if (summary.recorded.has(key)) return
    summary.recorded.add(key)
    summary.sinks.push(rec)
  }

  /** Reports untrusted data reaching a sink; returns whether anything live (a source or a parameter) reached it. */
  sinkHit(kind: KindInfo, sink: SinkSpec, loc: Loc, v: Value, frame: Frame, extraApprox = 0, shallow = false): boolean {
    const b = bit(kind.bit)
    let sanitizedSource = false
    let live = false
    for (const t of v.taints) {
      // A library source (an exported function's parameter) is untrusted for some kinds only.
      if (!this.appliesTo(t, b)) continue
      if (t.cleared & b) {
        if (t.origin.kind === 'source') sanitizedSource ||= !this.libraryTaint(t)
        else if (t.origin.fn === frame.fnId && frame.summary.guarded.length < 64)
          frame.summary.guarded.push({ index: t.origin.index, kind, loc })
        continue
      }
      live = true
      if (t.origin.kind === 'source') this.report(kind, sink, loc, extraApprox ? { ...t, approx: t.approx + extraApprox } : t)
      else this.record(frame, shallow ? { taint: t, kind, sink, loc, shallow } : { taint: t, kind, sink, loc })
    }
    if (!live && sanitizedSource) this.sanitized.add(`${loc.line}:${kind.name}`)
    return live
  }

  private report(kind: KindInfo, sink: SinkSpec, loc: Loc, t: Taint): void {
    if (t.origin.kind !== 'source' || !this.appliesTo(t, bit(kind.bit))) return
    const steps = [...trailSteps(t.trail), { loc, message: `${sink.title}: ${kind.title.toLowerCase()}` }]
    const rank = { high: 0, medium: 1, low: 2 } as const
    let confidence: Confidence = t.origin.confidence
    const worse = (c: Confidence) => {
      if (rank[c] > rank[confidence]) confidence = c
    }
    worse(sink.confidence)
    if (t.approx >= 1) worse('medium')
    if (t.approx >= 4) worse('low')
    const key = `${loc.line}:${loc.col}:${kind.name}`
    const prev = this.hits.get(key)
    const hit: TaintHit = { kind, sink, loc, steps, confidence, sourceLabel: `${short(t.origin.label)} (${t.origin.source.title})` }
    if (t.origin.source.max_severity !== undefined) hit.maxSeverity = t.origin.source.max_severity
    if (
      !prev ||
      rank[confidence] < rank[prev.confidence] ||
      (rank[confidence] === rank[prev.confidence] && steps.length < prev.steps.length)
    ) {
      this.hits.set(key, hit)
    }
  }

  private recordExternalCall(ref: { module: string; name: string }, args: Value[], e: Extract<Expr, { k: 'call' }>): void {
    const tainted = args
      .map((a, index) => ({ index, taints: a.taints.filter((t) => t.origin.kind === 'source') }))
      .filter((a) => a.taints.length > 0)
    if (tainted.length && this.externalCalls.length < 200)
      this.externalCalls.push({ module: ref.module, name: ref.name, loc: e.loc, args: tainted })
  }

  // ---- callbacks ----------------------------------------------------------------------------------

  private runCallbacks(
    e: Extract<Expr, { k: 'call' }>,
    names: CallNames,
    recv: Value | undefined,
    args: Value[],
    scope: Scope,
    frame: Frame,
  ): Value | undefined {
    let result: Value | undefined
    for (let i = 0; i < args.length; i++) {
      const ref = args[i]!.fn
      if (!ref) continue
      const bindings: Value[] = []
      const bindParam = (index: number, v: Value) => {
        while (bindings.length <= index) bindings.push(CLEAN)
        bindings[index] = join(bindings[index]!, v)
      }
      for (const source of this.spec.handlerSources.match(names)) {
        if (!this.importsOk(source)) continue
        const index = source.handler!.param
        const param = ref.fn.params[index]
        bindParam(index, this.sourceValue(source, param?.name ?? 'request', param?.pattern.loc ?? e.loc))
      }
      for (const source of this.spec.callbackSources.match(names)) {
        if (!this.importsOk(source)) continue
        const event = e.args[0]?.value
        if (source.callback!.event !== undefined) {
          if (event?.k !== 'lit' || event.value === undefined || !cachedRegex(source.callback!.event).test(event.value)) continue
        }
        const index = source.callback!.param
        const param = ref.fn.params[index]
        bindParam(index, this.sourceValue(source, param?.name ?? 'data', param?.pattern.loc ?? e.loc))
      }
      if (recv && e.callee.k === 'member') {
        if (this.spec.elementCallbacks.has(names.method)) bindParam(names.method === 'reduce' ? 1 : 0, this.elementOf(recv))
        if (names.method === 'then') bindParam(0, taintsOnly(recv))
      }
      // `forIn(obj, fn, thisArg)`: fn(value, key) with `this` = thisArg.
      let target = ref
      if (i === 1 && args[0] && OBJECT_ITERATORS.test(names.qn ?? names.syn ?? '')) {
        bindParam(0, this.elementOf(args[0]))
        const of = e.args[0] ? chainKey(e.args[0].value) : undefined
        const keys = this.keysOf(args[0])
        bindParam(1, of !== undefined ? { ...keys, keyOf: of } : keys)
        if (args[2]) target = { ...ref, self: args[2] }
      }
      const ret = this.callFunction(target, bindings, e, frame, true)
      if (e.callee.k === 'member' && (names.method === 'then' || names.method === 'map' || names.method === 'flatMap')) {
        result = join(result ?? CLEAN, names.method === 'then' ? ret : join(taintsOnly(ret), CLEAN))
      }
    }
    return result
  }

  // ---- functions ----------------------------------------------------------------------------------

  /**
   * Calls a function value. Normally through its summary; callbacks (`direct`) are analyzed in place
   * with the argument values bound to their parameters, since their context (a route handler's
   * request, an array's elements) is only known here.
   */
  private callFunction(ref: FnRef, args: Value[], e: Extract<Expr, { k: 'call' }>, frame: Frame, direct = false): Value {
    if (direct) {
      if (this.directDepth > 6 || this.analyzing.has(ref.fn.id)) return CLEAN
      this.directDepth++
      this.analyzing.add(ref.fn.id)
      try {
        const inner = this.newFrame(ref.fn, frame.fnId, ref.self)
        // Sinks reached by the enclosing function's parameters belong to its summary.
        inner.summary.sinks = frame.summary.sinks
        inner.summary.recorded = frame.summary.recorded ??= new Set()
        inner.summary.guarded = frame.summary.guarded
        const fnScope = new Scope(ref.scope as Scope)
        this.bindParams(ref.fn, fnScope, inner, args)
        const ret = this.runBody(ref.fn, fnScope, inner)
        this.drainPending(inner)
        return ret
      } finally {
        this.analyzing.delete(ref.fn.id)
        this.directDepth--
      }
    }
    // Nothing untrusted goes in and nothing can arise inside: skip the function (most library code).
    if (!this.summaries.has(ref.fn.id) && args.every((a) => a.taints.length === 0 && !a.objs?.length) && !this.mayHaveSource(ref)) {
      return CLEAN
    }
    const summary = this.summaryOf(ref)
    if (!summary) {
      // Recursion: assume the result carries the arguments.
      this.recursed.add(ref.fn.id)
      return approx(joinAll(args.map(taintsOnly)))
    }
    return this.applySummary(ref.fn, summary, args, e.loc, frame)
  }

  private runBody(fn: Func, scope: Scope, frame: Frame): Value {
    if (Array.isArray(fn.body)) {
      this.execBlock(fn.body, scope, frame)
      return frame.summary.ret
    }
    const v = this.eval(fn.body, scope, frame)
    for (const sink of frame.returnSinks) {
      const kind = this.spec.kindByName.get(sink.kind)
      if (kind) this.sinkHit(kind, sink, fn.body.loc, v, frame)
    }
    frame.summary.ret = join(frame.summary.ret, v)
    return frame.summary.ret
  }

  summaryOf(ref: FnRef): Summary | undefined {
    const fn = ref.fn
    const known = this.summaries.get(fn.id)
    if (known) return known
    if (this.analyzing.has(fn.id)) return undefined
    this.analyzing.add(fn.id)
    try {
      let summary = this.computeSummary(ref)
      // A recursive deep merge: once more, with the first summary for the calls to itself (they pass
      // the objects reached through untrusted keys).
      if (this.recursed.delete(fn.id) && summary.sinks.some((r) => r.deep)) {
        this.summaries.set(fn.id, summary)
        summary = this.computeSummary(ref)
        this.recursed.delete(fn.id)
      }
      this.summaries.set(fn.id, summary)
      return summary
    } finally {
      this.analyzing.delete(fn.id)
    }
  }

  private computeSummary(ref: FnRef): Summary {
    const fn = ref.fn
    const frame = this.newFrame(fn, fn.id, ref.self)
    const scope = new Scope(ref.scope as Scope)
    this.bindParams(fn, scope, frame)
    this.runBody(fn, scope, frame)
    this.drainPending(frame)
    return frame.summary
  }

  /** Binds parameters: symbolic markers (summaries) or given values (callbacks), plus framework sources. */
  private bindParams(fn: Func, scope: Scope, frame: Frame, given?: Value[]): void {
    let sawSourceParam = false
    // `arguments` (any of the arguments) in library entry points, where it carries the caller's data
    // (`jQuery.extend`, `deepExtend`); elsewhere it stays unknown, as it costs (TypeScript's `__awaiter(this, arguments, ...)`).
    if (!this.isPython && !fn.arrow && (this.apiFns.has(fn.id) || this.writerFns.has(fn.id))) {
      let all: Value = given
        ? joinAll(given)
        : {
            taints: [
              {
                origin: { kind: 'param', fn: fn.id, index: -1, path: [] },
                cleared: 0,
                trail: extend(undefined, { loc: fn.loc, message: `arguments of ${fn.name ?? 'function'}()` }),
                approx: 0,
              },
            ],
          }
      const api = this.apiSourceValue(fn, 'arguments', fn.loc)
      if (api) all = join(all, api)
      if (!given) all = { ...all, paramObj: { fn: fn.id, index: -1, path: [] } }
      scope.declare('arguments', all)
      // A method of an exported constructor or class: its object's state came from the caller.
      if (this.apiThis.has(fn.id)) {
        const self = this.apiSourceValue(fn, 'this', fn.loc)
        if (self) frame.self = join(frame.self ?? CLEAN, self)
      }
    }
    fn.params.forEach((param, i) => {
      const name = param.name
      if (i === 0 && fn.className !== undefined && this.isPython && (name === 'self' || name === 'cls')) {
        scope.declare(name, frame.self ?? CLEAN)
        return
      }
      let v: Value
      if (given) v = given[i - this.selfOffset(fn)] ?? CLEAN
      else {
        v = {
          taints: [
            {
              origin: { kind: 'param', fn: fn.id, index: i, path: [] },
              cleared: 0,
              trail: extend(undefined, { loc: param.pattern.loc, message: `parameter ${name ?? i + 1} of ${fn.name ?? 'function'}()` }),
              approx: 0,
            },
          ],
        }
      }
      const source = this.paramSource(fn, param, i, sawSourceParam)
      if (source) {
        if (source.safe) v = this.evidence(join(v, source.value))
        else v = join(v, source.value)
        if (source.value.shape) v = { ...v, shape: source.value.shape }
        if (source.value.objs?.length || source.value.taints.length) sawSourceParam = true
      }
      if (param.default) v = join(v, this.eval(param.default, scope, frame))
      if (param.rest === 'dict' && !given) v = { ...v, fields: new Map() }
      if (!given && param.rest === undefined) v = { ...v, paramObj: { fn: fn.id, index: i, path: [] } }
      this.bind(param.pattern, v, scope, frame, true, param.pattern.loc)
    })
  }

  private paramSource(
    fn: Func,
    param: Param,
    index: number,
    afterSource: boolean,
    withWriters = true,
    withApi = true,
  ): { value: Value; safe?: boolean } | undefined {
    let out: Value | undefined
    let safe = false
    const name = param.name ?? `param${index + 1}`
    const loc = param.pattern.loc
    for (const source of this.spec.paramSources) {
      if (!this.importsOk(source)) continue
      if (source.paramRegexes && param.name !== undefined) {
        const typeOk = source.param_types === undefined || param.type === undefined || cachedRegex(source.param_types).test(param.type)
        // A lone `req` is a request handed to a helper; beside other parameters one must be a response.
        const withOk =
          source.param_with === undefined ||
          fn.params.length < 2 ||
          fn.params.some((p, i) => i !== index && p.name !== undefined && cachedRegex(source.param_with!).test(p.name))
        if (typeOk && withOk && source.paramRegexes.some((r) => r.test(param.name!)))
          out = join(out ?? CLEAN, this.sourceValue(source, name, loc))
        else if (source.later_params && afterSource && param.rest === undefined) {
          out = join(out ?? CLEAN, { taints: [this.sourceTaint({ ...source, confidence: 'medium' } as CompiledSource, name, loc)] })
        }
      }
      if (source.exported_function && fn.exported && fn.name !== undefined && index === source.exported_function.param) {
        if (cachedRegex(source.exported_function.name).test(fn.name)) out = join(out ?? CLEAN, this.sourceValue(source, name, loc))
      }
      if (source.param_decorators && param.decorators?.some((d) => source.param_decorators!.includes(d))) {
        out = join(out ?? CLEAN, this.sourceValue(source, name, loc))
      }
      const deco = source.decorated_function
      if (deco && fn.decorators.length) {
        const regex = cachedRegex(deco.decorator)
        const decorator = fn.decorators.find((d) => regex.test(syntacticName(d.k === 'call' ? d.callee : d) ?? ''))
        if (!decorator) continue
        if (param.rest !== undefined || param.name === undefined) continue
        if (fn.className !== undefined && index === 0 && /^(self|cls)$/.test(param.name)) continue
        if (deco.skip_names !== undefined && cachedRegex(deco.skip_names).test(param.name)) continue
        if (param.type !== undefined && deco.skip_types !== undefined && cachedRegex(deco.skip_types).test(param.type)) continue
        if (param.default?.k === 'call' && /^(Depends|Security)$/.test(syntacticName(param.default.callee) ?? '')) continue
        const route = decorator.k === 'call' ? decorator.args[0]?.value : undefined
        const converter = route?.k === 'lit' && route.value ? new RegExp(`<(\\w+):${name}>`).exec(route.value)?.[1] : undefined
        let typeSafe =
          param.type !== undefined &&
          (PY_SAFE_TYPES.test(param.type) || (deco.safe_types !== undefined && cachedRegex(deco.safe_types).test(param.type)))
        if (converter !== undefined && deco.safe_converters.includes(converter)) typeSafe = true
        const model = param.type !== undefined ? this.modelShape(param.type) : undefined
        if (param.type !== undefined && this.isEnumType(param.type)) typeSafe = true
        let v = this.sourceValue(source, name, loc)
        if (typeSafe) safe = true
        if (model) v = { ...v, shape: model }
        out = join(out ?? CLEAN, v)
        if (model) out = { ...out, shape: model }
      }
    }
    const api =
      (withApi && this.apiFns.has(fn.id)) || (withWriters && this.writerFns.has(fn.id)) ? this.apiSourceValue(fn, name, loc) : undefined
    if (api) out = join(out ?? CLEAN, api)
    if (!out) return undefined
    return safe ? { value: out, safe } : { value: out }
  }

  private applySummary(fn: Func, summary: Summary, args: Value[], callLoc: Loc, frame: Frame): Value {
    const step: Step = { loc: callLoc, message: `passed to ${fn.name ?? 'function'}()` }
    const offset = this.selfOffset(fn)
    const argFor = (index: number): Value => {
      // `arguments`: any of them.
      if (index === -1) return joinAll(args)
      const param = fn.params[index]
      if (param?.rest === 'list') return joinAll(args.slice(index - offset).map(taintsOnly))
      return args[index - offset] ?? CLEAN
    }
    for (const rec of summary.sinks) {
      if (rec.deep) {
        this.applyDeep(rec, fn, argFor, step, callLoc, frame)
        continue
      }
      if (rec.taint.origin.kind !== 'param') continue
      if (rec.taint.origin.fn !== fn.id) {
        // An enclosing function's parameter: still symbolic here.
        this.record(frame, rec)
        continue
      }
      const v = this.readArg(argFor, rec.taint.origin.index, rec.taint.origin.path, callLoc)
      const b = bit(rec.kind.bit)
      let sanitizedSource = false
      let live = false
      for (const t of v.taints) {
        if (!this.appliesTo(t, b) || (rec.shallow && this.libraryTaint(t))) continue
        const cleared = t.cleared | rec.taint.cleared
        if (cleared & b) {
          if (t.origin.kind === 'source' && !this.libraryTaint(t)) sanitizedSource = true
          continue
        }
        live = true
        const combined: Taint = {
          origin: t.origin,
          cleared,
          trail: concatTrails(extend(t.trail, step), rec.taint.trail),
          approx: t.approx + rec.taint.approx,
        }
        if (t.origin.kind === 'source') this.report(rec.kind, rec.sink, rec.loc, combined)
        else this.record(frame, { ...rec, taint: combined })
      }
      if (!live && sanitizedSource) this.sanitized.add(`${rec.loc.line}:${rec.kind.name}`)
    }
    for (const g of summary.guarded) {
      if (argFor(g.index).taints.some((t) => t.origin.kind === 'source' && !this.libraryTaint(t)))
        this.sanitized.add(`${g.loc.line}:${g.kind.name}`)
    }
    const ret = summary.ret
    let out = this.substitute(ret, fn, argFor, step, callLoc, 0)
    if (ret.fn) out = { ...out, fn: ret.fn }
    if (ret.instanceOf) out = { ...out, instanceOf: ret.instanceOf }
    if (ret.objs && !out.objs) out = { ...out, objs: ret.objs }
    if (ret.shape && !out.shape) out = { ...out, shape: ret.shape }
    if (ret.qn !== undefined) out = { ...out, qn: ret.qn }
    return out
  }

  /** A deep prototype-pollution record at a call: the key and the walk in the caller's terms. */
  private applyDeep(rec: SinkRecord, fn: Func, argFor: (index: number) => Value, step: Step, callLoc: Loc, frame: Frame): void {
    const deep = rec.deep!
    const inCaller = (t: Taint): readonly Taint[] => {
      if (t.origin.kind !== 'param' || t.origin.fn !== fn.id) return [t]
      return this.readArg(argFor, t.origin.index, t.origin.path, callLoc).taints.map((a) => ({
        ...a,
        cleared: a.cleared | t.cleared,
        trail: concatTrails(extend(a.trail, step), t.trail),
        approx: a.approx + t.approx,
      }))
    }
    const keys = this.ppLive(inCaller(rec.taint), true)
    if (keys.length === 0) return
    let via: readonly Taint[] = deep.via.flatMap(inCaller)
    let objParam: { index: number; path: readonly string[] } | undefined
    if (deep.objParam) {
      const obj = this.readArg(argFor, deep.objParam.index, deep.objParam.path, callLoc)
      via = mergeTaints(via, obj.proto ?? [])
      objParam = this.paramOf(obj, frame)
    }
    if (via.length === 0 && !objParam) return
    this.deepSink(keys, via, objParam, frame, rec.loc)
  }

  /** A parameter's value at a call, read along a path (`arguments[0]` is the first argument, `arguments[i]` any). */
  private readArg(argFor: (index: number) => Value, index: number, path: readonly string[], loc: Loc): Value {
    if (index === -1 && path.length) {
      const at = /^\d+$/.test(path[0]!) ? argFor(Number(path[0])) : argFor(-1)
      return this.readPath(at, path.slice(1), loc)
    }
    return this.readPath(argFor(index), path, loc)
  }

  /** A summary value with its parameter markers replaced by what the caller passed. */
  private substitute(v: Value, fn: Func, argFor: (index: number) => Value, step: Step, callLoc: Loc, depth: number): Value {
    let out: Value = CLEAN
    for (const t of v.taints) {
      if (t.origin.kind === 'param' && t.origin.fn === fn.id) {
        const arg = argFor(t.origin.index)
        const read = this.readArg(argFor, t.origin.index, t.origin.path, callLoc)
        if (read.proto && (t.origin.path.length === 0 || t.origin.index === -1))
          out = { ...out, proto: mergeTaints(out.proto ?? [], read.proto) }
        out = join(out, {
          taints: read.taints.map((a) => ({
            ...a,
            cleared: a.cleared | t.cleared,
            trail: concatTrails(extend(a.trail, step), t.trail),
            approx: a.approx + t.approx,
          })),
        })
        if (t.origin.path.length === 0 && t.cleared === 0 && arg.objs) out = { ...out, objs: arg.objs }
        if (t.origin.path.length === 0 && arg.shape) out = { ...out, shape: arg.shape }
      } else out = join(out, { taints: [t] })
    }
    if (v.fields && depth < 2) {
      const fields = new Map<string, Value>()
      for (const [k, fv] of v.fields) fields.set(k, this.substitute(fv, fn, argFor, step, callLoc, depth + 1))
      out = { ...out, fields }
    }
    if (v.str !== undefined && out.taints.length === 0) out = { ...out, str: v.str }
    // A returned object reached by untrusted keys (`return obj[key]`), in the caller's terms.
    if (v.proto?.length && depth === 0) {
      const mapped = this.substitute({ taints: v.proto }, fn, argFor, step, callLoc, 2).taints
      if (mapped.length) out = { ...out, proto: mergeTaints(out.proto ?? [], mapped) }
    }
    return out
  }

  /** Python methods take `self` / `cls` first; callers do not pass it. */
  private selfOffset(fn: Func): number {
    const first = fn.params[0]?.name
    return this.isPython && fn.className !== undefined && (first === 'self' || first === 'cls') ? 1 : 0
  }

  private readPath(v: Value, path: readonly string[], loc: Loc): Value {
    let out = v
    for (const seg of path) out = seg === '[]' ? this.elementOf(out) : this.readMember(out, seg, loc)
    return out
  }

  // ---- classes ------------------------------------------------------------------------------------

  private declareClass(def: ClassDef, scope: Scope, frame: Frame): ClassRef {
    // The same class object in every pass: fields stored by one pass are read by the next.
    const known = this.classes.get(def)
    const cls: ClassRef = known ?? { def, fields: new Map(), scope }
    cls.scope = scope
    this.classes.set(def, cls)
    for (const field of def.fields) {
      if (field.value) cls.fields.set(field.name, this.eval(field.value, scope, frame))
    }
    // Methods are entry points too (controllers, class-based views), after the constructor.
    const instance: Value = { taints: [], instanceOf: cls }
    const ordered = [...def.methods].sort(
      (a, b) => Number(b.name === 'constructor' || b.name === '__init__') - Number(a.name === 'constructor' || a.name === '__init__'),
    )
    for (const m of ordered) frame.pending.push({ fn: m, scope, self: instance })
    this.analyzedMethods.add(cls)
    return cls
  }

  private construct(cls: ClassRef, args: Value[], e: Extract<Expr, { k: 'call' }>, frame: Frame): Value {
    const instance: Value = { taints: [], instanceOf: cls }
    const def = cls.def
    const ctor = def.methods.find((m) => m.name === 'constructor' || m.name === '__init__')
    const model = this.isModelClass(def) ? this.shapeOfClass(def) : undefined
    if (ctor) {
      const summary = this.summaryOf({ fn: ctor, scope: cls.scope, self: instance })
      if (summary) {
        this.applySummary(ctor, summary, args, e.loc, frame)
        for (const [field, fv] of summary.thisWrites) {
          const substituted = this.applySummary(ctor, { ret: fv, sinks: [], guarded: [], thisWrites: new Map() }, args, e.loc, frame)
          const stored = { loc: e.loc, message: `stored in ${def.name ?? 'object'}.${field}` }
          const real = substituted.taints.filter((t) => t.origin.kind === 'source').map((t) => ({ ...t, trail: extend(t.trail, stored) }))
          if (real.length) {
            const old = cls.fields.get(field) ?? CLEAN
            cls.fields.set(field, { ...old, taints: mergeTaints(old.taints, real) })
            this.classFieldsDirty = true
          }
        }
      }
    }
    if (model) {
      const input = joinAll(args.map(taintsOnly))
      return { ...input, instanceOf: cls, shape: model }
    }
    return instance
  }

  private isModelClass(def: ClassDef): boolean {
    return def.bases.some((b) => PY_MODEL_BASES.test(syntacticName(b) ?? ''))
  }

  private findClass(name: string): ClassDef | undefined {
    const find = (stmts: Stmt[]): ClassDef | undefined => {
      for (const s of stmts) if (s.k === 'class' && s.cls.name === name) return s.cls
      return undefined
    }
    return find(this.ir.body)
  }

  private isEnumType(type: string): boolean {
    const cls = this.findClass(type.trim())
    return cls !== undefined && cls.bases.some((b) => PY_ENUM_BASES.test(syntacticName(b) ?? ''))
  }

  /** The shape of a pydantic model named by a type annotation (`Item`, `list[Item]`, `Optional[Item]`). */
  private modelShape(type: string): Shape | undefined {
    const name = /^(?:Optional\[|List\[|list\[)?(\w+)\]?$/.exec(type.trim())?.[1]
    if (name === undefined) return undefined
    const cls = this.findClass(name)
    if (!cls || !this.isModelClass(cls)) return undefined
    return this.shapeOfClass(cls)
  }

  private shapeOfClass(cls: ClassDef, depth = 0): Shape {
    const fields = new Map<string, Shape>()
    for (const f of cls.fields) {
      if (f.type === undefined) continue
      let safe = PY_SAFE_TYPES.test(f.type) || this.isEnumType(f.type)
      if (!safe && f.value?.k === 'call' && /(^|\.)Field$/.test(syntacticName(f.value.callee) ?? '')) {
        safe = f.value.args.some((a) => a.name === 'pattern' || a.name === 'regex')
      }
      if (safe) fields.set(f.name, { safe: true })
      else {
        const nested = depth < 3 ? this.modelShape(f.type) : undefined
        fields.set(f.name, nested ?? { safe: false })
      }
    }
    return { safe: false, fields }
  }

  // ---- validation schemas (zod, joi, yup) ---------------------------------------------------------

  private schemaCall(e: Extract<Expr, { k: 'call' }>, names: CallNames, recv: Value | undefined, args: Value[]): Value | undefined {
    if (e.callee.k !== 'member' || !recv) return undefined
    const method = names.method
    // Pydantic class methods.
    if (recv.cls && this.isModelClass(recv.cls.def) && /^(model_validate|parse_obj|parse_raw|model_validate_json|validate)$/.test(method)) {
      return { ...joinAll(args.map(taintsOnly)), instanceOf: recv.cls, shape: this.shapeOfClass(recv.cls.def) }
    }
    const builderRoot = recv.qn !== undefined && SCHEMA_ROOTS.test(recv.qn.replace(/\(\)/g, '').split('.').slice(0, 2).join('.'))
    if (!recv.schema && !builderRoot) return undefined
    if (SCHEMA_PARSE.has(method) && recv.schema) {
      const input = args[0] ?? CLEAN
      if (recv.schema.safe) return withStep(this.evidence(input), { loc: e.loc, message: `validated by ${short(names.syn ?? method)}()` })
      return { ...taintsOnly(input), shape: recv.schema }
    }
    let schema: Shape
    if (method === 'object' || method === 'keys' || method === 'extend' || method === 'shape') {
      const fields = new Map<string, Shape>(recv.schema && !recv.schema.safe && recv.schema.fields ? recv.schema.fields : [])
      for (const [k, fv] of args[0]?.fields ?? []) fields.set(k, fv.schema ?? { safe: false })
      schema = { safe: false, fields }
    } else if (method === 'array' || method === 'optional' || method === 'nullable' || method === 'lazy') {
      schema = args[0]?.schema ?? recv.schema ?? { safe: false }
    } else if (SAFE_SCHEMA.has(method)) schema = { safe: true }
    else if (UNSAFE_SCHEMA.has(method)) schema = { safe: false }
    else if (recv.schema) schema = recv.schema
    else return { taints: [], qn: `${recv.qn}.${method}` }
    return { taints: [], schema, qn: 'schema' }
  }
}
