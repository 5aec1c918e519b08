/**
 * The taint data format: sources, sinks, sanitizers, guards and propagators, declared in YAML (one
 * file per framework or library group) under src/capabilities/analyze/taint/ and a project's
 * `.codex/taint/` (the format is described in taint/README.md). This module validates those files and compiles them into
 * lookup tables the analyzer queries by callee name.
 */
import { z } from 'zod'
import { CONFIDENCES, SEVERITIES, type Confidence, type Severity } from '../../../../core/finding.js'

const Names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]))

/** A regular expression given as a string (JavaScript syntax). */
const Regex = z.string().refine((s) => {
  try {
    new RegExp(s)
    return true
  } catch {
    return false
  }
}, 'not a valid regular expression')

const Kinds = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)])

/** A condition on a call's arguments, tested on their literal text (`True`, `'sh'`, `yaml.SafeLoader`). */
const Condition = z
  .strictObject({
    /** Python keyword argument name. */
    keyword: z.string().optional(),
    /** Key in an object-literal argument (dotted for nested: `headers.Content-Type`). */
    option: z.string().optional(),
    /** Positional argument index (for `option`: which argument holds the object; default any). */
    arg: z.number().int().nonnegative().optional(),
    /** Positional argument of the call the method is chained on (`reply.type('text/html').send(x)`). */
    receiver_arg: z.number().int().nonnegative().optional(),
    /** Regex the argument's literal text must match; omitted = the argument only has to be present. */
    matches: Regex.optional(),
  })
  .refine(
    (c) => c.keyword !== undefined || c.option !== undefined || c.arg !== undefined || c.receiver_arg !== undefined,
    'give keyword, option, arg or receiver_arg',
  )

const Source = z
  .strictObject({
    id: z.string().min(1),
    /** Shown in the flow, e.g. "Express request". */
    title: z.string().min(1),
    confidence: z.enum(CONFIDENCES).default('high'),
    /** Parameters with a matching name carry the source (regexes). */
    param_names: z.array(Regex).optional(),
    /** With param_names: a parameter with a type annotation must have a matching type (`^(express\.)?Request\b`). */
    param_types: Regex.optional(),
    /**
     * With param_names, in a function of two or more parameters: another one must match (`^(res|reply)$`),
     * so `req` of `(req, res)` and of `getUser(req)` is a request, `request` of `run(request, options)` is not.
     */
    param_with: Regex.optional(),
    /** Parameter `param` of a callback registered with one of these calls (route handlers). */
    handler: z.strictObject({ call: Names, receiver: Regex.optional(), param: z.number().int().nonnegative().default(0) }).optional(),
    /** A global or imported name (`process.argv`, `flask.request`). */
    qualified: Names.optional(),
    /** A property read: `obj.<name>` where the property matches `name` and the object's name `receiver` (`entry.entryName`). */
    member: z.strictObject({ name: Regex, receiver: Regex.optional() }).optional(),
    /** The result of calling one of these (`input`, `fs.readFileSync`). */
    call: Names.optional(),
    receiver: Regex.optional(),
    /** Parameter `param` of a callback given to `call` for an event matching `event` (`socket.on('data', cb)`). */
    callback: z.strictObject({ call: Names, event: Regex.optional(), param: z.number().int().nonnegative().default(0) }).optional(),
    /** Parameter `param` of an exported function whose name matches `name` (Next.js route handlers). */
    exported_function: z.strictObject({ name: Regex, param: z.number().int().nonnegative() }).optional(),
    /**
     * Every parameter of a function with a decorator matching `decorator` (FastAPI, Flask routes),
     * except those typed `skip_types` (framework objects); parameters typed `safe_types` are validated
     * by the framework and start clean; route converters `<int:id>` in the decorator's path likewise.
     */
    decorated_function: z
      .strictObject({
        decorator: Regex,
        safe_types: Regex.optional(),
        skip_types: Regex.optional(),
        skip_names: Regex.optional(),
        safe_converters: z.array(z.string()).default([]),
      })
      .optional(),
    /** Parameters with one of these decorators (NestJS `@Query()`, `@Body()`). */
    param_decorators: Names.optional(),
    /**
     * Library entry points: the parameters (and `arguments`, and `this` in methods) of functions the
     * module exports (`exported`), or of any function that writes object properties by a computed key,
     * each analyzed on its own (`property_writers`: deep-merge and set-by-path utilities).
     */
    api_parameters: z.enum(['exported', 'property_writers']).optional(),
    /** The kinds of sink this source is untrusted for (default: all). */
    kinds: Kinds.optional(),
    /** Findings from this source are reported at most this severe. */
    max_severity: z.enum(SEVERITIES).optional(),
    /**
     * Which parts of the object are untrusted: `query`, `request.body`, `cookies.get()` (a method
     * whose result is). Omitted = the whole value is untrusted.
     */
    paths: z.array(z.string().min(1)).optional(),
    /** With param_names: later parameters of the same function are untrusted too (Django URL captures). */
    later_params: z.boolean().default(false),
    /** Only in files that import one of these modules (or a sub-module): for name-based selectors. */
    requires_import: z.array(z.string()).optional(),
  })
  .superRefine((s, ctx) => {
    const selectors = [
      'param_names',
      'handler',
      'qualified',
      'call',
      'callback',
      'exported_function',
      'decorated_function',
      'param_decorators',
      'api_parameters',
      'member',
    ]
    const given = selectors.filter((k) => s[k as keyof typeof s] !== undefined)
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of ${selectors.join(', ')}` })
  })

const Sink = z
  .strictObject({
    id: z.string().min(1),
    /** The vulnerability kind (a key of families.yml `kinds`). */
    kind: z.string().min(1),
    /** Shown in the flow, e.g. "child_process.exec()". */
    title: z.string().min(1),
    call: Names.optional(),
    /** For `*.method` names: the receiver's name must match (`^(db|pool|connection)$`). */
    receiver: Regex.optional(),
    /**
     * For `*.method` names: the first name of the call chain must match (`res` in `res.status(404).send`),
     * where `receiver` sees only the last link (`status()`).
     */
    receiver_root: Regex.optional(),
    /** Dangerous positional arguments; `all` = every argument. */
    args: z.union([z.literal('all'), z.array(z.number().int().nonnegative())]).default([0]),
    /** Python keyword arguments that are the same as the positional ones. */
    keywords: z.array(z.string()).default([]),
    /** Keys of an object-literal argument that are dangerous (`{ filter: ... }`), as `arg.key`. */
    option_keys: z.array(z.string()).default([]),
    /** When the argument is an array literal, only its first element matters (argv-style commands). */
    list_head: z.boolean().default(false),
    /** Objects and arrays (literals, or values built as one) are serialized as JSON: only other values reach the sink. */
    json_objects: z.boolean().default(false),
    /** Only a sink when every condition holds / unless one does. */
    when: z.array(Condition).default([]),
    unless: z.array(Condition).default([]),
    /** Assignment to a property with one of these names (`innerHTML`). */
    assign: Names.optional(),
    /** Computed property writes `obj[key] = value` with an untrusted key (prototype pollution). */
    computed_write: z.boolean().optional(),
    /** Values returned by functions decorated with a matching decorator (Flask views return HTML). */
    return_of_decorated: Regex.optional(),
    /** The method's receiver is the dangerous value (`path.read_text()`). */
    on_receiver: z.boolean().default(false),
    /** Only in files that import one of these modules (or a sub-module). */
    requires_import: z.array(z.string()).optional(),
    confidence: z.enum(CONFIDENCES).default('high'),
  })
  .superRefine((s, ctx) => {
    const given = [s.call, s.assign, s.computed_write, s.return_of_decorated].filter((v) => v !== undefined).length
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of call, assign, computed_write, return_of_decorated' })
  })

const Sanitizer = z.strictObject({
  call: Names,
  receiver: Regex.optional(),
  /** Kinds this sanitizer protects against; `all` (the default) for conversions to numbers and the like. */
  kinds: Kinds.default('all'),
  /** Only when an argument's literal text matches (`re.sub` with a safe character class...). */
  when: z.array(Condition).default([]),
})

const Guard = z.strictObject({
  call: Names,
  receiver: Regex.optional(),
  /** Which value the check validates when it is true. */
  validates: z.enum(['arg0', 'arg1', 'receiver', 'args']).default('arg0'),
  kinds: Kinds.default('all'),
  when: z.array(Condition).default([]),
  /** The receiver must be an anchored regular expression (`/^[a-z]+$/.test(x)`). */
  anchored_regex: z.boolean().default(false),
})

const Propagator = z.strictObject({
  call: Names,
  receiver: Regex.optional(),
  /** Where the result's taint comes from: the receiver, the arguments, both, or nowhere (`none`). */
  from: z.enum(['receiver', 'args', 'both', 'none', 'arg0']),
})

export const TaintGroupFile = z.strictObject({
  /** `js` covers JavaScript, TypeScript and TSX. */
  language: z.enum(['js', 'python']),
  name: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(Source).default([]),
  sinks: z.array(Sink).default([]),
  sanitizers: z.array(Sanitizer).default([]),
  guards: z.array(Guard).default([]),
  propagators: z.array(Propagator).default([]),
  /** Calls that never return (`abort`, `sys.exit`): a branch ending in one rejects the input. */
  exits: z.array(z.string()).default([]),
  /** Members that are never untrusted strings (`length`). */
  clean_members: z.array(z.string()).default([]),
  /** Methods whose callback receives the receiver's elements (`forEach`, `map`). */
  element_callbacks: z.array(z.string()).default([]),
})

export const KindsFile = z.strictObject({
  kinds: z.record(
    z.string().regex(/^[a-z][a-z-]*$/),
    z.strictObject({
      title: z.string().min(3),
      cwe: z.array(z.number().int().positive()).min(1),
      owasp: z.string().optional(),
      severity: z.enum(SEVERITIES),
      message: z.string().min(3),
      fix: z.string().optional(),
      references: z.array(z.string().url()).default([]),
      /** Only sources that name this kind in their `kinds` reach its sinks (archive entries for zip slip). */
      explicit_sources: z.boolean().default(false),
    }),
  ),
})

export type SourceSpec = z.output<typeof Source>
export type SinkSpec = z.output<typeof Sink>
export type SanitizerSpec = z.output<typeof Sanitizer>
export type GuardSpec = z.output<typeof Guard>
export type PropagatorSpec = z.output<typeof Propagator>
export type ConditionSpec = z.output<typeof Condition>
export type TaintGroup = z.output<typeof TaintGroupFile>
export type KindInfo = z.output<typeof KindsFile>['kinds'][string] & { name: string; bit: number }

export type TaintLanguage = 'js' | 'python'

// ---- name matching ---------------------------------------------------------------------------------

/** How a call site is named, for matching against the data's `call` lists. */
export interface CallNames {
  /** Qualified name from imports (`child_process.exec`), `()` marking calls on the way. */
  qn?: string
  /** The callee as written (`db.query`, `cursor.execute`), `this.` / `self.` removed. */
  syn?: string
  /** The last segment: the method or function name. */
  method: string
  /** Name of the receiver for method calls (`db`, `getPool()`). */
  receiver?: string
}

interface NameEntry<T> {
  /** The name as written in the data (`child_process.exec`, `escape-html`); undefined for `*.method`. */
  full?: string
  last: string
  receiver?: RegExp
  /** The call chain's first name must match (see the sinks' `receiver_root`). */
  root?: RegExp
  item: T
}

function stripCalls(name: string): string {
  return name.replace(/\(\)/g, '')
}

/** Indexes items by the last segment of each of their names. */
export class NameIndex<T> {
  private readonly byLast = new Map<string, Array<NameEntry<T>>>()

  add(names: string[], item: T, receiver?: string, root?: string): void {
    const regex = receiver !== undefined ? new RegExp(receiver) : undefined
    const rootRegex = root !== undefined ? new RegExp(root) : undefined
    for (const name of names) {
      const dot = name.lastIndexOf('.')
      const last = name.slice(dot + 1)
      const entry: NameEntry<T> = { last, item }
      if (!name.startsWith('*.')) entry.full = name
      if (regex) entry.receiver = regex
      if (rootRegex) entry.root = rootRegex
      const list = this.byLast.get(last)
      if (list) list.push(entry)
      else this.byLast.set(last, [entry])
    }
  }

  match(names: CallNames): T[] {
    const qn = names.qn !== undefined ? stripCalls(names.qn) : undefined
    const syn = names.syn !== undefined ? stripCalls(names.syn) : undefined
    // An imported function may be called by a local alias: look it up by its exported name too.
    const qnLast = qn?.slice(qn.lastIndexOf('.') + 1)
    let entries = this.byLast.get(names.method)
    if (qnLast !== undefined && qnLast !== names.method) {
      const more = this.byLast.get(qnLast)
      if (more) entries = entries ? [...entries, ...more] : more
    }
    if (!entries) return []
    const out: T[] = []
    for (const entry of entries) {
      if (entry.receiver && (names.receiver === undefined || !entry.receiver.test(names.receiver))) continue
      if (entry.root && (names.syn === undefined || !entry.root.test(names.syn.slice(0, names.syn.search(/[.(]|$/))))) continue
      if (entry.full === undefined) {
        if (names.receiver !== undefined && entry.last === names.method) out.push(entry.item)
        continue
      }
      const full = entry.full
      if (qn === full || syn === full) out.push(entry.item)
      else if (qn === undefined && syn !== undefined && full.includes('.') && syn.endsWith(`.${full}`)) out.push(entry.item)
    }
    return out
  }
}

// ---- compiled specification --------------------------------------------------------------------------

export interface SourcePath {
  /** Path segments; a trailing `()` segment means "the result of calling this method". */
  segments: string[]
}

export interface CompiledSource extends Omit<SourceSpec, 'paths' | 'kinds'> {
  paths?: string[][]
  paramRegexes?: RegExp[]
  /** Bit mask of the kinds the source is untrusted for (`kinds`); undefined = all. */
  kindMask?: number
}

export interface CompiledSpec {
  language: TaintLanguage
  kinds: KindInfo[]
  kindByName: Map<string, KindInfo>
  sources: CompiledSource[]
  sourceCalls: NameIndex<CompiledSource>
  qualifiedSources: Map<string, CompiledSource[]>
  /** `member` sources, tested on every static property read. */
  memberSources: Array<{ name: RegExp; receiver?: RegExp; source: CompiledSource }>
  handlerSources: NameIndex<CompiledSource>
  callbackSources: NameIndex<CompiledSource>
  paramSources: CompiledSource[]
  /** `api_parameters: exported` / `property_writers` sources. */
  apiSources: CompiledSource[]
  writerSources: CompiledSource[]
  /**
   * Files that can hold a library flow: they export something and name a sink of an API source's kinds
   * (tested when `sourceWords` does not match).
   */
  apiFileTest?: (text: string) => boolean
  /** Calls of a sink of an API source's kinds (`exec(`): the exported functions worth analyzing contain one. */
  apiSinkCalls?: RegExp
  sinkCalls: NameIndex<SinkSpec>
  assignSinks: Map<string, SinkSpec[]>
  computedWriteSinks: SinkSpec[]
  returnSinks: Array<{ decorator: RegExp; sink: SinkSpec }>
  sanitizers: NameIndex<SanitizerSpec>
  guards: NameIndex<GuardSpec>
  propagators: NameIndex<PropagatorSpec>
  exits: NameIndex<true>
  cleanMembers: Set<string>
  elementCallbacks: Set<string>
  /** Bit mask of every kind. */
  allKinds: number
  /** Words that name a source in code (`argv`, `request`, `input`): a function without one, and without framework parameters, cannot see untrusted data of its own. */
  sourceWords: RegExp
}

export interface SpecError {
  file: string
  message: string
}

/** A name regex (`^(GET|POST)$`) as a fragment to search text with. */
function unanchored(regex: string): string {
  return regex.replace(/^\^/, '').replace(/\$$/, '')
}

/**
 * The text a callback source needs: `.on('data'` for `{ call: [*.on], event: '^(data|message)$' }` (the
 * analyzer only takes a literal event name that the regex accepts), `.on('` when the event regex is
 * not a plain list of names.
 */
function callbackPattern(callback: { call: string[]; event?: string | undefined }): string {
  const methods = [...new Set(callback.call.map((name) => name.slice(name.lastIndexOf('.') + 1).replace(/[^\w$]/g, '')))].filter(Boolean)
  const events = callback.event === undefined ? undefined : /^\^\(?([\w$|-]+)\)?\$$/.exec(callback.event)?.[1]
  const event = events ? `(${events.replace(/\$/g, '\\$')})['"\`]` : ''
  return `\\.(${methods.join('|')})\\s*\\(\\s*['"\`]${event}`
}

/** Source names too common to tell anything about a function's text. */
const COMMON_WORDS = new Set([
  'get',
  'read',
  'open',
  'load',
  'loads',
  'parse',
  'query',
  'all',
  'text',
  'json',
  'data',
  'value',
  'values',
  'items',
  'keys',
  'original',
])

export function kindMask(spec: CompiledSpec, kinds: 'all' | string[]): number {
  if (kinds === 'all') return spec.allKinds
  let mask = 0
  for (const k of kinds) mask |= 1 << (spec.kindByName.get(k)?.bit ?? 31)
  return mask
}

export function compileSpec(language: TaintLanguage, kinds: KindInfo[], groups: TaintGroup[]): CompiledSpec {
  const kindByName = new Map(kinds.map((k) => [k.name, k]))
  const spec: CompiledSpec = {
    language,
    kinds,
    kindByName,
    sources: [],
    sourceCalls: new NameIndex(),
    qualifiedSources: new Map(),
    memberSources: [],
    handlerSources: new NameIndex(),
    callbackSources: new NameIndex(),
    paramSources: [],
    apiSources: [],
    writerSources: [],
    sinkCalls: new NameIndex(),
    assignSinks: new Map(),
    computedWriteSinks: [],
    returnSinks: [],
    sanitizers: new NameIndex(),
    guards: new NameIndex(),
    propagators: new NameIndex(),
    exits: new NameIndex(),
    cleanMembers: new Set(),
    elementCallbacks: new Set(),
    allKinds: kinds.reduce((m, k) => m | (1 << k.bit), 0),
    sourceWords: /$^/,
  }
  const words = new Set<string>()
  const patterns: string[] = []
  for (const group of groups) {
    if (group.language !== language) continue
    for (const source of group.sources) {
      const { paths, kinds: sourceKinds, ...rest } = source
      const compiled: CompiledSource = { ...rest }
      if (sourceKinds !== undefined) compiled.kindMask = kindMask(spec, sourceKinds)
      if (source.api_parameters === 'exported') spec.apiSources.push(compiled)
      if (source.api_parameters === 'property_writers') spec.writerSources.push(compiled)
      if (paths) compiled.paths = paths.map((p) => p.replace(/\(\)/g, '.()').split('.'))
      if (source.param_names) compiled.paramRegexes = source.param_names.map((r) => new RegExp(r))
      spec.sources.push(compiled)
      if (source.call) spec.sourceCalls.add(source.call, compiled, source.receiver)
      for (const name of [...(source.call ?? []), ...(source.qualified ?? [])]) {
        const last = name.slice(name.lastIndexOf('.') + 1)
        if (last !== '*' && !COMMON_WORDS.has(last)) words.add(last.replace(/[^\w$]/g, ''))
      }
      if (source.callback) patterns.push(callbackPattern(source.callback))
      if (source.qualified) {
        for (const q of source.qualified) spec.qualifiedSources.set(q, [...(spec.qualifiedSources.get(q) ?? []), compiled])
      }
      if (source.member) {
        const entry: CompiledSpec['memberSources'][number] = { name: new RegExp(source.member.name), source: compiled }
        if (source.member.receiver !== undefined) entry.receiver = new RegExp(source.member.receiver)
        spec.memberSources.push(entry)
        // A distinctive property name (`entryName`) tells a function may see the source.
        for (const word of /^\^\(?([\w$|]+)\)?\$$/.exec(source.member.name)?.[1]?.split('|') ?? []) {
          if (!COMMON_WORDS.has(word) && !/^(path|name|fileName|filename|file)$/.test(word)) words.add(word)
        }
      }
      if (source.handler) spec.handlerSources.add(source.handler.call, compiled, source.handler.receiver)
      if (source.callback) spec.callbackSources.add(source.callback.call, compiled)
      // Parameter names (`req.query`) and decorators (`@Query`) tell that a nested function may see a source.
      const names = (source.param_names ?? []).flatMap((r) => /^\^([\w$]+)\$$/.exec(r)?.[1] ?? [])
      if (names.length) {
        const firsts = [...new Set((compiled.paths ?? []).map((p) => p[0]!))]
        patterns.push(firsts.length ? `\\b(${names.join('|')})\\s*\\??\\.\\s*(${firsts.join('|')})\\b` : `\\b(${names.join('|')})\\b`)
      }
      if (source.param_decorators) patterns.push(`@(${source.param_decorators.join('|')})\\s*\\(`)
      // Route handlers: `export async function GET(`, `@app.get(...)`, `router.post('/', (r, s) => ...)`.
      if (source.exported_function) patterns.push(`\\b(function|const|let|var)\\s+(${unanchored(source.exported_function.name)})\\b`)
      if (source.decorated_function) patterns.push(`@\\s*[\\w$.]*(${unanchored(source.decorated_function.decorator)})`)
      if (source.handler) {
        const methods = source.handler.call.map((c) => c.slice(c.lastIndexOf('.') + 1)).join('|')
        const receiver = source.handler.receiver !== undefined ? `(${unanchored(source.handler.receiver)})` : '[\\w$]+'
        patterns.push(`\\b${receiver}\\s*\\.\\s*(${methods})\\s*\\(`)
      }
      if (source.param_names || source.exported_function || source.decorated_function || source.param_decorators) {
        spec.paramSources.push(compiled)
      }
    }
    for (const sink of group.sinks) {
      if (sink.call) spec.sinkCalls.add(sink.call, sink, sink.receiver, sink.receiver_root)
      for (const name of sink.assign ?? []) spec.assignSinks.set(name, [...(spec.assignSinks.get(name) ?? []), sink])
      if (sink.computed_write) spec.computedWriteSinks.push(sink)
      if (sink.return_of_decorated) spec.returnSinks.push({ decorator: new RegExp(sink.return_of_decorated), sink })
    }
    for (const s of group.sanitizers) spec.sanitizers.add(s.call, s, s.receiver)
    for (const g of group.guards) spec.guards.add(g.call, g, g.receiver)
    for (const p of group.propagators) spec.propagators.add(p.call, p, p.receiver)
    spec.exits.add(group.exits, true)
    for (const m of group.clean_members) spec.cleanMembers.add(m)
    for (const m of group.element_callbacks) spec.elementCallbacks.add(m)
  }
  if (spec.apiSources.length) {
    // A module that exports functions and loads a module with a sink of the kinds API sources are
    // untrusted for (`child_process`, `shelljs`): a library that runs commands imports them.
    const mask = spec.apiSources.reduce((m, src) => m | (src.kindMask ?? spec.allKinds), 0)
    const modules = new Set<string>()
    const methods = new Set<string>()
    for (const group of groups) {
      if (group.language !== language) continue
      for (const sink of group.sinks) {
        const info = kindByName.get(sink.kind)
        if (!info || !(mask & (1 << info.bit))) continue
        for (const name of sink.call ?? []) {
          const dot = name.lastIndexOf('.')
          if (dot > 0 && !name.startsWith('*')) modules.add(name.slice(0, dot).split('.')[0]!)
          methods.add(name.slice(dot + 1).replace(/[^\w$]/g, ''))
        }
      }
    }
    spec.apiSinkCalls = new RegExp(`\\b(${[...methods].filter(Boolean).join('|')})\\s*\\(`)
    const exportsRe = /\bmodule\.exports\b|\bexports\.[\w$]+\s*=|^\s*export\s/m
    const escaped = [...modules].map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    const importRe = escaped.length
      ? new RegExp(`(?:require\\s*\\(|from|import\\s*\\()\\s*['"](?:node:)?(?:${escaped.join('|')})['"/]`)
      : /$^/
    const names = [...modules]
    spec.apiFileTest = (text) => names.some((m) => text.includes(m)) && importRe.test(text) && exportsRe.test(text)
  }
  const parts = [...words].filter(Boolean).map((w) => `\\b${w.replace(/\$/g, '\\$')}\\b`)
  parts.push(...patterns)
  if (parts.length) spec.sourceWords = new RegExp(parts.join('|'))
  return spec
}

export interface RuleInfo {
  id: string
  title: string
  severity: Severity
  confidence: Confidence
  cwe: number[]
  owasp?: string
  message: string
  fix?: string
  references: string[]
}

export function ruleIdFor(language: TaintLanguage, kind: string): string {
  return `taint-${language === 'js' ? 'js' : 'py'}-${kind}`
}
