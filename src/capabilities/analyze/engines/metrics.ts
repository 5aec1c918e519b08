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

const ID = String.raw`[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*`
/** A default or namespace import before the braces: `React`, `* as path`. */
const HEAD_NAME = new RegExp(String.raw`\*\s*as\s+(${ID})|(${ID})`, 'gu')
/** One import specifier: `a`, `a as b`, `type A`, `'x-y' as z` (the local name is the alias, else the name). */
const SPECIFIER = new RegExp(String.raw`^(?:type\s+)?(${ID}|'[^']*'|"[^"]*")(?:\s+as\s+(${ID}))?$`, 'du')

/**
 * The names a JavaScript import clause (`D, { a as b, type C }`, `* as ns`) binds in the file, with
 * their offsets in the clause: a default or namespace import's name, a specifier's alias, or its name
 * when it has none — not the exported name an alias renames. Read from the text (comments blanked), so
 * the batch scan needs no rule that climbs from every identifier looking for an import.
 */
export function importClauseLocals(clause: string): Array<{ name: string; offset: number }> {
  const text = clause.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length))
  const out: Array<{ name: string; offset: number }> = []
  const brace = text.indexOf('{')
  for (const m of text.slice(0, brace < 0 ? text.length : brace).matchAll(HEAD_NAME)) {
    const name = m[1] ?? m[2]!
    out.push({ name, offset: m.index + m[0].length - name.length })
  }
  if (brace >= 0) {
    const close = text.indexOf('}', brace)
    let at = brace + 1
    for (const part of text.slice(at, close < 0 ? text.length : close).split(',')) {
      const lead = part.length - part.trimStart().length
      const m = SPECIFIER.exec(part.trim())
      if (m) {
        const group = m[2] !== undefined ? 2 : 1
        const name = m[group]!
        if (/^[\p{ID_Start}$_]/u.test(name)) out.push({ name, offset: at + lead + m.indices![group]![0] })
      }
      at += part.length + 1
    }
  }
  return out
}

/**
 * Whether `name` is used in `rest` (the file without the import statement): as a whole word that is
 * not a property (`obj.name`); a spread (`...name`) is a use.
 */
function usedIn(rest: string, name: string): boolean {
  return new RegExp(`(?<![\\w$])(?<![^.]\\.)(?<!^\\.)${name.replace(/[$]/g, '\\$')}(?![\\w$])`).test(rest)
}

/** Python imports whose names the rest of the file never uses. */
function unusedPythonImports(root: SgNode, text: string): SgNode[] {
  const imports = root.findAll({ rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] } })
  const unused: SgNode[] = []
  for (const statement of imports) {
    const locals = statement.findAll({ rule: { any: [{ kind: 'aliased_import' }, { kind: 'dotted_name' }] } })
    const rest = text.slice(0, statement.range().start.index) + text.slice(statement.range().end.index)
    for (const local of locals) {
      let name = local.text()
      if (local.kind() === 'dotted_name' && local.parent()?.kind() === 'aliased_import') continue
      if (local.kind() === 'aliased_import') name = local.field('alias')?.text() ?? name
      if (statement.kind() === 'import_from_statement' && local === statement.field('module_name')) continue
      if (local.kind() === 'dotted_name' && statement.field('module_name')?.text() === name) continue
      name = name.split('.')[0]!
      if (name === '*' || name === '__future__') continue
      if (!usedIn(rest, name)) unused.push(local)
    }
  }
  return unused
}

/** A JavaScript import statement or import clause: where it starts and ends (string indices) and its text. */
interface ImportPart {
  start: number
  end: number
  text: string
}

/**
 * JavaScript imported names the rest of the file never uses (type-only and side-effect imports aside),
 * as string indices: the same computation for the tree (binding) and the batch scan's helper matches.
 */
function unusedJsImports(text: string, statements: ImportPart[], clauses: ImportPart[]): Array<{ name: string; index: number }> {
  const unused: Array<{ name: string; index: number }> = []
  for (const statement of statements) {
    if (/^import\s+type\b|^import\s+['"]/.test(statement.text)) continue
    const rest = text.slice(0, statement.start) + text.slice(statement.end)
    for (const clause of clauses) {
      if (clause.start < statement.start || clause.start >= statement.end) continue
      for (const local of importClauseLocals(clause.text)) {
        if (!usedIn(rest, local.name)) unused.push({ name: local.name, index: clause.start + local.offset })
      }
    }
  }
  return unused
}

/** Where each line of a text starts (string indices). */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** String index → 0-based line and UTF-16 column, by the text's line starts. */
function positionOf(starts: readonly number[], index: number): { line: number; column: number } {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= index) lo = mid
    else hi = mid - 1
  }
  return { line: lo, column: index - starts[lo]! }
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
export const SCAN_IMPORT_CLAUSE = 'codex:import-clause'
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
        [SCAN_IMPORT_CLAUSE]: { kind: 'import_clause' },
      }
  }
}

/** What the batch scan found for this engine in one file: the helper rules it ran, and their matches. */
export interface MetricScan {
  helpers: ReadonlySet<string>
  matches: readonly ScanMatch[]
}

/** The import statements and clauses of the batch scan's helper matches, as string indices. */
function importPartsFromScan(
  text: string,
  starts: readonly number[],
  scanned: readonly ScanMatch[],
): { statements: ImportPart[]; clauses: ImportPart[] } {
  // Scan columns count code points; string indices count UTF-16 units.
  const lineText = (line: number) => text.slice(starts[line] ?? text.length, (starts[line + 1] ?? text.length + 1) - 1)
  const index = (line: number, column: number) => (starts[line] ?? text.length) + utf16Column(lineText(line), column)
  const part = (m: ScanMatch): ImportPart => ({ start: index(m.line, m.column), end: index(m.endLine, m.endColumn), text: m.text ?? '' })
  return {
    statements: scanned.filter((m) => m.ruleId === SCAN_IMPORT).map(part),
    clauses: scanned.filter((m) => m.ruleId === SCAN_IMPORT_CLAUSE).map(part),
  }
}

/** The import statements and clauses of a JavaScript tree, as string indices. */
function importPartsFromTree(root: SgNode): { statements: ImportPart[]; clauses: ImportPart[] } {
  const part = (n: SgNode): ImportPart => {
    const range = n.range()
    return { start: range.start.index, end: range.end.index, text: n.text() }
  }
  return {
    statements: root.findAll({ rule: { kind: 'import_statement' } }).map(part),
    clauses: root.findAll({ rule: { kind: 'import_clause' } }).map(part),
  }
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
      if (language === 'python') {
        for (const n of unusedPythonImports(node(), text)) push(rule, n, `${rule.message} (\`${n.text()}\`)`, true)
        continue
      }
      const starts = lineStarts(text)
      const parts =
        scan && scan.helpers.has(SCAN_IMPORT) && scan.helpers.has(SCAN_IMPORT_CLAUSE)
          ? importPartsFromScan(text, starts, scan.matches)
          : importPartsFromTree(node())
      for (const { name, index } of unusedJsImports(text, parts.statements, parts.clauses)) {
        const at = positionOf(starts, index)
        matches.push({
          rule,
          engine: 'metrics',
          line: at.line + 1,
          column: at.column + 1,
          endLine: at.line + 1,
          endColumn: at.column + name.length + 1,
          message: `${rule.message} (\`${name}\`)`,
        })
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
