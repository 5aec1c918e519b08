/** Builds the taint IR from a JavaScript / TypeScript / TSX tree-sitter tree (see ir.ts). */
import type { SgNode } from '@ast-grep/napi'
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
import { BudgetExceeded } from './budget.js'

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'instanceof', 'in'])
const SKIPPED_STATEMENTS = new Set([
  'comment',
  'empty_statement',
  'debugger_statement',
  'type_alias_declaration',
  'interface_declaration',
  'enum_declaration',
  'ambient_declaration',
  'function_signature',
  'abstract_method_signature',
  'method_signature',
  'index_signature',
  'import_alias',
  'hash_bang_line',
])
const TYPE_WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion'])

/**
 * A node's position, read from the tree only when asked for: most IR nodes never appear in a
 * finding's path, and `range()` is the costliest call into the parser.
 */
class LazyLoc implements Loc {
  private r: ReturnType<SgNode['range']> | undefined
  constructor(private readonly node: SgNode) {}
  private get range() {
    return (this.r ??= this.node.range())
  }
  get line() {
    return this.range.start.line + 1
  }
  get col() {
    return this.range.start.column + 1
  }
  get endLine() {
    return this.range.end.line + 1
  }
  get endCol() {
    return this.range.end.column + 1
  }
}

export function locOf(node: SgNode): Loc {
  return new LazyLoc(node)
}

/** String literal content: quotes removed, simple escapes left as written. */
function stringValue(node: SgNode): string {
  const text = node.text()
  return text.length >= 2 ? text.slice(1, -1) : text
}

export function normalizeModule(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec
}

class JsBuilder {
  size = 0
  private nextId = 0
  imports: ImportBinding[] = []
  exports = new Map<string, string>()
  /** Modules loaded with `require('...')` in the code built so far. */
  readonly requires = new Set<string>()

  constructor(private readonly maxNodes: number) {}

  private tick(): void {
    if (++this.size > this.maxNodes) throw new BudgetExceeded('file too large for taint analysis')
  }

  // ---- statements --------------------------------------------------------------------------

  block(node: SgNode | null): Stmt[] {
    if (!node) return []
    if (node.kind() === 'statement_block' || node.kind() === 'program' || node.kind() === 'class_static_block') {
      const out: Stmt[] = []
      for (const child of node.namedChildren()) this.stmt(child, out)
      return out
    }
    const out: Stmt[] = []
    this.stmt(node, out)
    return out
  }

  stmt(node: SgNode, out: Stmt[], exported = false): void {
    this.tick()
    const kind = String(node.kind())
    if (SKIPPED_STATEMENTS.has(kind)) return
    const loc = locOf(node)
    switch (kind) {
      case 'expression_statement': {
        const inner = node.namedChildren()[0]
        if (inner) out.push({ k: 'expr', e: this.expr(inner), loc })
        return
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of node.namedChildren()) {
          if (d.kind() !== 'variable_declarator') continue
          const name = d.field('name')
          if (!name) continue
          const value = d.field('value')
          const type = d.field('type')
          const target = this.pattern(name)
          const decl: Stmt = { k: 'decl', target, loc: locOf(d) }
          if (value) decl.value = this.expr(value)
          if (type) decl.type = type.text().replace(/^:\s*/, '')
          out.push(decl)
          if (exported && target.k === 'id') this.exports.set(target.name, target.name)
        }
        return
      case 'if_statement': {
        const alt = node.field('alternative')
        const s: Stmt = { k: 'if', test: this.expr(node.field('condition')), then: this.block(node.field('consequence')), loc }
        if (alt) s.else = this.block(alt.namedChildren().find((c) => c.kind() !== 'comment') ?? null)
        out.push(s)
        return
      }
      case 'for_statement': {
        const body: Stmt[] = []
        const init = node.field('initializer')
        if (init && init.kind() !== 'empty_statement') {
          if (init.kind() === 'lexical_declaration' || init.kind() === 'variable_declaration') this.stmt(init, body)
          else body.push({ k: 'expr', e: this.expr(init), loc: locOf(init) })
        }
        const cond = node.field('condition')
        const inc = node.field('increment')
        const loopBody = this.block(node.field('body'))
        if (inc) loopBody.push({ k: 'expr', e: this.expr(inc), loc: locOf(inc) })
        const loop: Stmt = { k: 'loop', body: loopBody, loc }
        if (cond && cond.kind() !== 'empty_statement') loop.test = this.expr(cond)
        body.push(loop)
        out.push({ k: 'block', body, loc })
        return
      }
      case 'for_in_statement': {
        const left = node.field('left')
        const op = node.field('operator')?.text() ?? 'of'
        const loop: Stmt = {
          k: 'loop',
          iterKind: op === 'in' ? 'in' : 'of',
          iter: this.expr(node.field('right')),
          body: this.block(node.field('body')),
          loc,
        }
        if (left) loop.target = this.pattern(left)
        out.push(loop)
        return
      }
      case 'while_statement':
      case 'do_statement':
        out.push({ k: 'loop', test: this.expr(node.field('condition')), body: this.block(node.field('body')), loc })
        return
      case 'try_statement': {
        const handler = node.field('handler')
        const finalizer = node.field('finalizer')
        const s: Stmt = { k: 'try', body: this.block(node.field('body')), loc }
        if (handler) {
          const param = handler.field('parameter')
          if (param) s.param = this.pattern(param)
          s.handler = this.block(handler.field('body'))
        }
        if (finalizer) s.finalizer = this.block(finalizer.namedChildren().find((c) => c.kind() === 'statement_block') ?? null)
        out.push(s)
        return
      }
      case 'return_statement': {
        const e = node.namedChildren().find((c) => c.kind() !== 'comment')
        out.push(e ? { k: 'return', e: this.expr(e), loc } : { k: 'return', loc })
        return
      }
      case 'throw_statement': {
        const e = node.namedChildren()[0]
        out.push(e ? { k: 'throw', e: this.expr(e), loc } : { k: 'throw', loc })
        return
      }
      case 'break_statement':
        out.push({ k: 'break', loc })
        return
      case 'continue_statement':
        out.push({ k: 'continue', loc })
        return
      case 'switch_statement': {
        const cases: Array<{ test?: Expr; body: Stmt[] }> = []
        for (const c of node.field('body')?.namedChildren() ?? []) {
          if (c.kind() !== 'switch_case' && c.kind() !== 'switch_default') continue
          const body: Stmt[] = []
          for (const s of c.fieldChildren('body')) this.stmt(s, body)
          const value = c.kind() === 'switch_case' ? c.field('value') : null
          cases.push(value ? { test: this.expr(value), body } : { body })
        }
        out.push({ k: 'switch', disc: this.expr(node.field('value')), cases, loc })
        return
      }
      case 'statement_block':
        out.push({ k: 'block', body: this.block(node), loc })
        return
      case 'labeled_statement': {
        const body = node.field('body')
        if (body) this.stmt(body, out, exported)
        return
      }
      case 'function_declaration':
      case 'generator_function_declaration': {
        const fn = this.func(node, exported)
        if (exported && fn.name) this.exports.set(fn.name, fn.name)
        out.push({ k: 'func', fn, loc })
        return
      }
      case 'class_declaration':
      case 'abstract_class_declaration': {
        const cls = this.classDef(node)
        if (exported && cls.name) this.exports.set(cls.name, cls.name)
        out.push({ k: 'class', cls, loc })
        return
      }
      case 'export_statement': {
        const decl = node.field('declaration')
        const isDefault = node.children().some((c) => c.kind() === 'default')
        if (decl) {
          const before = out.length
          this.stmt(decl, out, true)
          if (isDefault) {
            const made = out[before]
            if (made?.k === 'func' && made.fn.name) this.exports.set('default', made.fn.name)
            if (made?.k === 'func' && !made.fn.name) {
              made.fn.name = 'default'
              this.exports.set('default', 'default')
            }
          }
          return
        }
        const value = node.field('value') ?? node.namedChildren().find((c) => c.kind() !== 'export_clause' && c.kind() !== 'string')
        if (value && isDefault) {
          const e = this.expr(value)
          if (e.k === 'func') {
            e.fn.name ??= 'default'
            e.fn.exported = true
            out.push({ k: 'func', fn: e.fn, loc })
            this.exports.set('default', e.fn.name)
          } else {
            out.push({ k: 'decl', target: { k: 'id', name: '%default', loc }, value: e, loc })
            this.exports.set('default', '%default')
          }
          return
        }
        const clause = node.namedChildren().find((c) => c.kind() === 'export_clause')
        const source = node.field('source')
        for (const spec of clause?.namedChildren() ?? []) {
          if (spec.kind() !== 'export_specifier') continue
          const name = spec.field('name')?.text() ?? ''
          const alias = spec.field('alias')?.text() ?? name
          if (source) this.imports.push({ local: `%reexport:${alias}`, module: normalizeModule(stringValue(source)), name, loc })
          else this.exports.set(alias, name)
        }
        return
      }
      case 'import_statement':
        this.importStatement(node)
        return
      default:
        if (String(kind).endsWith('_declaration') || kind === 'module' || kind === 'internal_module') return
        // An expression in statement position (some grammars), or something we do not model.
        out.push({ k: 'expr', e: this.expr(node), loc })
    }
  }

  private importStatement(node: SgNode): void {
    const source = node.field('source')
    if (!source) return
    const module = normalizeModule(stringValue(source))
    const loc = locOf(node)
    for (const clause of node.namedChildren()) {
      if (clause.kind() === 'import_require_clause') {
        const id = clause.namedChildren().find((c) => c.kind() === 'identifier')
        if (id) this.imports.push({ local: id.text(), module, name: '*', loc })
      }
      if (clause.kind() !== 'import_clause') continue
      for (const part of clause.namedChildren()) {
        if (part.kind() === 'identifier') this.imports.push({ local: part.text(), module, name: 'default', loc })
        else if (part.kind() === 'namespace_import') {
          const id = part.namedChildren().find((c) => c.kind() === 'identifier')
          if (id) this.imports.push({ local: id.text(), module, name: '*', loc })
        } else if (part.kind() === 'named_imports') {
          for (const spec of part.namedChildren()) {
            if (spec.kind() !== 'import_specifier') continue
            const name = spec.field('name')?.text() ?? ''
            const alias = spec.field('alias')?.text() ?? name
            this.imports.push({ local: alias, module, name, loc })
          }
        }
      }
    }
  }

  // ---- functions and classes -------------------------------------------------------------------

  /** Functions built so far, by the node's start offset: one IR function per tree node. */
  private readonly funcs = new Map<number, Func>()

  func(node: SgNode, exported = false, className?: string): Func {
    const at = node.range().start.index
    const known = this.funcs.get(at)
    if (known) {
      if (exported) known.exported = true
      if (className !== undefined) known.className ??= className
      return known
    }
    this.tick()
    const params: Param[] = []
    const single = node.field('parameter')
    if (single) params.push({ pattern: this.pattern(single), name: single.text() })
    for (const p of node.field('parameters')?.namedChildren() ?? []) {
      const param = this.param(p)
      if (param) params.push(param)
    }
    const name = node.field('name')
    const fn = lazyFunc(
      {
        id: this.nextId++,
        params,
        loc: locOf(node),
        decorators: node.fieldChildren('decorator').map((d) => this.decorator(d)),
        exported,
        text: () => node.text(),
      },
      () => {
        const bodyNode = node.field('body')
        return bodyNode && bodyNode.kind() !== 'statement_block' ? this.expr(bodyNode) : this.block(bodyNode)
      },
    )
    if (name) fn.name = name.text()
    if (className !== undefined) fn.className = className
    if (node.kind() === 'arrow_function') fn.arrow = true
    this.funcs.set(at, fn)
    return fn
  }

  private decorator(node: SgNode): Expr {
    const inner = node.namedChildren()[0]
    return inner ? this.expr(inner) : { k: 'other', parts: [], loc: locOf(node) }
  }

  private param(node: SgNode): Param | undefined {
    const kind = String(node.kind())
    if (kind === 'comment') return undefined
    if (kind === 'required_parameter' || kind === 'optional_parameter') {
      const patternNode = node.field('pattern') ?? node.field('name')
      if (!patternNode) return undefined
      if (patternNode.kind() === 'this') return undefined
      const param = this.param(patternNode)
      if (!param) return undefined
      const type = node.field('type')
      if (type) param.type = type.text().replace(/^:\s*/, '')
      const value = node.field('value')
      if (value) param.default = this.expr(value)
      const decorators = node.fieldChildren('decorator').map((d) => {
        const text = d.text().replace(/^@/, '')
        return text.replace(/\(.*$/s, '')
      })
      if (decorators.length) param.decorators = decorators
      return param
    }
    if (kind === 'rest_pattern') {
      const inner = node.namedChildren()[0]
      if (!inner) return undefined
      const pattern = this.pattern(inner)
      return { pattern, rest: 'list', ...(pattern.k === 'id' ? { name: pattern.name } : {}) }
    }
    if (kind === 'assignment_pattern') {
      const left = node.field('left')
      const right = node.field('right')
      if (!left) return undefined
      const pattern = this.pattern(left)
      const param: Param = { pattern }
      if (pattern.k === 'id') param.name = pattern.name
      if (right) param.default = this.expr(right)
      return param
    }
    const pattern = this.pattern(node)
    return pattern.k === 'id' ? { pattern, name: pattern.name } : { pattern }
  }

  classDef(node: SgNode): ClassDef {
    const name = node.field('name')?.text()
    const cls: ClassDef = {
      bases: [],
      methods: [],
      fields: [],
      decorators: node.fieldChildren('decorator').map((d) => this.decorator(d)),
      loc: locOf(node),
    }
    if (name) cls.name = name
    for (const child of node.namedChildren()) {
      if (child.kind() === 'class_heritage') {
        for (const h of child.namedChildren()) {
          const target = h.kind() === 'extends_clause' ? h.namedChildren()[0] : h.kind() === 'implements_clause' ? undefined : h
          if (target) cls.bases.push(this.expr(target))
        }
      }
    }
    for (const member of node.field('body')?.namedChildren() ?? []) {
      const kind = member.kind()
      if (kind === 'method_definition') {
        const method = this.func(member, false, cls.name ?? '%anonymous')
        cls.methods.push(method)
      } else if (kind === 'public_field_definition' || kind === 'field_definition') {
        const prop = member.field('name') ?? member.field('property')
        if (!prop) continue
        const value = member.field('value')
        const type = member.field('type')
        const field: ClassDef['fields'][number] = {
          name: prop.text().replace(/^#/, ''),
          isStatic: member.children().some((c) => c.kind() === 'static'),
        }
        if (value) field.value = this.expr(value)
        if (type) field.type = type.text().replace(/^:\s*/, '')
        cls.fields.push(field)
      }
    }
    return cls
  }

  // ---- patterns ----------------------------------------------------------------------------------

  pattern(node: SgNode): Pattern {
    this.tick()
    const loc = locOf(node)
    switch (node.kind()) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
      case 'shorthand_property_identifier':
        return { k: 'id', name: node.text(), loc }
      case 'object_pattern': {
        const props: Extract<Pattern, { k: 'obj' }>['props'] = []
        for (const p of node.namedChildren()) {
          switch (p.kind()) {
            case 'shorthand_property_identifier_pattern':
              props.push({ key: p.text(), value: { k: 'id', name: p.text(), loc: locOf(p) } })
              break
            case 'pair_pattern': {
              const key = p.field('key')
              const value = p.field('value')
              if (!key || !value) break
              const prop: (typeof props)[number] = { value: this.pattern(value) }
              if (key.kind() === 'computed_property_name') prop.computed = this.expr(key.namedChildren()[0] ?? key)
              else prop.key = key.kind() === 'string' ? stringValue(key) : key.text()
              props.push(prop)
              break
            }
            case 'object_assignment_pattern': {
              const left = p.field('left')
              const right = p.field('right')
              if (!left) break
              const target = this.pattern(left)
              const value: Pattern = right ? { k: 'default', target, value: this.expr(right), loc: locOf(p) } : target
              props.push(target.k === 'id' ? { key: target.name, value } : { value })
              break
            }
            case 'rest_pattern': {
              const inner = p.namedChildren()[0]
              if (inner) props.push({ value: this.pattern(inner), rest: true })
              break
            }
          }
        }
        return { k: 'obj', props, loc }
      }
      case 'array_pattern': {
        const items: Array<Pattern | undefined> = []
        let rest: Pattern | undefined
        for (const p of node.namedChildren()) {
          if (p.kind() === 'comment') continue
          if (p.kind() === 'rest_pattern') {
            const inner = p.namedChildren()[0]
            if (inner) rest = this.pattern(inner)
          } else items.push(this.pattern(p))
        }
        return rest ? { k: 'arr', items, rest, loc } : { k: 'arr', items, loc }
      }
      case 'assignment_pattern': {
        const left = node.field('left')
        const right = node.field('right')
        if (!left) return { k: 'expr', expr: this.expr(node), loc }
        const target = this.pattern(left)
        return right ? { k: 'default', target, value: this.expr(right), loc } : target
      }
      case 'parenthesized_expression':
      case 'non_null_expression': {
        const inner = node.namedChildren()[0]
        return inner ? this.pattern(inner) : { k: 'expr', expr: this.expr(node), loc }
      }
      default:
        return { k: 'expr', expr: this.expr(node), loc }
    }
  }

  // ---- expressions -------------------------------------------------------------------------------

  expr(node: SgNode | null): Expr {
    if (!node) return { k: 'other', parts: [], loc: { line: 0, col: 0, endLine: 0, endCol: 0 } }
    this.tick()
    const loc = locOf(node)
    const kind = String(node.kind())
    switch (kind) {
      case 'identifier':
      case 'shorthand_property_identifier':
      case 'property_identifier':
        return { k: 'id', name: node.text(), loc }
      case 'undefined':
      case 'number':
      case 'true':
      case 'false':
      case 'null':
        return { k: 'lit', raw: node.text(), loc }
      case 'string':
        return { k: 'lit', value: stringValue(node), loc }
      case 'regex': {
        const pattern = node.field('pattern')?.text() ?? ''
        const flags = node.field('flags')?.text() ?? ''
        return { k: 'lit', regex: { pattern, flags }, loc }
      }
      case 'this':
        return { k: 'this', loc }
      case 'super':
        return { k: 'id', name: 'super', loc }
      case 'template_string':
        return this.template(node)
      case 'member_expression': {
        const prop = node.field('property')
        return { k: 'member', obj: this.expr(node.field('object')), prop: (prop?.text() ?? '').replace(/^#/, ''), loc }
      }
      case 'subscript_expression': {
        const index = node.field('index')
        const obj = this.expr(node.field('object'))
        if (index?.kind() === 'string') return { k: 'member', obj, prop: stringValue(index), loc }
        return { k: 'index', obj, index: this.expr(index), loc }
      }
      case 'call_expression': {
        const fnNode = node.field('function')
        const argsNode = node.field('arguments')
        const callee: Expr = fnNode?.kind() === 'import' ? { k: 'id', name: 'import', loc: locOf(fnNode) } : this.expr(fnNode)
        if (callee.k === 'id' && callee.name === 'require') {
          const first = argsNode?.namedChildren().find((c) => c.kind() !== 'comment')
          if (first?.kind() === 'string') this.requires.add(normalizeModule(stringValue(first)))
        }
        if (argsNode?.kind() === 'template_string') {
          return { k: 'call', callee, args: [{ value: this.template(argsNode) }], isNew: false, tagged: true, loc }
        }
        return { k: 'call', callee, args: this.args(argsNode), isNew: false, loc }
      }
      case 'new_expression':
        return { k: 'call', callee: this.expr(node.field('constructor')), args: this.args(node.field('arguments')), isNew: true, loc }
      case 'binary_expression': {
        const op = node.field('operator')?.text() ?? ''
        const left = this.expr(node.field('left'))
        const right = this.expr(node.field('right'))
        if (op === '&&' || op === '||' || op === '??') return { k: 'logic', op, left, right, loc }
        if (COMPARISONS.has(op)) return { k: 'cmp', op, left, right, loc }
        return { k: 'bin', op, left, right, loc }
      }
      case 'unary_expression':
        return { k: 'unary', op: node.field('operator')?.text() ?? '', arg: this.expr(node.field('argument')), loc }
      case 'update_expression':
        return { k: 'unary', op: '++', arg: this.expr(node.field('argument')), loc }
      case 'await_expression':
        return { k: 'await', arg: this.expr(node.namedChildren()[0] ?? null), loc }
      case 'ternary_expression':
        return {
          k: 'cond',
          test: this.expr(node.field('condition')),
          then: this.expr(node.field('consequence')),
          else: this.expr(node.field('alternative')),
          loc,
        }
      case 'assignment_expression': {
        const left = node.field('left')
        return { k: 'assign', target: left ? this.pattern(left) : { k: 'id', name: '%', loc }, value: this.expr(node.field('right')), loc }
      }
      case 'augmented_assignment_expression': {
        const left = node.field('left')
        return {
          k: 'assign',
          target: left ? this.pattern(left) : { k: 'id', name: '%', loc },
          value: this.expr(node.field('right')),
          op: node.field('operator')?.text() ?? '+=',
          loc,
        }
      }
      case 'object':
        return { k: 'obj', props: this.objectProps(node), loc }
      case 'array':
        return { k: 'arr', items: node.namedChildren().flatMap((c) => (c.kind() === 'comment' ? [] : [this.expr(c)])), loc }
      case 'spread_element':
        return { k: 'spread', arg: this.expr(node.namedChildren()[0] ?? null), loc }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return { k: 'func', fn: this.func(node), loc }
      case 'class':
        return { k: 'class', cls: this.classDef(node), loc }
      case 'parenthesized_expression': {
        const inner = node.namedChildren().filter((c) => c.kind() !== 'comment' && c.kind() !== 'type_annotation')
        if (inner.length === 1) return this.expr(inner[0]!)
        return { k: 'seq', items: inner.map((c) => this.expr(c)), loc }
      }
      case 'sequence_expression':
        return { k: 'seq', items: node.namedChildren().map((c) => this.expr(c)), loc }
      default:
        if (TYPE_WRAPPERS.has(kind)) {
          const inner = node
            .namedChildren()
            .find((c) => c.kind() !== 'type_arguments' && !String(c.kind()).endsWith('type') && c.kind() !== 'type_identifier')
          return this.expr(inner ?? null)
        }
        return { k: 'other', parts: this.otherParts(node), loc }
    }
  }

  /** Children of a node we do not model that may still hold calls and flows (JSX, yield...). */
  private otherParts(node: SgNode): Expr[] {
    const parts: Expr[] = []
    for (const child of node.namedChildren()) {
      const kind = String(child.kind())
      if (kind === 'comment' || kind.includes('type') || kind === 'jsx_text' || kind === 'property_identifier') continue
      parts.push(this.expr(child))
    }
    return parts
  }

  private template(node: SgNode): Expr {
    const parts: Expr[] = []
    const chunks = ['']
    for (const child of node.namedChildren()) {
      if (child.kind() === 'template_substitution') {
        const inner = child.namedChildren()[0]
        if (inner) {
          parts.push(this.expr(inner))
          chunks.push('')
        }
      } else if (child.kind() === 'string_fragment' || child.kind() === 'escape_sequence') chunks[chunks.length - 1] += child.text()
    }
    return { k: 'tmpl', head: chunks[0]!, parts, chunks, loc: locOf(node) }
  }

  private args(node: SgNode | null): Arg[] {
    if (!node) return []
    const out: Arg[] = []
    for (const a of node.namedChildren()) {
      if (a.kind() === 'comment') continue
      if (a.kind() === 'spread_element') out.push({ spread: 'list', value: this.expr(a.namedChildren()[0] ?? null) })
      else out.push({ value: this.expr(a) })
    }
    return out
  }

  private objectProps(node: SgNode): Prop[] {
    const props: Prop[] = []
    for (const p of node.namedChildren()) {
      switch (p.kind()) {
        case 'pair': {
          const key = p.field('key')
          const value = this.expr(p.field('value'))
          if (key?.kind() === 'computed_property_name') props.push({ computed: this.expr(key.namedChildren()[0] ?? null), value })
          else props.push({ key: key ? (key.kind() === 'string' ? stringValue(key) : key.text()) : '', value })
          break
        }
        case 'shorthand_property_identifier':
          props.push({ key: p.text(), value: { k: 'id', name: p.text(), loc: locOf(p) } })
          break
        case 'spread_element':
          props.push({ spread: true, value: this.expr(p.namedChildren()[0] ?? null) })
          break
        case 'method_definition': {
          const fn = this.func(p)
          props.push({ key: fn.name ?? '', value: { k: 'func', fn, loc: fn.loc } })
          break
        }
      }
    }
    return props
  }
}

export function buildJs(root: SgNode, maxNodes: number): ModuleIR {
  const builder = new JsBuilder(maxNodes)
  const body = builder.block(root)
  return {
    body,
    imports: builder.imports,
    exports: builder.exports,
    requires: builder.requires,
    get size() {
      return builder.size
    },
    funcAt: (node) => builder.func(node),
  }
}

/** Function node kinds of the JavaScript and TypeScript grammars. */
const FUNCTION_NODE_KINDS = [
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'generator_function',
]
/** What a deep merge or a set-by-path helper looks like: keys enumerated from an object, or a walk `o = o[k]`. */
const KEY_ENUMERATION =
  /\bfor\s*\(\s*(?:(?:var|let|const)\s+)?[\w$]+\s+in\s|\bObject\.(?:keys|entries|getOwnPropertyNames)\s*\(|\b(?:forIn|forOwn)\s*\(/
/** `= name[` (searched from the `=`: cheaper than a back-reference regex over a whole file). */
const WALK_RHS = /=\s*([\w$]+)\s*\[/g

/** Offsets of walks `o = o[k]` in a text. */
function walks(text: string): number[] {
  const out: number[] = []
  WALK_RHS.lastIndex = 0
  for (let m = WALK_RHS.exec(text); m; m = WALK_RHS.exec(text)) {
    const name = m[1]!
    let end = m.index
    while (end > 0 && /\s/.test(text[end - 1]!)) end--
    const start = end - name.length
    if (start >= 0 && text.slice(start, end) === name && (start === 0 || !/[\w$.]/.test(text[start - 1]!))) out.push(start)
  }
  return out
}
/** Larger functions are module bodies or bundles, not property-copying helpers. */
const MAX_WRITER_TEXT = 8_000

const WRITE_TEXT = /\]\s*=[^=>]/g
const ENUMERATIONS = new RegExp(KEY_ENUMERATION.source, 'g')

/**
 * Whether a file may hold a property writer (propertyWriters), on its text: a write `o[k] =` near
 * (within a helper's length of) a key enumeration or a walk.
 */
export function mayHavePropertyWriters(text: string): boolean {
  if (!/\]\s*=[^=>]/.test(text)) return false
  const at: number[] = walks(text)
  ENUMERATIONS.lastIndex = 0
  for (let m = ENUMERATIONS.exec(text); m; m = ENUMERATIONS.exec(text)) at.push(m.index)
  if (at.length === 0) return false
  WRITE_TEXT.lastIndex = 0
  for (let m = WRITE_TEXT.exec(text); m; m = WRITE_TEXT.exec(text)) {
    const i = m.index
    if (at.some((s) => Math.abs(s - i) < MAX_WRITER_TEXT)) return true
  }
  return false
}

/**
 * Functions that write an object property by a computed key (`obj[key] = v`, `Object.defineProperty`)
 * the way deep merges and set-by-path helpers do (keys enumerated from an object, or a walk through
 * `o = o[k]`), with the names they can call themselves by (their own name, the variable or member they
 * are assigned to: `jQuery.extend = jQuery.fn.extend = function () {...}`). A function that hands such
 * a writer to another call as a callback (`forIn(src, copy, target)`) is one too.
 */
export function propertyWriters(root: SgNode, text?: string, limit = 48): Array<{ node: SgNode; names: string[] }> {
  const out = new Map<number, { node: SgNode; names: string[] }>()
  const writes = root.findAll({
    rule: {
      any: [
        {
          kind: 'assignment_expression',
          has: {
            field: 'left',
            kind: 'subscript_expression',
            has: { field: 'index', not: { any: [{ kind: 'number' }, { kind: 'string' }] } },
          },
        },
        { kind: 'call_expression', has: { field: 'function', regex: '^(Object\\.defineProperty|Reflect\\.set)$' } },
      ],
    },
  })
  const seen = new Set<number>()
  /** Names of functions with such a write not shaped like a merge (`copy(val, key) { this[key] = val }`). */
  const writerNames = new Set<string>()
  const units = new Map<number, { text: string; params: Set<string> } | null>()
  const unitOf = (fn: SgNode) => {
    const range = fn.range()
    const at = range.start.index
    let unit = units.get(at)
    if (unit === undefined) {
      unit = null
      // A module body or a bundle's factory is not a helper (and its text is costly to copy).
      if (range.end.index - at <= MAX_WRITER_TEXT) {
        const params = new Set((fn.field('parameters') ?? fn.field('parameter'))?.text().match(/[\w$]+/g) ?? [])
        unit = { text: fn.text(), params }
      }
      units.set(at, unit)
    }
    return unit
  }
  const enclosing = functionIndex(root)
  for (const write of writes) {
    if (out.size >= limit) break
    const fn = enclosing(write)
    const unit = fn ? unitOf(fn) : null
    if (!fn || !unit) continue
    const at = fn.range().start.index
    if (seen.has(at)) continue
    const target = write.kind() === 'call_expression' ? write.field('arguments')?.namedChildren()[0] : write.field('left')?.field('object')
    if (!target || !writesIntoInput(target, unit)) continue
    seen.add(at)
    const names = selfNames(fn)
    if (KEY_ENUMERATION.test(unit.text) || walks(unit.text).length > 0) out.set(at, { node: fn, names })
    else for (const n of names) if (/^[\w$]+$/.test(n)) writerNames.add(n)
  }
  // Functions shaped like a merge that hand such a writer to another call (`forIn(src, copy, target)`).
  const source = writerNames.size ? (text ?? root.text()) : ''
  const passed = [...writerNames].filter((n) => new RegExp(`[(,]\\s*${n.replace(/\$/g, '\\$')}\\s*[,)]`).test(source))
  if (passed.length && out.size < limit) {
    const names = `^(${passed.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`
    for (const id of root.findAll({ rule: { all: [{ kind: 'identifier' }, { regex: names }, { inside: { kind: 'arguments' } }] } })) {
      const fn = enclosing(id)
      const at = fn?.range().start.index
      if (!fn || at === undefined || out.has(at)) continue
      const unit = unitOf(fn)
      if (unit && KEY_ENUMERATION.test(unit.text)) out.set(at, { node: fn, names: selfNames(fn) })
      if (out.size >= limit) break
    }
  }
  return [...out.values()]
}

/**
 * Whether a write's object can be the caller's (or a prototype): a parameter, `this`, `arguments`, a
 * variable assigned from an element (`o = o[k]`, `target = arguments[0]`), or itself an element
 * (`o[a][b] = v`). A fresh local object (`const out = {}; out[k] = v`) is not.
 */
function writesIntoInput(target: SgNode, unit: { text: string; params: Set<string> }): boolean {
  const kind = target.kind()
  if (kind === 'subscript_expression' || kind === 'this') return true
  if (kind !== 'identifier') return false
  const name = target.text()
  if (name === 'arguments' || unit.params.has(name)) return true
  const escaped = name.replace(/\$/g, '\\$')
  return new RegExp(`(?:^|[^\\w$.])${escaped}\\s*=\\s*(?:[\\w$.]+\\s*\\[|arguments\\b)`).test(unit.text)
}

/**
 * For a node, the function it belongs to, out of callbacks (`Object.keys(src).forEach((k) => ...)`
 * belongs to its caller). Found by offsets over one list of the file's functions: walking up the tree
 * node by node costs a call into the parser per step.
 */
function functionIndex(root: SgNode): (node: SgNode) => SgNode | undefined {
  let fns: Array<{ node: SgNode; start: number; end: number; callback?: boolean }> | undefined
  const build = () => {
    fns = root
      .findAll({ rule: { any: FUNCTION_NODE_KINDS.map((kind) => ({ kind })) } })
      .map((node) => {
        const r = node.range()
        return { node, start: r.start.index, end: r.end.index }
      })
      .sort((a, b) => a.start - b.start || b.end - a.end)
    return fns
  }
  /** The innermost function strictly containing [start, end). */
  const innermost = (start: number, end: number) => {
    let best: NonNullable<typeof fns>[number] | undefined
    for (const f of fns ?? build()) {
      if (f.start > start) break
      if (f.end >= end && (f.start < start || f.end > end)) best = f
    }
    return best
  }
  return (node) => {
    const r = node.range()
    let fn = innermost(r.start.index, r.end.index)
    while (fn) {
      fn.callback ??= fn.node.parent()?.kind() === 'arguments'
      if (!fn.callback) break
      const outer = innermost(fn.start, fn.end)
      if (!outer) break
      fn = outer
    }
    return fn?.node
  }
}

function selfNames(fn: SgNode): string[] {
  const names: string[] = []
  const own = fn.field('name')
  if (own && (own.kind() === 'identifier' || own.kind() === 'property_identifier')) names.push(own.text())
  // `a.b = c = function () {}`, `var x = module.exports = function () {}`, `{ merge: function () {} }`.
  let node: SgNode = fn
  for (let parent = node.parent(); parent; node = parent, parent = parent.parent()) {
    const kind = parent.kind()
    if (kind === 'parenthesized_expression') continue
    if (kind === 'assignment_expression' && parent.field('right')?.range().start.index === node.range().start.index) {
      const left = parent.field('left')
      if (left && /^[\w$]+(\.[\w$]+)*$/.test(left.text())) names.push(left.text())
      continue
    }
    if (kind === 'variable_declarator') {
      const name = parent.field('name')
      if (name?.kind() === 'identifier') names.push(name.text())
    }
    if (kind === 'pair') {
      const key = parent.field('key')
      if (key && /^[\w$]+$/.test(key.text())) names.push(key.text())
    }
    break
  }
  return [...new Set(names)]
}
