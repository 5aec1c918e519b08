/**
 * The small intermediate form the taint engine analyzes. Each language's builder (build-js.ts,
 * build-python.ts) walks the tree-sitter tree once and produces this; the analysis never touches
 * tree-sitter nodes again, so re-walking a function for a summary or a loop's second pass is cheap.
 */
import type { SgNode } from '@ast-grep/napi'

/** 1-based position and extent of a node. */
export interface Loc {
  line: number
  col: number
  endLine: number
  endCol: number
}

export type Expr =
  | { k: 'id'; name: string; loc: Loc }
  /** A literal: `value` is a string's content; `raw` the text of a number, boolean or null. */
  | { k: 'lit'; value?: string; raw?: string; regex?: { pattern: string; flags: string }; loc: Loc }
  | { k: 'this'; loc: Loc }
  | { k: 'member'; obj: Expr; prop: string; loc: Loc }
  | { k: 'index'; obj: Expr; index: Expr; loc: Loc }
  /** `tagged` marks a tagged template (`sql`...``): the template is its only argument. */
  | { k: 'call'; callee: Expr; args: Arg[]; isNew: boolean; tagged?: boolean; loc: Loc }
  /** Template literal, f-string: `head` is the literal text before the first part; `chunks` the texts around the parts. */
  | { k: 'tmpl'; head: string; parts: Expr[]; chunks: string[]; loc: Loc }
  | { k: 'bin'; op: string; left: Expr; right: Expr; loc: Loc }
  /** Short-circuit logic: && || ?? and or. */
  | { k: 'logic'; op: '&&' | '||' | '??'; left: Expr; right: Expr; loc: Loc }
  /** Comparison; for Python chains only the first pair is kept. `in` / `not in` are Python membership. */
  | { k: 'cmp'; op: string; left: Expr; right: Expr; loc: Loc }
  | { k: 'unary'; op: string; arg: Expr; loc: Loc }
  | { k: 'await'; arg: Expr; loc: Loc }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; loc: Loc }
  | { k: 'assign'; target: Pattern; value: Expr; op?: string; loc: Loc }
  | { k: 'obj'; props: Prop[]; loc: Loc }
  | { k: 'arr'; items: Expr[]; loc: Loc }
  | { k: 'spread'; arg: Expr; loc: Loc }
  | { k: 'func'; fn: Func; loc: Loc }
  | { k: 'class'; cls: ClassDef; loc: Loc }
  | { k: 'seq'; items: Expr[]; loc: Loc }
  /** Comprehension / generator: `elt` evaluated with each `target` bound to elements of `iter`. */
  | { k: 'comp'; elt: Expr; gens: Array<{ target: Pattern; iter: Expr; ifs: Expr[] }>; loc: Loc }
  /** Anything else: its value is the union of its parts. */
  | { k: 'other'; parts: Expr[]; loc: Loc }

export interface Arg {
  /** Python keyword argument name. */
  name?: string
  /** `*args` (spread) or `**kwargs`. */
  spread?: 'list' | 'dict'
  value: Expr
}

export interface Prop {
  /** Static key; undefined when computed or spread. */
  key?: string
  computed?: Expr
  spread?: boolean
  value: Expr
}

export type Pattern =
  | { k: 'id'; name: string; loc: Loc }
  | { k: 'obj'; props: Array<{ key?: string; computed?: Expr; value: Pattern; rest?: boolean }>; loc: Loc }
  | { k: 'arr'; items: Array<Pattern | undefined>; rest?: Pattern; loc: Loc }
  | { k: 'default'; target: Pattern; value: Expr; loc: Loc }
  /** Assignment to a member / index expression. */
  | { k: 'expr'; expr: Expr; loc: Loc }

export interface Param {
  pattern: Pattern
  /** The plain name when the pattern is an identifier. */
  name?: string
  /** Type annotation text (Python / TypeScript), without the leading colon. */
  type?: string
  default?: Expr
  rest?: 'list' | 'dict'
  /** Names of parameter decorators (TypeScript `@Query('q')`, `@Body()`). */
  decorators?: string[]
}

export interface Func {
  id: number
  name?: string
  params: Param[]
  /** Statements, or the single expression of an arrow / lambda body. */
  body: Stmt[] | Expr
  loc: Loc
  decorators: Expr[]
  /** Exported from its module (ESM export, `module.exports`, or top-level Python def). */
  exported: boolean
  /** Set for methods. */
  className?: string
  /** An arrow function (no own `this` or `arguments`). */
  arrow?: boolean
  /** The function's source text (read on demand). */
  text?: () => string
}

/**
 * A function whose body is built from the tree only when the analysis first enters it: most functions
 * of a large file are never analyzed (no untrusted data reaches them), so most of the tree is never
 * walked.
 */
export function lazyFunc(head: Omit<Func, 'body'>, build: () => Stmt[] | Expr): Func {
  let body: Stmt[] | Expr | undefined
  const fn = head as Func
  Object.defineProperty(fn, 'body', {
    get: () => (body ??= build()),
    enumerable: true,
    configurable: true,
  })
  return fn
}

export interface ClassDef {
  name?: string
  bases: Expr[]
  methods: Func[]
  fields: Array<{ name: string; value?: Expr; type?: string; isStatic: boolean }>
  decorators: Expr[]
  loc: Loc
}

export type Stmt =
  | { k: 'expr'; e: Expr; loc: Loc }
  | { k: 'decl'; target: Pattern; value?: Expr; type?: string; loc: Loc }
  | { k: 'if'; test: Expr; then: Stmt[]; else?: Stmt[]; loc: Loc }
  | { k: 'loop'; target?: Pattern; iterKind?: 'of' | 'in'; iter?: Expr; test?: Expr; body: Stmt[]; loc: Loc }
  | { k: 'return'; e?: Expr; loc: Loc }
  | { k: 'throw'; e?: Expr; loc: Loc }
  | { k: 'break'; loc: Loc }
  | { k: 'continue'; loc: Loc }
  | { k: 'try'; body: Stmt[]; param?: Pattern; handler?: Stmt[]; finalizer?: Stmt[]; loc: Loc }
  | { k: 'switch'; disc: Expr; cases: Array<{ test?: Expr; body: Stmt[] }>; loc: Loc }
  | { k: 'block'; body: Stmt[]; loc: Loc }
  | { k: 'func'; fn: Func; loc: Loc }
  | { k: 'class'; cls: ClassDef; loc: Loc }
  | { k: 'with'; items: Array<{ e: Expr; target?: Pattern }>; body: Stmt[]; loc: Loc }

/** One imported binding: `local` refers to `name` of `module` (`*` for the module object itself). */
export interface ImportBinding {
  local: string
  module: string
  /** `*` = the module (namespace / default-require); `default` for ESM default imports. */
  name: string
  loc: Loc
}

export interface ModuleIR {
  body: Stmt[]
  imports: ImportBinding[]
  /** Exported names that refer to local bindings: exported name -> local name. */
  exports: Map<string, string>
  /** Number of IR nodes built (a size measure for budgets). */
  size: number
  /** Modules loaded with `require('...')` (JavaScript). */
  requires?: ReadonlySet<string>
  /** The IR function of a function node of the tree (the same object the module's IR uses). */
  funcAt?: (node: SgNode) => Func
}
