import { describe, expect, it } from 'vitest'
import { parseRuleFile } from './engines/rule-loader.js'
import { analyzeText } from './file-analyzer.js'

const filter = { categories: ['security', 'performance', 'quality', 'compatibility'] as const, standards: [] }

describe('analyzeText', () => {
  it('keeps the other rules when one rule does not fit the grammar, and says which failed', () => {
    const bad = parseRuleFile(
      'bad.yml',
      `id: bad-kind\ntitle: A kind JavaScript lacks\nlanguage: js\ncategory: quality\nseverity: low\nconfidence: low\nmessage: never matches\nrule: { kind: no_such_kind_anywhere }\ntests: { positive: [a, b], negative: [c, d] }\n`,
    )
    const good = parseRuleFile(
      'good.yml',
      `id: good-eval\ntitle: eval call\nlanguage: js\ncategory: security\nseverity: high\nconfidence: high\nmessage: eval\nrule: { pattern: eval($X) }\ntests: { positive: [a, b], negative: [c, d] }\n`,
    )
    const outcome = analyzeText('a.js', 'javascript', 'eval(x)\n', [bad, good], { ...filter, categories: [...filter.categories] })
    expect(outcome.findings.map((f) => f.ruleId)).toEqual(['good-eval'])
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({ kind: 'engine-error', message: expect.stringMatching(/rule bad-kind \(bad\.yml\) failed/) }),
    ])
  })
})
