/** Builds the taint IR from a Python tree-sitter tree (see ir.ts). */
import type { SgNode } from '@ast-grep/napi'
import { BudgetExceeded } from './budget.js'
import { locOf } from './build-js.js'
import {
  lazyFunc,
  type Arg,
  type ClassDef,
  type Expr,
  type Func,
  type ImportBinding,
  type Loc,
  type ModuleIR,
  type Param,
  type Pattern,
  type Prop,
  type Stmt,
} from './ir.js'

const SKIPPED = new Set([
  'comment',
  'pass_statement',
  'global_statement',
  'nonlocal_statement',
  'future_import_statement',
  'type_alias_statement',
  'ellipsis',
])

function isString(node: SgNode): boolean {
  return node.kind() === 'string' || node.kind() === 'concatenated_string'
}

class PyBuilder {
  size = 0
  private nextId = 0
  imports: ImportBinding[] = []
  exports = new Map<string, string>()

  constructor(private readonly maxNodes: number) {}

  private tick(): void {
    if (++this.size > this.maxNodes) throw new BudgetExceeded('file too large for taint analysis')
  }

  block(node: SgNode | null | undefined): Stmt[] {
    if (!node) return []
    const out: Stmt[] = []
    if (node.kind() === 'block' || node.kind() === 'module') for (const child of node.namedChildren()) this.stmt(child, out)
    else this.stmt(node, out)
    return out
  }

  stmt(node: SgNode, out: Stmt[], topLevel = false): void {
    this.tick()
    const kind = String(node.kind())
    if (SKIPPED.has(kind)) return
    const loc = locOf(node)
    switch (kind) {
      case 'expression_statement': {
        for (const child of node.namedChildren()) {
          if (child.kind() === 'assignment' || child.kind() === 'augmented_assignment') this.assignment(child, out)
          else if (child.kind() !== 'comment') out.push({ k: 'expr', e: this.expr(child), loc })
        }
        return
      }
      case 'if_statement': {
        const alternatives = node.fieldChildren('alternative')
        const build = (i: number): Stmt[] | undefined => {
          const alt = alternatives[i]
          if (!alt) return undefined
          if (alt.kind() === 'else_clause') return this.block(alt.field('body'))
          const s: Stmt = { k: 'if', test: this.expr(alt.field('condition')), then: this.block(alt.field('consequence')), loc: locOf(alt) }
          const rest = build(i + 1)
          if (rest) s.else = rest
          return [s]
        }
        const s: Stmt = { k: 'if', test: this.expr(node.field('condition')), then: this.block(node.field('consequence')), loc }
        const rest = build(0)
        if (rest) s.else = rest
        out.push(s)
        return
      }
      case 'for_statement': {
        const left = node.field('left')
        const loop: Stmt = { k: 'loop', iterKind: 'of', iter: this.expr(node.field('right')), body: this.block(node.field('body')), loc }
        if (left) loop.target = this.pattern(left)
        out.push(loop)
        const alt = node.field('alternative')
        if (alt) out.push(...this.block(alt.field('body')))
        return
      }
      case 'while_statement':
        out.push({ k: 'loop', test: this.expr(node.field('condition')), body: this.block(node.field('body')), loc })
        return
      case 'try_statement': {
        const s: Stmt = { k: 'try', body: this.block(node.field('body')), loc }
        const handlers: Array<{ target?: Pattern; body: Stmt[] }> = []
        for (const child of node.namedChildren()) {
          const ck = String(child.kind())
          if (ck === 'except_clause' || ck === 'except_group_clause') {
            let target: Pattern | undefined
            const asPattern = child.namedChildren().find((c) => c.kind() === 'as_pattern')
            const alias = asPattern?.field('alias')?.namedChildren()[0] ?? child.field('alias')
            if (alias) target = this.pattern(alias)
            const body = this.block(child.namedChildren().find((c) => c.kind() === 'block'))
            handlers.push(target ? { target, body } : { body })
          } else if (ck === 'else_clause') s.body.push(...this.block(child.field('body')))
          else if (ck === 'finally_clause') s.finalizer = this.block(child.namedChildren().find((c) => c.kind() === 'block'))
        }
        if (handlers.length) {
          const first = handlers[0]!
          if (first.target) s.param = first.target
          // Several handlers: any one may run.
          let handler: Stmt[] = handlers[handlers.length - 1]!.body
          for (let i = handlers.length - 2; i >= 0; i--) {
            handler = [{ k: 'if', test: { k: 'other', parts: [], loc }, then: handlers[i]!.body, else: handler, loc }]
          }
          s.handler = handler
        }
        out.push(s)
        return
      }
      case 'with_statement': {
        const items: Array<{ e: Expr; target?: Pattern }> = []
        const clause = node.namedChildren().find((c) => c.kind() === 'with_clause')
        for (const item of clause?.namedChildren() ?? []) {
          if (item.kind() !== 'with_item') continue
          const value = item.field('value')
          if (!value) continue
          if (value.kind() === 'as_pattern') {
            const inner = value.namedChildren().find((c) => c.kind() !== 'as_pattern_target')
            const alias = value.field('alias')?.namedChildren()[0]
            const entry: { e: Expr; target?: Pattern } = { e: this.expr(inner ?? null) }
            if (alias) entry.target = this.pattern(alias)
            items.push(entry)
          } else items.push({ e: this.expr(value) })
        }
        out.push({ k: 'with', items, body: this.block(node.field('body')), loc })
        return
      }
      case 'return_statement': {
        const e = node.namedChildren()[0]
        out.push(e ? { k: 'return', e: this.expr(e), loc } : { k: 'return', loc })
        return
      }
      case 'raise_statement': {
        const e = node.namedChildren()[0]
        out.push(e ? { k: 'throw', e: this.expr(e), loc } : { k: 'throw', loc })
        return
      }
      case 'assert_statement': {
        const test = node.namedChildren()[0]
        if (test) {
          out.push({ k: 'if', test: { k: 'unary', op: '!', arg: this.expr(test), loc }, then: [{ k: 'throw', loc }], loc })
        }
        return
      }
      case 'break_statement':
        out.push({ k: 'break', loc })
        return
      case 'continue_statement':
        out.push({ k: 'continue', loc })
        return
      case 'function_definition': {
        const fn = this.func(node, [], topLevel)
        if (topLevel && fn.name) this.exports.set(fn.name, fn.name)
        out.push({ k: 'func', fn, loc })
        return
      }
      case 'class_definition': {
        const cls = this.classDef(node, [])
        if (topLevel && cls.name) this.exports.set(cls.name, cls.name)
        out.push({ k: 'class', cls, loc })
        return
      }
      case 'decorated_definition': {
        const decorators = node.namedChildren().flatMap((c) => {
          if (c.kind() !== 'decorator') return []
          const inner = c.namedChildren()[0]
          return inner ? [this.expr(inner)] : []
        })
        const def = node.field('definition')
        if (!def) return
        if (def.kind() === 'class_definition') {
          const cls = this.classDef(def, decorators)
          if (topLevel && cls.name) this.exports.set(cls.name, cls.name)
          out.push({ k: 'class', cls, loc })
        } else {
          const fn = this.func(def, decorators, topLevel)
          if (topLevel && fn.name) this.exports.set(fn.name, fn.name)
          out.push({ k: 'func', fn, loc })
        }
        return
      }
      case 'import_statement':
        for (const part of node.namedChildren()) {
          if (part.kind() === 'dotted_name') {
            const full = part.text()
            this.imports.push({ local: full.split('.')[0]!, module: full.split('.')[0]!, name: '*', loc })
          } else if (part.kind() === 'aliased_import') {
            const name = part.field('name')?.text() ?? ''
            const alias = part.field('alias')?.text() ?? name
            this.imports.push({ local: alias, module: name, name: '*', loc })
          }
        }
        return
      case 'import_from_statement': {
        const moduleNode = node.field('module_name')
        const module = moduleNode?.text().replace(/\s+/g, '') ?? ''
        for (const part of node.fieldChildren('name')) {
          if (part.kind() === 'dotted_name') this.imports.push({ local: part.text(), module, name: part.text(), loc })
          else if (part.kind() === 'aliased_import') {
            const name = part.field('name')?.text() ?? ''
            this.imports.push({ local: part.field('alias')?.text() ?? name, module, name, loc })
          }
        }
        return
      }
      case 'match_statement': {
        const subject = node.field('subject')
        const cases: Array<{ test?: Expr; body: Stmt[] }> = []
        for (const c of node.field('body')?.namedChildren() ?? []) {
          if (c.kind() === 'case_clause') cases.push({ body: this.block(c.field('consequence')) })
        }
        out.push({ k: 'switch', disc: this.expr(subject), cases, loc })
        return
      }
      case 'block':
        out.push({ k: 'block', body: this.block(node), loc })
        return
      default:
        out.push({ k: 'expr', e: this.expr(node), loc })
    }
  }

  private assignment(node: SgNode, out: Stmt[]): void {
    const loc = locOf(node)
    const left = node.field('left')
    const right = node.field('right')
    const type = node.field('type')
    if (!left) return
    if (node.kind() === 'augmented_assignment') {
      out.push({
        k: 'expr',
        e: { k: 'assign', target: this.pattern(left), value: this.expr(right), op: node.field('operator')?.text() ?? '+=', loc },
        loc,
      })
      return
    }
    if (!right) {
      // `x: int` declares without assigning.
      return
    }
    // Chained `a = b = value`: assign the innermost value to every target.
    const targets = [left]
    let value: SgNode = right
    while (value.kind() === 'assignment' && value.field('right')) {
      const l = value.field('left')
      if (l) targets.push(l)
      value = value.field('right')!
    }
    const e = this.expr(value)
    for (const t of targets) {
      const decl: Stmt = { k: 'decl', target: this.pattern(t), value: e, loc }
      if (type) decl.type = type.text()
      out.push(decl)
    }
  }

  func(node: SgNode, decorators: Expr[], topLevel: boolean, className?: string): Func {
    this.tick()
    const params: Param[] = []
    for (const p of node.field('parameters')?.namedChildren() ?? []) {
      const param = this.param(p)
      if (param) params.push(param)
    }
    const fn = lazyFunc({ id: this.nextId++, params, loc: locOf(node), decorators, exported: topLevel, text: () => node.text() }, () => {
      const body = node.field('body')
      return node.kind() === 'lambda' ? this.expr(body) : this.block(body)
    })
    const name = node.field('name')
    if (name) fn.name = name.text()
    if (className !== undefined) fn.className = className
    return fn
  }

  private param(node: SgNode): Param | undefined {
    const loc = locOf(node)
    switch (node.kind()) {
      case 'identifier':
        return { pattern: { k: 'id', name: node.text(), loc }, name: node.text() }
      case 'typed_parameter': {
        const inner = node.namedChildren().find((c) => c.kind() !== 'type')
        const type = node.field('type')?.text()
        if (!inner) return undefined
        const base = this.param(inner)
        if (base && type !== undefined) base.type = type
        return base
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = node.field('name')
        if (!name) return undefined
        const param: Param = { pattern: this.pattern(name) }
        if (name.kind() === 'identifier') param.name = name.text()
        const type = node.field('type')?.text()
        if (type !== undefined) param.type = type
        const value = node.field('value')
        if (value) param.default = this.expr(value)
        return param
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const inner = node.namedChildren()[0]
        if (!inner) return undefined
        return { pattern: this.pattern(inner), name: inner.text(), rest: node.kind() === 'list_splat_pattern' ? 'list' : 'dict' }
      }
      case 'tuple_pattern':
        return { pattern: this.pattern(node) }
      default:
        return undefined
    }
  }

  classDef(node: SgNode, decorators: Expr[]): ClassDef {
    const name = node.field('name')?.text()
    const cls: ClassDef = { bases: [], methods: [], fields: [], decorators, loc: locOf(node) }
    if (name) cls.name = name
    for (const b of node.field('superclasses')?.namedChildren() ?? []) {
      if (b.kind() !== 'keyword_argument') cls.bases.push(this.expr(b))
    }
    for (const member of node.field('body')?.namedChildren() ?? []) {
      let def: SgNode | null = member
      let decos: Expr[] = []
      if (member.kind() === 'decorated_definition') {
        decos = member.namedChildren().flatMap((c) => {
          const inner = c.kind() === 'decorator' ? c.namedChildren()[0] : undefined
          return inner ? [this.expr(inner)] : []
        })
        def = member.field('definition')
      }
      if (!def) continue
      if (def.kind() === 'function_definition') cls.methods.push(this.func(def, decos, false, cls.name ?? '%anonymous'))
      else if (def.kind() === 'expression_statement') {
        for (const a of def.namedChildren()) {
          if (a.kind() !== 'assignment') continue
          const left = a.field('left')
          if (left?.kind() !== 'identifier') continue
          const field: ClassDef['fields'][number] = { name: left.text(), isStatic: false }
          const value = a.field('right')
          if (value) field.value = this.expr(value)
          const type = a.field('type')?.text()
          if (type !== undefined) field.type = type
          cls.fields.push(field)
        }
      }
    }
    return cls
  }

  pattern(node: SgNode): Pattern {
    this.tick()
    const loc = locOf(node)
    switch (node.kind()) {
      case 'identifier':
        return { k: 'id', name: node.text(), loc }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const items: Array<Pattern | undefined> = []
        let rest: Pattern | undefined
        for (const c of node.namedChildren()) {
          if (c.kind() === 'comment') continue
          if (c.kind() === 'list_splat_pattern' || c.kind() === 'list_splat') {
            const inner = c.namedChildren()[0]
            if (inner) rest = this.pattern(inner)
          } else items.push(this.pattern(c))
        }
        return rest ? { k: 'arr', items, rest, loc } : { k: 'arr', items, loc }
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren()[0]
        return inner ? this.pattern(inner) : { k: 'expr', expr: this.expr(node), loc }
      }
      default:
        return { k: 'expr', expr: this.expr(node), loc }
    }
  }

  private stringExpr(node: SgNode): Expr {
    const loc = locOf(node)
    const pieces = node.kind() === 'concatenated_string' ? node.namedChildren().filter((c) => c.kind() === 'string') : [node]
    let text = ''
    const chunks = ['']
    const parts: Expr[] = []
    for (const piece of pieces) {
      for (const child of piece.namedChildren()) {
        const ck = String(child.kind())
        if (ck === 'string_content' || ck === 'escape_sequence') {
          text += child.text()
          chunks[chunks.length - 1] += child.text()
        } else if (ck === 'interpolation') {
          const inner = child.field('expression')
          if (inner) {
            parts.push(this.expr(inner))
            chunks.push('')
          }
        }
      }
    }
    return parts.length ? { k: 'tmpl', head: chunks[0]!, parts, chunks, loc } : { k: 'lit', value: text, loc }
  }

  expr(node: SgNode | null | undefined): Expr {
    if (!node) return { k: 'other', parts: [], loc: { line: 0, col: 0, endLine: 0, endCol: 0 } }
    this.tick()
    const loc: Loc = locOf(node)
    const kind = String(node.kind())
    switch (kind) {
      case 'identifier':
        return { k: 'id', name: node.text(), loc }
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'ellipsis':
        return { k: 'lit', raw: node.text(), loc }
      case 'string':
      case 'concatenated_string':
        return this.stringExpr(node)
      case 'attribute':
        return { k: 'member', obj: this.expr(node.field('object')), prop: node.field('attribute')?.text() ?? '', loc }
      case 'subscript': {
        const index = node.field('subscript')
        const obj = this.expr(node.field('value'))
        if (index && isString(index)) {
          const key = this.stringExpr(index)
          if (key.k === 'lit' && key.value !== undefined) return { k: 'member', obj, prop: key.value, loc }
        }
        return { k: 'index', obj, index: this.expr(index), loc }
      }
      case 'call': {
        const argsNode = node.field('arguments')
        const args: Arg[] = []
        if (argsNode?.kind() === 'generator_expression') args.push({ value: this.expr(argsNode) })
        else {
          for (const a of argsNode?.namedChildren() ?? []) {
            const ak = String(a.kind())
            if (ak === 'comment') continue
            if (ak === 'keyword_argument') args.push({ name: a.field('name')?.text() ?? '', value: this.expr(a.field('value')) })
            else if (ak === 'list_splat') args.push({ spread: 'list', value: this.expr(a.namedChildren()[0]) })
            else if (ak === 'dictionary_splat') args.push({ spread: 'dict', value: this.expr(a.namedChildren()[0]) })
            else args.push({ value: this.expr(a) })
          }
        }
        return { k: 'call', callee: this.expr(node.field('function')), args, isNew: false, loc }
      }
      case 'binary_operator':
        return {
          k: 'bin',
          op: node.field('operator')?.text() ?? '',
          left: this.expr(node.field('left')),
          right: this.expr(node.field('right')),
          loc,
        }
      case 'boolean_operator': {
        const op = node.field('operator')?.text() === 'and' ? '&&' : '||'
        return { k: 'logic', op, left: this.expr(node.field('left')), right: this.expr(node.field('right')), loc }
      }
      case 'comparison_operator': {
        const operands: Expr[] = []
        const ops: string[] = []
        for (const c of node.children()) {
          if (c.isNamed()) {
            if (c.kind() !== 'comment') operands.push(this.expr(c))
          } else ops.push(c.text().replace(/\s+/g, ' '))
        }
        let result: Expr | undefined
        for (let i = 0; i + 1 < operands.length; i++) {
          const pair: Expr = { k: 'cmp', op: ops[i] ?? '==', left: operands[i]!, right: operands[i + 1]!, loc }
          result = result ? { k: 'logic', op: '&&', left: result, right: pair, loc } : pair
        }
        return result ?? { k: 'other', parts: operands, loc }
      }
      case 'not_operator':
        return { k: 'unary', op: '!', arg: this.expr(node.field('argument')), loc }
      case 'unary_operator':
        return { k: 'unary', op: node.field('operator')?.text() ?? '-', arg: this.expr(node.field('argument')), loc }
      case 'conditional_expression': {
        const parts = node.namedChildren().filter((c) => c.kind() !== 'comment')
        return { k: 'cond', test: this.expr(parts[1]), then: this.expr(parts[0]), else: this.expr(parts[2]), loc }
      }
      case 'await':
        return { k: 'await', arg: this.expr(node.namedChildren()[0]), loc }
      case 'lambda':
        return { k: 'func', fn: this.lambda(node), loc }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return {
          k: 'arr',
          items: node.namedChildren().flatMap((c) => {
            if (c.kind() === 'comment') return []
            if (c.kind() === 'list_splat') return [{ k: 'spread' as const, arg: this.expr(c.namedChildren()[0]), loc: locOf(c) }]
            return [this.expr(c)]
          }),
          loc,
        }
      case 'dictionary': {
        const props: Prop[] = []
        for (const p of node.namedChildren()) {
          if (p.kind() === 'pair') {
            const key = p.field('key')
            const value = this.expr(p.field('value'))
            const keyExpr = key && isString(key) ? this.stringExpr(key) : undefined
            if (keyExpr?.k === 'lit' && keyExpr.value !== undefined) props.push({ key: keyExpr.value, value })
            else props.push({ computed: this.expr(key), value })
          } else if (p.kind() === 'dictionary_splat') props.push({ spread: true, value: this.expr(p.namedChildren()[0]) })
        }
        return { k: 'obj', props, loc }
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        const body = node.field('body')
        const gens: Array<{ target: Pattern; iter: Expr; ifs: Expr[] }> = []
        for (const c of node.namedChildren()) {
          if (c.kind() === 'for_in_clause') {
            const left = c.field('left')
            gens.push({
              target: left ? this.pattern(left) : { k: 'id', name: '%', loc },
              iter: this.expr(c.field('right')),
              ifs: [],
            })
          } else if (c.kind() === 'if_clause' && gens.length) {
            const test = c.namedChildren()[0]
            if (test) gens[gens.length - 1]!.ifs.push(this.expr(test))
          }
        }
        let elt: Expr = this.expr(body)
        if (body?.kind() === 'pair') {
          elt = { k: 'arr', items: [this.expr(body.field('key')), this.expr(body.field('value'))], loc }
        }
        return { k: 'comp', elt, gens, loc }
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren().filter((c) => c.kind() !== 'comment')
        return inner.length === 1 ? this.expr(inner[0]) : { k: 'seq', items: inner.map((c) => this.expr(c)), loc }
      }
      case 'named_expression': {
        const name = node.field('name')
        return {
          k: 'assign',
          target: name ? this.pattern(name) : { k: 'id', name: '%', loc },
          value: this.expr(node.field('value')),
          loc,
        }
      }
      case 'list_splat':
      case 'dictionary_splat':
        return { k: 'spread', arg: this.expr(node.namedChildren()[0]), loc }
      case 'pair':
        return { k: 'arr', items: [this.expr(node.field('key')), this.expr(node.field('value'))], loc }
      default:
        return {
          k: 'other',
          parts: node.namedChildren().flatMap((c) => (c.kind() === 'comment' || c.kind() === 'type' ? [] : [this.expr(c)])),
          loc,
        }
    }
  }

  private lambda(node: SgNode): Func {
    const params: Param[] = []
    for (const p of node.field('parameters')?.namedChildren() ?? []) {
      const param = this.param(p)
      if (param) params.push(param)
    }
    return lazyFunc({ id: this.nextId++, params, loc: locOf(node), decorators: [], exported: false, text: () => node.text() }, () =>
      this.expr(node.field('body')),
    )
  }
}

export function buildPython(root: SgNode, maxNodes: number): ModuleIR {
  const builder = new PyBuilder(maxNodes)
  const body: Stmt[] = []
  for (const child of root.namedChildren()) builder.stmt(child, body, true)
  return { body, imports: builder.imports, exports: builder.exports, size: builder.size }
}
