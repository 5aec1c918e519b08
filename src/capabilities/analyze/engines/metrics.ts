/**
 * The metrics engine: measures functions (length, cyclomatic complexity, parameters) and finds
 * imports never referenced, for rules that declare a `metric` and a threshold.
 */
import type { Range, SgNode, SgRoot } from '@ast-grep/napi'
import type { Language } from '../languages.js'
import type { Rule } from './rule-schema.js'
import type { RawMatch } from './raw-match.js'
import { utf16Column } from './columns.js'
import type { ScanMatch } from './sg-cli.js'

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
  range: Range
  start: number
  end: number
  complexity: number
}

function anyKind(kinds: string[]) {
  return { rule: { any: kinds.map((kind) => ({ kind })) } }
}

function listFunctions(root: SgNode, grammar: Grammar): Measured[] {
  return root
    .findAll(anyKind(grammar.functions))
    .map((node) => {
      const range = node.range()
      return { node, range, start: range.start.index, end: range.end.index, complexity: 1 }
    })
    .sort((a, b) => a.start - b.start)
}

/** Each decision point counts toward the innermost function that contains it. */
function addComplexity(root: SgNode, grammar: Grammar, functions: Measured[]): void {
  if (functions.length === 0) return
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

/**
 * The names a JavaScript import statement binds in the file: a default or namespace import's name, an
 * import specifier's alias (`b` in `{ a as b }`), or its name when it has no alias — not the exported
 * name an alias renames (`a`). Used by the binding's walk and, as a helper rule, by the batch scan.
 */
const JS_IMPORTED_LOCAL = {
  kind: 'identifier',
  inside: { kind: 'import_clause', stopBy: 'end' as const },
  not: { inside: { kind: 'import_specifier', field: 'name', has: { field: 'alias', kind: 'identifier' } } },
}

/**
 * Whether `name` is used in `rest` (the file without the import statement): as a whole word that is
 * not a property (`obj.name`); a spread (`...name`) is a use.
 */
function usedIn(rest: string, name: string): boolean {
  return new RegExp(`(?<![\\w$])(?<![^.]\\.)(?<!^\\.)${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(rest)
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
      : statement.findAll({ rule: JS_IMPORTED_LOCAL })
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
      if (!usedIn(rest, name)) unused.push(local)
    }
  }
  return unused
}

/** Text that every decision point contains (keywords, `?`, `&&`, `||`, Python's `and`/`or`...). */
const DECISION_TOKEN = /if|for|while|do|case|catch|except|and|or|\?|&&|\|\|/g

function countUpTo(regex: RegExp, text: string, limit: number): number {
  regex.lastIndex = 0
  let n = 0
  while (n < limit && regex.exec(text)) n++
  return n
}

/**
 * Whether some function of the file can exceed the metric's threshold, from the text alone (false
 * only when none can), so files that cannot report are not measured.
 */
function mayExceed(text: string, metric: NonNullable<Rule['metric']>): boolean {
  const threshold = metric.threshold
  switch (metric.name) {
    case 'function-length':
      // More than `threshold` lines = at least `threshold` line breaks.
      return countUpTo(/\n/g, text, threshold) >= threshold
    case 'cyclomatic-complexity':
      // Each decision point has its own keyword or operator in the text.
      return countUpTo(DECISION_TOKEN, text, threshold) >= threshold
    default:
      return true
  }
}

/** Helper rules the batch scan (sg-cli.ts) runs for this engine; their ids cannot clash with rule ids. */
export const SCAN_IMPORT = 'codex:import'
export const SCAN_IMPORT_NAME = 'codex:import-name'
export const scanGateId = (rule: Rule): string => `codex:metric:${rule.id}`

/**
 * ast-grep rules for the batch scan that spare this engine the tree where they can: for each function
 * metric a necessary condition (no match in a file = no function there exceeds the threshold), and
 * for unused imports the import statements and the names they bind, from which the check is exact.
 */
export function metricScanRules(rule: Rule, language: Language): Record<string, Record<string, unknown>> {
  const metric = rule.metric
  if (grammarFor(language) !== JS || !metric) return {}
  const functions = JS.functions.map((kind) => ({ kind }))
  const t = metric.threshold
  switch (metric.name) {
    case 'function-length':
      // More than t lines = at least t line breaks in the function's text.
      return { [scanGateId(rule)]: { any: functions, regex: `^(?:[^\\n]*\\n){${t}}` } }
    case 'cyclomatic-complexity':
      // Complexity > t needs t decision points counted for one function F: the ones inside F, and any
      // `?:`, `&&`, `||` that starts where F starts (F is its left operand). Each has its own keyword
      // or operator, all within F's text or within the outermost such expression's.
      return {
        [scanGateId(rule)]: {
          any: [...functions, { kind: 'ternary_expression' }, { kind: 'binary_expression' }],
          regex: `(?s)^(?:.*?(?:(?-u:\\b)(?:if|for|while|do|case|catch)(?-u:\\b)|\\?|&&|\\|\\|)){${t}}`,
        },
      }
    case 'parameter-count':
      // More than t parameters = a parameter list with at least t + 1 named children.
      return t < 1 ? {} : { [scanGateId(rule)]: { any: functions, has: { field: 'parameters', has: { nthChild: t + 1 } } } }
    case 'unused-import':
      return {
        [SCAN_IMPORT]: { kind: 'import_statement' },
        [SCAN_IMPORT_NAME]: JS_IMPORTED_LOCAL,
      }
  }
}

/** What the batch scan found for this engine in one file: the helper rules it ran, and their matches. */
export interface MetricScan {
  helpers: ReadonlySet<string>
  matches: readonly ScanMatch[]
}

const byPosition = (a: ScanMatch, b: ScanMatch) =>
  a.line - b.line || a.column - b.column || b.endLine - a.endLine || b.endColumn - a.endColumn

/** `unusedImports` (JavaScript) from the scan's import statements and bound names, without the tree. */
function unusedImportsFromScan(text: string, scanned: readonly ScanMatch[]): ScanMatch[] {
  const statements = scanned.filter((m) => m.ruleId === SCAN_IMPORT).sort(byPosition)
  if (statements.length === 0) return []
  const names = scanned.filter((m) => m.ruleId === SCAN_IMPORT_NAME).sort(byPosition)
  const lines = text.split('\n')
  const starts: number[] = []
  let offset = 0
  for (const line of lines) {
    starts.push(offset)
    offset += line.length + 1
  }
  const index = (line: number, column: number) => starts[line]! + utf16Column(lines[line] ?? '', column)
  const unused: ScanMatch[] = []
  for (const statement of statements) {
    if (/^import\s+type\b|^import\s+['"]/.test(statement.text ?? '')) continue
    const start = index(statement.line, statement.column)
    const end = index(statement.endLine, statement.endColumn)
    const rest = text.slice(0, start) + text.slice(end)
    for (const local of names) {
      const at = index(local.line, local.column)
      if (at < start || at >= end) continue
      const name = local.text ?? ''
      if (name === '*' || name === '__future__') continue
      if (!usedIn(rest, name)) {
        unused.push({
          ...local,
          column: utf16Column(lines[local.line] ?? '', local.column),
          endColumn: utf16Column(lines[local.endLine] ?? '', local.endColumn),
        })
      }
    }
  }
  return unused
}

/**
 * Runs the metric rules on one file. `root` is only asked for the tree when a metric needs it; with
 * `scan` (the batch scan's helper matches) that is only where a function may exceed a threshold.
 */
export function runMetricRules(root: Pick<SgRoot, 'root'>, text: string, language: Language, rules: Rule[], scan?: MetricScan): RawMatch[] {
  const grammar = grammarFor(language)
  if (!grammar) return []
  let tree: SgNode | undefined
  const node = () => (tree ??= root.root())
  let measured: Measured[] | undefined
  let withComplexity = false
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
      if (scan?.helpers.has(SCAN_IMPORT) && scan.helpers.has(SCAN_IMPORT_NAME)) {
        for (const m of unusedImportsFromScan(text, scan.matches)) {
          matches.push({
            rule,
            engine: 'metrics',
            line: m.line + 1,
            column: m.column + 1,
            endLine: m.endLine + 1,
            endColumn: m.endColumn + 1,
            message: `${rule.message} (\`${m.text ?? ''}\`)`,
          })
        }
        continue
      }
      for (const n of unusedImports(node(), text, language)) {
        push(rule, n, `${rule.message} (\`${n.text()}\`)`, true)
      }
      continue
    }
    if (!mayExceed(text, metric)) continue
    const gate = scanGateId(rule)
    if (scan?.helpers.has(gate) && !scan.matches.some((m) => m.ruleId === gate)) continue
    measured ??= listFunctions(node(), grammar)
    if (metric.name === 'cyclomatic-complexity' && !withComplexity) {
      addComplexity(node(), grammar, measured)
      withComplexity = true
    }
    for (const f of measured) {
      const range = f.range
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
