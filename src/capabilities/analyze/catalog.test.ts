import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ruleCatalogMarkdown } from './catalog.js'
import { loadExternalMapping } from './engines/external-mapping.js'
import { loadRules } from './engines/rule-loader.js'
import { familyOf, FAMILIES } from './families.js'

describe('rule catalog and families', () => {
  it('docs/rule-catalog.md is up to date (run `npm run docs:rules`)', () => {
    const committed = readFileSync(new URL('../../../docs/rule-catalog.md', import.meta.url), 'utf8')
    expect(committed).toBe(ruleCatalogMarkdown(loadRules().rules))
  })

  it('maps CWEs to families, and GitHub Actions injections to their own', () => {
    expect(familyOf({ ruleId: 'x', cwe: [78] })).toBe('command-injection')
    expect(familyOf({ ruleId: 'gha-script-injection', cwe: [78, 94] })).toBe('ci-injection')
    expect(familyOf({ ruleId: 'x', cwe: [1333] })).toBe('redos')
    expect(familyOf({ ruleId: 'x', cwe: [9999] })).toBeUndefined()
  })

  it('covers every security family of BENCHMARKS.md §1 for JS/TS and for Python', () => {
    const rules = loadRules().rules.filter((r) => r.category === 'security')
    const wanted = Object.keys(FAMILIES).filter((f) => f !== 'ci-injection' && f !== 'tls')
    for (const language of ['js', 'python'] as const) {
      const covered = new Set(
        rules.filter((r) => r.language === language || (language === 'js' && r.language === 'ts')).map((r) => familyOf(r)),
      )
      // Ruff's bandit rules (mappings/ruff.yml) are part of Python's coverage.
      if (language === 'python') {
        for (const e of loadExternalMapping('ruff').entries)
          if (e.category === 'security') covered.add(familyOf({ id: e.code, cwe: e.cwe }))
      }
      expect(
        wanted.filter((f) => !covered.has(f as never)),
        language,
      ).toEqual([])
    }
  })
})
