/**
 * The metrics engine: measures functions (length, cyclomatic complexity, parameters) and finds
 * imports never referenced, for rules that declare a `metric` and a threshold.
 */
import type { SgNode, SgRoot } from '@ast-grep/napi'
import type { Language } from '../languages.js'
import type { Rule } from './rule-schema.js'
import type { RawMatch } from './raw-match.js'

interface Grammar {
  functions: string[]
  decisions: string[]
}

const JS: Grammar = {
  functions: ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration'],
  decisions: [
    'if_statement',
    'for_statement',
    'for_in_statement',
    'while_statement',
    'do_statement',
    'switch_case',
    'catch_clause',
    'ternary_expression',
  ],
}

const PYTHON: Grammar = {
  functions: ['function_definition'],
  decisions: [
    'if_statement',
    'elif_clause',
    'for_statement',
    'while_statement',
    'except_clause',
    'conditional_expression',
    'boolean_operator',
    'case_clause',
    'for_in_clause',
    'if_clause',
  ],
}

function grammarFor(language: Language): Grammar | undefined {
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return JS
  if (language === 'python') return PYTHON
  return undefined
}

interface Measured {
  node: SgNode
  start: number
  end: number
  complexity: number
}

function anyKind(kinds: string[]) {
  return { rule: { any: kinds.map((kind) => ({ kind })) } }
}

/** Each decision point counts toward the innermost function that contains it. */
function measureFunctions(root: SgNode, grammar: Grammar): Measured[] {
  const functions: Measured[] = root
    .findAll(anyKind(grammar.functions))
    .map((node) => ({ node, start: node.range().start.index, end: node.range().end.index, complexity: 1 }))
    .sort((a, b) => a.start - b.start)
  if (functions.length === 0) return functions
  const decisions = root.findAll(anyKind(grammar.decisions)).map((n) => n.range().start.index)
  // `&&` / `||` in JavaScript are binary_expression nodes with an operator child.
  if (grammar === JS) {
    for (const n of root.findAll({ rule: { kind: 'binary_expression', has: { regex: '^(&&|\\|\\||\\?\\?)$', field: 'operator' } } })) {
      decisions.push(n.range().start.index)
    }
  }
  for (const at of decisions) {
    let innermost: Measured | undefined
    for (const f of functions) {
      if (f.start > at) break
      if (at < f.end) innermost = f
    }
    if (innermost) innermost.complexity++
  }
  return functions
}

function parameterCount(fn: SgNode): number {
  const list = fn.field('parameters')
  if (!list) return fn.field('parameter') ? 1 : 0
  return list.children().filter((c) => c.isNamed() && c.kind() !== 'comment').length
}

function functionName(node: SgNode): string {
  const name = node.field('name')?.text()
  if (name) return name
  const parent = node.parent()
  const declarator = parent?.kind() === 'variable_declarator' || parent?.kind() === 'pair' ? parent : undefined
  return declarator?.field('name')?.text() ?? declarator?.field('key')?.text() ?? '(anonymous)'
}

function unusedImports(root: SgNode, text: string, language: Language): SgNode[] {
  const isPython = language === 'python'
  const imports = isPython
    ? root.findAll({ rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] } })
    : root.findAll({ rule: { kind: 'import_statement' } })
  const unused: SgNode[] = []
  for (const statement of imports) {
    if (!isPython && /^import\s+type\b|^import\s+['"]/.test(statement.text())) continue
    const locals = isPython
      ? statement.findAll({ rule: { any: [{ kind: 'aliased_import' }, { kind: 'dotted_name' }] } })
      : statement.findAll({ rule: { kind: 'identifier', inside: { kind: 'import_clause', stopBy: 'end' } } })
    const rest = text.slice(0, statement.range().start.index) + text.slice(statement.range().end.index)
    for (const local of locals) {
      let name = local.text()
      if (isPython) {
        if (local.kind() === 'dotted_name' && local.parent()?.kind() === 'aliased_import') continue
        if (local.kind() === 'aliased_import') name = local.field('alias')?.text() ?? name
        if (statement.kind() === 'import_from_statement' && local === statement.field('module_name')) continue
        if (local.kind() === 'dotted_name' && statement.field('module_name')?.text() === name) continue
        name = name.split('.')[0]!
      }
      if (name === '*' || name === '__future__') continue
      if (!new RegExp(`(?<![\\w$.])${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(rest)) unused.push(local)
    }
  }
  return unused
}

export function runMetricRules(root: SgRoot, text: string, language: Language, rules: Rule[]): RawMatch[] {
  const grammar = grammarFor(language)
  if (!grammar) return []
  const node = root.root()
  let measured: Measured[] | undefined
  const matches: RawMatch[] = []
  const push = (rule: Rule, n: SgNode, message: string, wholeNode = false) => {
    const range = n.range()
    const endLine = wholeNode ? range.end.line : range.start.line
    matches.push({
      rule,
      engine: 'metrics',
      line: range.start.line + 1,
      column: range.start.column + 1,
      endLine: endLine + 1,
      endColumn: wholeNode ? range.end.column + 1 : range.start.column + 2,
      message,
    })
  }
  for (const rule of rules) {
    const metric = rule.metric
    if (!metric) continue
    if (metric.name === 'unused-import') {
      for (const n of unusedImports(node, text, language)) {
        push(rule, n, `${rule.message} (\`${n.text()}\`)`, true)
      }
      continue
    }
    measured ??= measureFunctions(node, grammar)
    for (const f of measured) {
      const range = f.node.range()
      const value =
        metric.name === 'function-length'
          ? range.end.line - range.start.line + 1
          : metric.name === 'cyclomatic-complexity'
            ? f.complexity
            : parameterCount(f.node)
      if (value > metric.threshold) {
        push(rule, f.node, `${rule.message} \`${functionName(f.node)}\`: ${value} (limit ${metric.threshold})`)
      }
    }
  }
  return matches
}
