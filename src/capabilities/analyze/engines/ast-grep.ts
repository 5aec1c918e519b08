/** The ast-grep engine: parses a file once with tree-sitter and runs every applicable YAML rule on it. */
import { createRequire } from 'node:module'
import { Lang, parse, registerDynamicLanguage, type NapiConfig, type SgNode, type SgRoot } from '@ast-grep/napi'
import type { Language } from '../languages.js'
import type { Rule } from './rule-schema.js'
import { asciiRegexes } from './ascii-regex.js'
import { deriveRuleRequirement, textMeets, type Requirement } from './prefilter.js'
import type { RawMatch } from './raw-match.js'
import { utf16Column } from './columns.js'
import { SCAN_SYNTAX, type ScanMatch } from './sg-cli.js'

const require = createRequire(import.meta.url)
let registered = false

/** Python, Bash, YAML and JSON grammars ship as prebuilt tree-sitter parsers loaded at first use. */
function registerLanguages(): void {
  if (registered) return
  registerDynamicLanguage({
    python: require('@ast-grep/lang-python'),
    bash: require('@ast-grep/lang-bash'),
    yaml: require('@ast-grep/lang-yaml'),
    json: require('@ast-grep/lang-json'),
  })
  registered = true
}

export function astGrepLanguage(language: Language): string {
  switch (language) {
    case 'javascript':
      return Lang.JavaScript
    case 'typescript':
      return Lang.TypeScript
    case 'tsx':
      return Lang.Tsx
    case 'python':
    case 'bash':
    case 'yaml':
    case 'json':
      registerLanguages()
      return language
    default:
      throw new Error(`ast-grep has no grammar for ${language}`)
  }
}

export function parseSource(language: Language, text: string): SgRoot {
  return parse(astGrepLanguage(language) as Lang, text)
}

/**
 * A file's tree, parsed when an engine first asks for it: with the batch scan, most files need none
 * (their pattern rules, syntax check and metric pre-checks come from the scan). `asSgRoot()` stands in
 * for an `SgRoot` where one is expected.
 */
export class LazyTree {
  private tree: SgRoot | undefined

  constructor(
    private readonly language: Language,
    private readonly text: string,
  ) {}

  sgRoot(): SgRoot {
    return (this.tree ??= parseSource(this.language, this.text))
  }

  root(): SgNode {
    return this.sgRoot().root()
  }

  asSgRoot(): SgRoot {
    return new Proxy({} as SgRoot, {
      get: (_target, property) => {
        const tree = this.sgRoot() as unknown as Record<PropertyKey, unknown>
        const value = tree[property]
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(tree) : value
      },
    })
  }
}

interface CompiledRule {
  config: NapiConfig
  requirement: Requirement
}

const compiled = new WeakMap<Rule, CompiledRule>()

function compile(rule: Rule): CompiledRule {
  let entry = compiled.get(rule)
  if (!entry) {
    const config: Record<string, unknown> = { rule: asciiRegexes(rule.rule) }
    if (rule.constraints) config.constraints = asciiRegexes(rule.constraints)
    if (rule.utils) config.utils = asciiRegexes(rule.utils)
    entry = { config: config as unknown as NapiConfig, requirement: deriveRuleRequirement(rule.rule, rule.utils, rule.constraints) }
    compiled.set(rule, entry)
  }
  return entry
}

/** First line of a syntax error, or undefined when the tree has none. */
export function findSyntaxError(root: SgRoot): { line: number; message: string } | undefined {
  const error = root.root().find({ rule: { kind: 'ERROR' } })
  if (!error) return undefined
  const line = error.range().start.line + 1
  return { line, message: `syntax error near line ${line}: ${JSON.stringify(error.text().slice(0, 40))}` }
}

/** `findSyntaxError` from the batch scan's `kind: ERROR` matches: the first in tree order. */
export function syntaxErrorFromScan(scanned: readonly ScanMatch[]): { line: number; message: string } | undefined {
  // Pre-order: the earliest start, and of nodes starting there the enclosing one.
  const order = (a: ScanMatch, b: ScanMatch) => a.line - b.line || a.column - b.column || b.endLine - a.endLine || b.endColumn - a.endColumn
  let first: ScanMatch | undefined
  for (const m of scanned) if (m.ruleId === SCAN_SYNTAX && (!first || order(m, first) < 0)) first = m
  if (!first) return undefined
  const line = first.line + 1
  return { line, message: `syntax error near line ${line}: ${JSON.stringify((first.text ?? '').slice(0, 40))}` }
}

/** Runs each rule whose literal pre-filter the text passes (see prefilter.ts). */
export function runAstGrepRules(
  root: Pick<SgRoot, 'root'>,
  text: string,
  rules: Rule[],
  onRuleError?: (rule: Rule, error: Error) => void,
): RawMatch[] {
  const matches: RawMatch[] = []
  let tree: SgNode | undefined
  let lowerText: string | undefined
  const lower = () => (lowerText ??= text.toLowerCase())
  for (const rule of rules) {
    const { config, requirement } = compile(rule)
    if (!textMeets(requirement, text, lower)) continue
    let found
    try {
      found = (tree ??= root.root()).findAll(config)
    } catch (error) {
      // A rule that does not fit this grammar (e.g. a TypeScript-only node kind in a .tsx file) must
      // not cost the file its other findings; the harness checks every grammar, user rules may not.
      onRuleError?.(rule, error as Error)
      continue
    }
    for (const match of found) {
      const range = match.range()
      matches.push({
        rule,
        engine: 'ast-grep',
        line: range.start.line + 1,
        column: range.start.column + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.column + 1,
      })
    }
  }
  return matches
}

/**
 * The batch scanner's matches (sg-cli.ts) for the rules the binding would have run on this file:
 * the same literal pre-filter decides, and each rule's matches come in the binding's order (tree
 * pre-order: by start, the enclosing node first), with the binding's UTF-16 columns.
 */
export function astGrepScanMatches(text: string, rules: Rule[], scanned: readonly ScanMatch[]): RawMatch[] {
  if (scanned.length === 0) return []
  let lowerText: string | undefined
  const lower = () => (lowerText ??= text.toLowerCase())
  const byRule = new Map<string, ScanMatch[]>()
  for (const m of scanned) {
    const list = byRule.get(m.ruleId)
    if (list) list.push(m)
    else byRule.set(m.ruleId, [m])
  }
  // Columns differ only on lines with characters outside the BMP (two UTF-16 units, one code point).
  const lines = /[\uD800-\uDFFF]/.test(text) ? text.split('\n') : undefined
  const column = (line: number, col: number) => (lines ? utf16Column(lines[line] ?? '', col) : col)
  const matches: RawMatch[] = []
  for (const rule of rules) {
    const found = byRule.get(rule.id)
    if (!found || !textMeets(compile(rule).requirement, text, lower)) continue
    found.sort((a, b) => a.line - b.line || a.column - b.column || b.endLine - a.endLine || b.endColumn - a.endColumn)
    for (const m of found) {
      matches.push({
        rule,
        engine: 'ast-grep',
        line: m.line + 1,
        column: column(m.line, m.column) + 1,
        endLine: m.endLine + 1,
        endColumn: column(m.endLine, m.endColumn) + 1,
      })
    }
  }
  return matches
}
