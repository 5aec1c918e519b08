/**
 * What the source says about inputs, before anything runs: constants worth trying (string and number
 * literals, regular expressions, object keys) and, per function, its parameters with type hints taken
 * from TypeScript annotations, a sibling `.d.ts`, JSDoc `@param {type}` tags and, for untyped code,
 * from how each parameter is used (`typeof p === 'string'`, `p.length`, `p(...)`, `options.throws`).
 */
import { parse, type ParserPlugin } from '@babel/parser'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'

/** The value kinds the explorer knows how to make. */
export const TYPE_TAGS = [
  'string',
  'number',
  'boolean',
  'array',
  'object',
  'function',
  'callback',
  'regexp',
  'path',
  'buffer',
  'null',
  'undefined',
  'instance',
] as const
export type TypeTag = (typeof TYPE_TAGS)[number]

export interface ParamFacts {
  name: string
  hints: TypeTag[]
  /** Property names read from it (an options object's keys). */
  props: string[]
  /** Literals it is compared with (`p === 'utf8'`). */
  compared: (string | number)[]
  optional: boolean
  rest: boolean
}

export interface SourceFacts {
  strings: string[]
  numbers: number[]
  regexps: { source: string; flags: string }[]
  /** Parameters per function name (declarations, assignments, methods `Class.method`/`method`). */
  functions: Record<string, ParamFacts[]>
}

const MAX_CONSTANTS = 600
const MAX_STRING_LENGTH = 80

/** The parameters mined for a function name (own keys only: `constructor` or `toString` must not reach Object.prototype). */
export function paramsOf(facts: Pick<SourceFacts, 'functions'>, name: string): ParamFacts[] | undefined {
  return Object.hasOwn(facts.functions, name) ? facts.functions[name] : undefined
}

export function emptyFacts(): SourceFacts {
  return { strings: [], numbers: [], regexps: [], functions: {} }
}

/** Facts from the module file itself, files it requires relatively (one level), and a sibling .d.ts. */
export function mineSourceFacts(modulePath: string, extraFiles: readonly string[] = []): SourceFacts {
  const facts = emptyFacts()
  const strings = new Set<string>()
  const numbers = new Set<number>()
  const regexps = new Map<string, { source: string; flags: string }>()
  const files = [modulePath, ...extraFiles]
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const ast = parseLoose(text, file)
    if (!ast) continue
    collect(ast, { strings, numbers, regexps, functions: facts.functions })
  }
  for (const dts of declarationFiles(modulePath)) {
    const ast = parseLoose(readFileSync(dts, 'utf8'), dts)
    if (ast) collect(ast, { strings, numbers, regexps, functions: facts.functions }, { declarationsOnly: true })
  }
  facts.strings = [...strings].slice(0, MAX_CONSTANTS)
  facts.numbers = [...numbers].slice(0, MAX_CONSTANTS)
  facts.regexps = [...regexps.values()].slice(0, MAX_CONSTANTS)
  return facts
}

function declarationFiles(modulePath: string): string[] {
  const dir = dirname(modulePath)
  const stem = basename(modulePath).replace(/\.(c|m)?[jt]sx?$/, '')
  const candidates = [join(dir, `${stem}.d.ts`), join(dir, `${stem}.d.mts`), join(dir, `${stem}.d.cts`)]
  const pkgFile = join(dir, 'package.json')
  if (existsSync(pkgFile)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { types?: unknown; typings?: unknown }
      const types = typeof pkg.types === 'string' ? pkg.types : typeof pkg.typings === 'string' ? pkg.typings : undefined
      if (types) candidates.push(join(dir, types))
    } catch {
      // A broken package.json only costs us the hints.
    }
  }
  return [...new Set(candidates)].filter((file) => existsSync(file))
}

type Node = { type: string; [key: string]: unknown }

function parseLoose(text: string, file: string): Node | undefined {
  const typescript = /\.(c|m)?tsx?$/.test(file)
  const plugins: ParserPlugin[] = typescript ? ['typescript', 'decorators-legacy'] : ['jsx', 'flow']
  if (/\.d\.(c|m)?ts$/.test(file)) plugins.push('typescript')
  try {
    return parse(text, {
      sourceType: 'unambiguous',
      plugins: typescript || /\.d\.(c|m)?ts$/.test(file) ? plugins.filter((p) => p !== 'flow' && p !== 'jsx') : plugins,
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowImportExportEverywhere: true,
      attachComment: true,
    }) as unknown as Node
  } catch {
    return undefined
  }
}

interface Sink {
  strings: Set<string>
  numbers: Set<number>
  regexps: Map<string, { source: string; flags: string }>
  functions: Record<string, ParamFacts[]>
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
}

function children(node: Node): Node[] {
  const out: Node[] = []
  for (const [key, value] of Object.entries(node)) {
    if (key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'loc') continue
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item)
    } else if (isNode(value)) out.push(value)
  }
  return out
}

function walk(node: Node, visit: (node: Node, parent: Node | undefined) => void, parent?: Node): void {
  visit(node, parent)
  for (const child of children(node)) walk(child, visit, node)
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSMethodSignature',
])

function collect(ast: Node, sink: Sink, options: { declarationsOnly?: boolean } = {}): void {
  walk(ast, (node, parent) => {
    if (!options.declarationsOnly) collectConstant(node, parent, sink)
    if (FUNCTION_TYPES.has(node.type)) {
      const name = functionName(node, parent)
      if (name === undefined) return
      const params = paramFacts(node)
      const existing = paramsOf(sink, name)
      sink.functions[name] = existing ? mergeParams(existing, params) : params
    }
  })
}

function collectConstant(node: Node, parent: Node | undefined, sink: Sink): void {
  switch (node.type) {
    case 'StringLiteral': {
      const value = node.value as string
      // Module specifiers and 'use strict' are not inputs.
      if (parent?.type === 'ImportDeclaration' || parent?.type === 'ExportNamedDeclaration' || parent?.type === 'Directive') return
      if (parent?.type === 'CallExpression' && (parent.callee as Node).type === 'Identifier' && (parent.callee as Node).name === 'require')
        return
      if (value.length <= MAX_STRING_LENGTH) sink.strings.add(value)
      return
    }
    case 'TemplateElement': {
      const cooked = (node.value as { cooked?: string }).cooked
      if (cooked && cooked.length <= MAX_STRING_LENGTH) sink.strings.add(cooked)
      return
    }
    case 'NumericLiteral':
      sink.numbers.add(node.value as number)
      return
    case 'RegExpLiteral':
      sink.regexps.set(`/${node.pattern as string}/${node.flags as string}`, {
        source: node.pattern as string,
        flags: node.flags as string,
      })
      return
    case 'ObjectProperty':
    case 'ClassProperty':
      if ((node.key as Node).type === 'Identifier' && !node.computed) {
        const key = (node.key as Node).name as string
        if (key.length <= MAX_STRING_LENGTH) sink.strings.add(key)
      }
      return
    default:
      return
  }
}

/** The name a function is known by: its own, the variable or property it is assigned to, or `Class.method`. */
function functionName(node: Node, parent: Node | undefined): string | undefined {
  const id = node.id as Node | null | undefined
  if (id?.type === 'Identifier') return id.name as string
  const key = node.key as Node | undefined
  if (key && (key.type === 'Identifier' || key.type === 'StringLiteral')) return (key.name ?? key.value) as string
  if (!parent) return undefined
  if (parent.type === 'VariableDeclarator' && (parent.id as Node).type === 'Identifier') return (parent.id as Node).name as string
  if (parent.type === 'AssignmentExpression') return memberName(parent.left as Node)
  if (parent.type === 'ObjectProperty') {
    const propertyKey = parent.key as Node
    return (propertyKey.name ?? propertyKey.value) as string | undefined
  }
  return undefined
}

function memberName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name as string
  if (node.type === 'MemberExpression' && !node.computed) return ((node.property as Node).name as string) ?? undefined
  return undefined
}

function mergeParams(a: ParamFacts[], b: ParamFacts[]): ParamFacts[] {
  const longer = a.length >= b.length ? a : b
  return longer.map((param, index) => {
    const other = (longer === a ? b : a)[index]
    if (!other) return param
    return {
      ...param,
      hints: unique([...param.hints, ...other.hints]),
      props: unique([...param.props, ...other.props]),
      compared: unique([...param.compared, ...other.compared]),
    }
  })
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}

const NAME_HINTS: [RegExp, TypeTag][] = [
  [/^(cb|callback|done|next|cont|continuation|resolve|reject)$/i, 'callback'],
  [
    /^(fn|func|iterator|iteratee|mapper|predicate|test|op|handler|listener|reducer|transform|compare|comparator|map|filter|reviver|replacer)$/i,
    'function',
  ],
  [/(file|path|filename|dir|directory|folder)$/i, 'path'],
  [
    /^(n|num|number|count|index|idx|i|j|k|length|len|size|max|min|limit|start|end|offset|radix|precision|digits|places|x|y|z|re|im|abs|arg)$/i,
    'number',
  ],
  [/^(str|s|string|text|word|name|id|key|prefix|suffix|separator|sep|char|label|title|message|msg|input|tz|tzname|code)$/i, 'string'],
  [/^(arr|array|list|items|values|elements|args)$/i, 'array'],
  [/^(obj|object|options|opts|config|settings|params|props|attrs|data|source|target)$/i, 'object'],
  [/^(re|regex|regexp|pattern|match)$/i, 'regexp'],
  [/^(flag|enabled|strict|deep|loose)$/i, 'boolean'],
  [/^(buf|buffer|bytes|chunk)$/i, 'buffer'],
]

function nameHints(name: string): TypeTag[] {
  return NAME_HINTS.filter(([pattern]) => pattern.test(name)).map(([, tag]) => tag)
}

function paramFacts(fn: Node): ParamFacts[] {
  const params = (fn.params ?? fn.parameters ?? []) as Node[]
  const jsdoc = jsdocTypes(fn)
  const facts = params.map((param, index): ParamFacts => describeParam(param, index, jsdoc))
  const body = fn.body as Node | undefined
  if (body && isNode(body)) {
    inferFromUsage(body, facts)
    // A function reading `arguments` takes more than it declares (pull(a, b, c, ...)).
    if (!facts.some((f) => f.rest) && usesArguments(body))
      facts.push({ name: 'more', hints: [], props: [], compared: [], optional: true, rest: true })
  }
  return facts
}

function usesArguments(body: Node): boolean {
  let found = false
  walk(body, (node) => {
    if (node.type === 'Identifier' && node.name === 'arguments') found = true
  })
  return found
}

function describeParam(param: Node, index: number, jsdoc: Map<string, TypeTag[]>): ParamFacts {
  let node = param
  let optional = Boolean(param.optional)
  let rest = false
  const hints: TypeTag[] = []
  const props: string[] = []
  if (node.type === 'TSParameterProperty') node = node.parameter as Node
  if (node.type === 'AssignmentPattern') {
    optional = true
    hints.push(...literalTag(node.right as Node))
    node = node.left as Node
  }
  if (node.type === 'RestElement') {
    rest = true
    node = node.argument as Node
  }
  if (node.type === 'ObjectPattern') {
    hints.push('object')
    for (const property of node.properties as Node[]) {
      const key = property.key as Node | undefined
      if (key?.type === 'Identifier') props.push(key.name as string)
    }
  }
  if (node.type === 'ArrayPattern') hints.push('array')
  const name = node.type === 'Identifier' ? (node.name as string) : `arg${index}`
  const annotation = (node.typeAnnotation as Node | undefined)?.typeAnnotation as Node | undefined
  if (annotation) hints.push(...tsTypeTags(annotation))
  if (node.optional) optional = true
  hints.push(...(jsdoc.get(name) ?? []), ...nameHints(name))
  return { name, hints: unique(hints), props, compared: [], optional, rest }
}

function literalTag(node: Node): TypeTag[] {
  switch (node.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return ['string']
    case 'NumericLiteral':
      return ['number']
    case 'BooleanLiteral':
      return ['boolean']
    case 'ObjectExpression':
      return ['object']
    case 'ArrayExpression':
      return ['array']
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return ['function']
    case 'NullLiteral':
      return ['null']
    default:
      return []
  }
}

function tsTypeTags(type: Node): TypeTag[] {
  switch (type.type) {
    case 'TSStringKeyword':
      return ['string']
    case 'TSNumberKeyword':
    case 'TSBigIntKeyword':
      return ['number']
    case 'TSBooleanKeyword':
      return ['boolean']
    case 'TSArrayType':
    case 'TSTupleType':
      return ['array']
    case 'TSFunctionType':
      return ['function']
    case 'TSTypeLiteral':
    case 'TSObjectKeyword':
      return ['object']
    case 'TSNullKeyword':
      return ['null']
    case 'TSUndefinedKeyword':
      return ['undefined']
    case 'TSUnionType':
      return (type.types as Node[]).flatMap(tsTypeTags)
    case 'TSLiteralType': {
      const literal = type.literal as Node
      return literalTag(literal)
    }
    case 'TSTypeReference': {
      const name = (type.typeName as Node).name as string | undefined
      if (name === 'Array' || name === 'ReadonlyArray') return ['array']
      if (name === 'RegExp') return ['regexp']
      if (name === 'Buffer' || name === 'Uint8Array') return ['buffer']
      if (name === 'Function') return ['function']
      if (name === 'Record' || name === 'Partial') return ['object']
      return ['instance']
    }
    default:
      return []
  }
}

const JSDOC_TYPES: [RegExp, TypeTag][] = [
  [/\bstring\b/i, 'string'],
  [/\b(number|integer|int|float)\b/i, 'number'],
  [/\bboolean\b/i, 'boolean'],
  [/\[\]|\bArray\b/, 'array'],
  [/\bobject\b|\{[^}]*\}/i, 'object'],
  [/\bfunction\b/i, 'function'],
  [/\bRegExp\b/, 'regexp'],
  [/\bnull\b/, 'null'],
  [/\bBuffer\b/, 'buffer'],
]

/** `@param {type} name` tags of the function's leading JSDoc (or its declaration's). */
function jsdocTypes(fn: Node): Map<string, TypeTag[]> {
  const out = new Map<string, TypeTag[]>()
  const comments = (fn.leadingComments ?? []) as { value: string }[]
  for (const comment of comments) {
    for (const match of comment.value.matchAll(/@param\s+\{([^{}]+)\}\s+\[?([A-Za-z_$][\w$]*)/g)) {
      const [, type = '', name = ''] = match
      out.set(
        name,
        JSDOC_TYPES.filter(([pattern]) => pattern.test(type)).map(([, tag]) => tag),
      )
    }
  }
  return out
}

const STRING_METHODS = new Set([
  'toLowerCase',
  'toUpperCase',
  'trim',
  'substr',
  'substring',
  'charAt',
  'charCodeAt',
  'split',
  'replace',
  'startsWith',
  'endsWith',
  'padStart',
  'padEnd',
  'normalize',
  'codePointAt',
  'localeCompare',
])
const ARRAY_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'map',
  'filter',
  'forEach',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'join',
  'sort',
  'splice',
  'concat',
])

/** Type hints from how each parameter is used in the body. */
function inferFromUsage(body: Node, facts: ParamFacts[]): void {
  const byName = new Map(facts.map((fact) => [fact.name, fact]))
  const add = (fact: ParamFacts, tag: TypeTag): void => {
    if (!fact.hints.includes(tag)) fact.hints.push(tag)
  }
  walk(body, (node) => {
    // typeof p === 'string'
    if (node.type === 'BinaryExpression' && /^[!=]==?$/.test(node.operator as string)) {
      const [left, right] = [node.left as Node, node.right as Node]
      for (const [a, b] of [
        [left, right],
        [right, left],
      ] as const) {
        if (
          a.type === 'UnaryExpression' &&
          a.operator === 'typeof' &&
          (a.argument as Node).type === 'Identifier' &&
          b.type === 'StringLiteral'
        ) {
          const fact = byName.get((a.argument as Node).name as string)
          const tag = b.value === 'function' ? 'function' : (b.value as string)
          if (fact && (TYPE_TAGS as readonly string[]).includes(tag)) add(fact, tag as TypeTag)
        }
        if (a.type === 'Identifier' && (b.type === 'StringLiteral' || b.type === 'NumericLiteral')) {
          const fact = byName.get(a.name as string)
          if (fact) {
            fact.compared.push(b.value as string | number)
            add(fact, b.type === 'StringLiteral' ? 'string' : 'number')
          }
        }
        if (a.type === 'Identifier' && b.type === 'NullLiteral') {
          const fact = byName.get(a.name as string)
          if (fact) add(fact, 'null')
        }
      }
    }
    if (node.type === 'BinaryExpression' && ['-', '*', '/', '%', '<', '>', '<=', '>=', '**'].includes(node.operator as string)) {
      for (const side of [node.left, node.right] as Node[]) {
        const fact = side.type === 'Identifier' ? byName.get(side.name as string) : undefined
        if (fact) add(fact, 'number')
      }
    }
    // 'throws' in options
    if (
      node.type === 'BinaryExpression' &&
      node.operator === 'in' &&
      (node.right as Node).type === 'Identifier' &&
      (node.left as Node).type === 'StringLiteral'
    ) {
      const fact = byName.get((node.right as Node).name as string)
      if (fact) {
        add(fact, 'object')
        fact.props.push((node.left as Node).value as string)
      }
    }
    if (node.type === 'BinaryExpression' && node.operator === 'instanceof' && (node.left as Node).type === 'Identifier') {
      const fact = byName.get((node.left as Node).name as string)
      const ctor = (node.right as Node).name
      if (fact) add(fact, ctor === 'RegExp' ? 'regexp' : ctor === 'Array' ? 'array' : ctor === 'Buffer' ? 'buffer' : 'instance')
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node
      if (callee.type === 'Identifier') {
        const fact = byName.get(callee.name as string)
        if (fact) add(fact, 'function')
      }
      // Array.isArray(p), Buffer.isBuffer(p)
      if (callee.type === 'MemberExpression' && (callee.object as Node).type === 'Identifier') {
        const owner = (callee.object as Node).name
        const method = (callee.property as Node).name
        const first = (node.arguments as Node[])[0]
        const fact = first?.type === 'Identifier' ? byName.get(first.name as string) : undefined
        if (fact && owner === 'Array' && method === 'isArray') add(fact, 'array')
        if (fact && owner === 'Buffer' && method === 'isBuffer') add(fact, 'buffer')
      }
    }
    if (node.type === 'MemberExpression' && (node.object as Node).type === 'Identifier') {
      const fact = byName.get((node.object as Node).name as string)
      if (!fact) return
      const property = node.property as Node
      if (node.computed) {
        if (property.type === 'StringLiteral') fact.props.push(property.value as string)
        return
      }
      const name = property.name as string
      if (name === 'length') return
      if (STRING_METHODS.has(name)) add(fact, 'string')
      else if (ARRAY_METHODS.has(name)) add(fact, 'array')
      else if (name === 'test' || name === 'exec' || name === 'source' || name === 'flags') add(fact, 'regexp')
      else if (name !== 'call' && name !== 'apply' && name !== 'bind' && name !== 'toString' && name !== 'valueOf') {
        add(fact, 'object')
        if (!fact.props.includes(name)) fact.props.push(name)
      }
    }
  })
  for (const fact of facts) {
    fact.props = unique(fact.props).slice(0, 20)
    fact.compared = unique(fact.compared).slice(0, 20)
  }
}
