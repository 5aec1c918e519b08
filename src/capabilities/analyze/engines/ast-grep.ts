/** The ast-grep engine: parses a file once with tree-sitter and runs every applicable YAML rule on it. */
import { createRequire } from 'node:module'
import { Lang, parse, registerDynamicLanguage, type NapiConfig, type SgRoot } from '@ast-grep/napi'
import type { Language } from '../languages.js'
import type { Rule } from './rule-schema.js'
import { asciiRegexes } from './ascii-regex.js'
import { deriveRuleRequirement, textMeets, type Requirement } from './prefilter.js'
import type { RawMatch } from './raw-match.js'

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

/** Runs each rule whose literal pre-filter the text passes (see prefilter.ts). */
export function runAstGrepRules(root: SgRoot, text: string, rules: Rule[], onRuleError?: (rule: Rule, error: Error) => void): RawMatch[] {
  const matches: RawMatch[] = []
  const node = root.root()
  let lowerText: string | undefined
  const lower = () => (lowerText ??= text.toLowerCase())
  for (const rule of rules) {
    const { config, requirement } = compile(rule)
    if (!textMeets(requirement, text, lower)) continue
    let found
    try {
      found = node.findAll(config)
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
