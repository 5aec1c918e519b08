/**
 * The shared rule harness: every rule file's own positive cases must produce a finding of that rule,
 * and its negative cases none. JavaScript rules are also run through the TypeScript grammar.
 */
import { describe, expect, it } from 'vitest'
import { CATEGORIES } from '../../../core/finding.js'
import { loadRules } from '../engines/rule-loader.js'
import type { Rule, RuleTestCase } from '../engines/rule-schema.js'
import { analyzeText } from '../file-analyzer.js'
import { detectLanguage, LANGUAGES, ruleLanguageCovers, type Language } from '../languages.js'

const { rules } = loadRules()
// CODEX_RULES_FILTER=rules/python runs one folder's cases while writing rules.
const only = process.env.CODEX_RULES_FILTER
const tested = only ? rules.filter((r) => r.source.includes(only)) : rules
const filter = { categories: [...CATEGORIES], standards: [] }

const DEFAULT_FILE: Record<Rule['language'], string> = {
  js: 'case.js',
  ts: 'case.ts',
  python: 'case.py',
  bash: 'case.sh',
  yaml: 'case.yml',
  json: 'case.json',
  dockerfile: 'Dockerfile',
}

function languagesFor(rule: Rule, file: string): Language[] {
  const detected = detectLanguage(file, '#!/bin/bash')
  if (!detected) throw new Error(`test case file ${file} has no analyzable language`)
  return rule.language === 'js' && detected === 'javascript' ? ['javascript', 'typescript'] : [detected]
}

function hits(rule: Rule, testCase: RuleTestCase) {
  const code = typeof testCase === 'string' ? testCase : testCase.code
  const file = (typeof testCase === 'string' ? undefined : testCase.file) ?? DEFAULT_FILE[rule.language]
  return languagesFor(rule, file).map((language) => {
    const outcome = analyzeText(file, language, code, rules, filter)
    const syntaxError = outcome.diagnostics.some((d) => d.kind === 'syntax-error')
    return { language, syntaxError, count: outcome.findings.filter((f) => f.ruleId === rule.id).length }
  })
}

describe('rule pack', () => {
  it('has at least 150 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(150)
  })

  for (const rule of tested) {
    describe(rule.id, () => {
      // ast-grep reports a node kind the grammar lacks only when matching, so try every grammar covered.
      it('compiles for every grammar it covers', () => {
        for (const language of LANGUAGES.filter((l) => ruleLanguageCovers(rule.language, l) && l !== 'dockerfile')) {
          expect(() => analyzeText(DEFAULT_FILE[rule.language], language, '', [rule], filter), language).not.toThrow()
        }
      })
      rule.tests.positive.forEach((testCase, i) => {
        it(`matches positive case ${i + 1}`, () => {
          for (const result of hits(rule, testCase)) {
            // A JavaScript case the TypeScript grammar cannot parse proves nothing about TypeScript.
            if (result.language === 'typescript' && result.syntaxError) continue
            expect(result.count, `${rule.source} (${result.language})`).toBeGreaterThan(0)
          }
        })
      })
      rule.tests.negative.forEach((testCase, i) => {
        it(`ignores negative case ${i + 1}`, () => {
          for (const result of hits(rule, testCase)) {
            expect(result.count, `${rule.source} (${result.language})`).toBe(0)
          }
        })
      })
    })
  }
})
