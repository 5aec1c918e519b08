/**
 * The scaffold template language: logic-less on purpose, so templates stay data. `<%= path %>`
 * inserts a value (optionally `| json`, `| pascal`, ...); `<% if a && !b %>`, `<% else %>`,
 * `<% for item in list %>` and `<% end %>` are blocks. A block tag alone on its line takes the line
 * with it. The `<% %>` delimiters clash with neither JSX `{{ }}` nor GitHub Actions `${{ }}`.
 */
import { UserInputError } from '../../../core/errors.js'
import { tsString } from './literal.js'

export type TemplateVars = Record<string, unknown>

type Node =
  | { type: 'text'; text: string }
  | { type: 'value'; path: string; filters: string[]; line: number }
  | { type: 'if'; test: string; then: Node[]; else: Node[]; line: number }
  | { type: 'for'; name: string; path: string; body: Node[]; line: number }

export class TemplateError extends UserInputError {
  constructor(name: string, line: number, message: string) {
    super(`Template ${name}, line ${line}: ${message}`, { code: 'template_error' })
  }
}

const FILTERS: Record<string, (value: string) => string> = {
  json: (v) => JSON.stringify(v),
  ts: (v) => tsString(v),
  upper: (v) => v.toUpperCase(),
  lower: (v) => v.toLowerCase(),
  camel: (v) =>
    words(v)
      .map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w)))
      .join(''),
  pascal: (v) => words(v).map(capitalize).join(''),
  kebab: (v) =>
    words(v)
      .map((w) => w.toLowerCase())
      .join('-'),
  snake: (v) =>
    words(v)
      .map((w) => w.toLowerCase())
      .join('_'),
  constant: (v) =>
    words(v)
      .map((w) => w.toUpperCase())
      .join('_'),
}

/** `PostCard`, `post-card`, `post_card`, `postCard` → ['Post', 'Card']-like word lists. */
export function words(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
}

export function applyFilter(name: string, value: string): string {
  const filter = FILTERS[name]
  if (!filter) throw new Error(`unknown filter "${name}" (known: ${Object.keys(FILTERS).join(', ')})`)
  return filter(value)
}

/** A tag; its body is trimmed in code (`\s*` around a lazy body made an unclosed tag cubic to scan). */
const TAG = /<%(=?)([\s\S]*?)%>/g
/** A block tag (not `<%=`) alone on its line, with the line's indentation and end. */
const STANDALONE = /^[ \t]*(<%(?!=)[\s\S]*?%>)[ \t]*(?:\r?\n|$)/gm

export function parseTemplate(name: string, source: string): Node[] {
  const text = source.replace(STANDALONE, '$1')
  const root: Node[] = []
  const stack: { nodes: Node[]; block?: Extract<Node, { type: 'if' | 'for' }>; inElse?: boolean }[] = [{ nodes: root }]
  let last = 0
  const lineAt = (index: number) => text.slice(0, index).split('\n').length
  const top = () => stack[stack.length - 1]!
  const push = (node: Node) => top().nodes.push(node)
  for (const match of text.matchAll(TAG)) {
    const index = match.index
    if (index > last) push({ type: 'text', text: text.slice(last, index) })
    last = index + match[0].length
    const line = lineAt(index)
    const isValue = match[1]
    const body = (match[2] ?? '').trim()
    if (isValue) {
      const [path = '', ...filters] = body.split('|').map((s) => s.trim())
      if (!/^[A-Za-z_$][\w$]*(\.[\w$]+)*$/.test(path)) throw new TemplateError(name, line, `"${body}" is not a variable path`)
      for (const f of filters) if (!FILTERS[f]) throw new TemplateError(name, line, `unknown filter "${f}"`)
      push({ type: 'value', path, filters, line })
      continue
    }
    const [keyword = '', ...rest] = body.split(/\s+/)
    if (keyword === 'if') {
      const node: Node = { type: 'if', test: rest.join(' '), then: [], else: [], line }
      push(node)
      stack.push({ nodes: node.then, block: node })
    } else if (keyword === 'else') {
      const frame = top()
      if (frame.block?.type !== 'if' || frame.inElse) throw new TemplateError(name, line, '`else` without `if`')
      stack[stack.length - 1] = { nodes: frame.block.else, block: frame.block, inElse: true }
    } else if (keyword === 'for') {
      const [item, inWord, path] = rest
      if (!item || inWord !== 'in' || !path) throw new TemplateError(name, line, 'write `for item in list`')
      const node: Node = { type: 'for', name: item, path, body: [], line }
      push(node)
      stack.push({ nodes: node.body, block: node })
    } else if (keyword === 'end') {
      if (stack.length === 1) throw new TemplateError(name, line, '`end` without a block')
      stack.pop()
    } else {
      throw new TemplateError(name, line, `unknown tag "${keyword}" (use if, else, for, end or <%= value %>)`)
    }
  }
  if (stack.length > 1) throw new TemplateError(name, top().block!.line, 'block is never closed with `end`')
  if (last < text.length) root.push({ type: 'text', text: text.slice(last) })
  return root
}

function lookup(vars: TemplateVars, path: string): unknown {
  let value: unknown = vars
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value)
}

/** `a && !b`, `a || b.c`: no parentheses; && binds tighter than ||. */
export function evaluateCondition(test: string, vars: TemplateVars): boolean {
  return test.split('||').some((any) =>
    any.split('&&').every((term) => {
      const t = term.trim()
      return t.startsWith('!') ? !truthy(lookup(vars, t.slice(1).trim())) : truthy(lookup(vars, t))
    }),
  )
}

function renderNodes(name: string, nodes: Node[], vars: TemplateVars): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'text') out += node.text
    else if (node.type === 'value') {
      const value = lookup(vars, node.path)
      if (value === undefined || value === null || typeof value === 'object') {
        throw new TemplateError(name, node.line, `"${node.path}" is ${value === undefined ? 'not defined' : 'not a plain value'}`)
      }
      out += node.filters.reduce((v, f) => applyFilter(f, v), String(value))
    } else if (node.type === 'if') {
      out += renderNodes(name, evaluateCondition(node.test, vars) ? node.then : node.else, vars)
    } else {
      const list = lookup(vars, node.path)
      if (!Array.isArray(list)) throw new TemplateError(name, node.line, `"${node.path}" is not a list`)
      list.forEach((item, index) => {
        const loop = { index, first: index === 0, last: index === list.length - 1 }
        out += renderNodes(name, node.body, { ...vars, [node.name]: item, loop })
      })
    }
  }
  return out
}

export function renderTemplate(name: string, source: string, vars: TemplateVars): string {
  return renderNodes(name, parseTemplate(name, source), vars)
}
