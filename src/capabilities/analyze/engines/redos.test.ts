/**
 * The ReDoS analysis: which regular expressions a backtracking engine can take super-linear time on,
 * with an attack that shows it, and which findings a file gets.
 */
import { describe, expect, it } from 'vitest'
import { analyzeText, type RuleFilter } from '../file-analyzer.js'
import { parseSource } from './ast-grep.js'
import { analyzeRegex, mayHaveRegexes, reportable, scanRegexes, unescapeJsString, type RedosResult } from './redos.js'

function verdict(source: string, flags = ''): string {
  const v = analyzeRegex(source, flags)
  if (v.status !== 'vulnerable') return v.status
  const r = v.result
  return r.complexity === 'exponential' ? 'exponential' : `polynomial-${r.degree}${r.fromSearch ? '-search' : ''}`
}

/** Runs the attack the analysis gives: more repetitions must take much longer (in V8's own engine). */
function slowsDown(source: string, flags: string, result: RedosResult, small: number, large: number): boolean {
  const re = new RegExp(source, flags)
  const time = (n: number) => {
    const input = result.attack.prefix + result.attack.pump.repeat(n) + result.attack.suffix
    const t = performance.now()
    re.test(input)
    return performance.now() - t
  }
  time(small)
  const a = time(small)
  const b = time(large)
  return b > a * 4 && b > 2
}

describe('ReDoS analysis', () => {
  it('finds exponential backtracking (nested or overlapping quantifiers) when the match can fail', () => {
    expect(verdict('^(a+)+$')).toBe('exponential')
    expect(verdict('^([a-zA-Z0-9]+\\s?)*$')).toBe('exponential')
    expect(verdict('(?:\\d+)*x')).toBe('exponential')
    expect(verdict('^(a|a)*b')).toBe('exponential')
    expect(verdict('^([a-z0-9_.-]+)+@([a-z0-9-]+\\.)+[a-z]{2,}$', 'i')).toBe('exponential')
  })

  it('finds polynomial backtracking, within one attempt and from the search retrying at each position', () => {
    expect(verdict('^ {0,3}\\[(label)\\]: *\\n? *<?([^\\s>]+)>?(?:(?: +\\n? *| *\\n *)(title))? *(?:\\n+|$)')).toBe('polynomial-2')
    expect(verdict('android.+[;\\/]\\s+(Barnes[&\\s]+Noble\\s+|BN[RT])(V?.*)\\s+build', 'i')).toMatch(/^polynomial-[34]$/)
    expect(verdict('\\s+$')).toBe('polynomial-2-search')
    expect(verdict('^\\s+|\\s+$', 'g')).toBe('polynomial-2-search')
    expect(verdict('\\([^)]*\\)|[\\n\\t]', 'g')).toBe('polynomial-2-search')
  })

  it('leaves linear regexes alone: no ambiguity, or a match that cannot fail after the ambiguous part', () => {
    for (const [source, flags] of [
      ['^[a-zA-Z0-9]+(\\s[a-zA-Z0-9]+)*$', ''],
      ['^(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.-]+)?$', ''],
      ['"[^"]*"', ''],
      ['^\\s+', ''],
      ['(a+)+', ''],
      ['(a+)+.', ''],
      ['([+*])+', ''],
      ['[\\\\^$.*+?()[\\]{}|]', 'g'],
      ['^(?:\\s*(<[\\w\\W]+>)[^>]*|#([\\w-]+))$', ''],
      ['^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$', ''],
    ] as const) {
      expect(verdict(source, flags), source).toBe('safe')
    }
  })

  it('gives an attack that really slows V8 down', () => {
    // Each pumped word doubles the exponential cases' work (2^16 → 2^22 steps), and multiplies the
    // quadratic ones' by 64 (2,000 → 16,000 characters).
    for (const [source, flags, small, large] of [
      ['^(a+)+$', '', 8, 11],
      ['^(\\w+\\s?)*$', '', 8, 11],
      ['\\s+$', '', 1000, 8000],
      ['\\([^)]*\\)', '', 1000, 8000],
    ] as const) {
      const v = analyzeRegex(source, flags)
      expect(v.status, source).toBe('vulnerable')
      if (v.status === 'vulnerable') expect(slowsDown(source, flags, v.result, small, large), source).toBe(true)
    }
  })

  it('reports what matters: not every quadratic search (`/a+b/`), but trailing loops and unclosed delimiters', () => {
    const level = (source: string) => {
      const v = analyzeRegex(source)
      return v.status === 'vulnerable' ? reportable(v.result) : undefined
    }
    expect(level('^(a+)+$')).toEqual({ severity: 'medium', confidence: 'medium' })
    expect(level('\\s+$')).toEqual({ severity: 'low', confidence: 'low' })
    expect(level('<[^>]*>')).toEqual({ severity: 'low', confidence: 'low' })
    // Quadratic on "aaaa…" as the search retries, like nearly every unanchored regex: not reported.
    expect(analyzeRegex('a+b').status).toBe('vulnerable')
    expect(level('a+b')).toBeUndefined()
    expect(level('\\d+px')).toBeUndefined()
    expect(level('(\\s*,\\s*)+')).toBeUndefined()
  })

  it('parses what it cannot analyze as unknown, never as safe', () => {
    expect(analyzeRegex('(a').status).toBe('unknown')
    expect(analyzeRegex('(?<x>a)\\k<x>+(?=b)').status).not.toBe('unknown')
    expect(analyzeRegex('\\p{L}+$', 'u').status).not.toBe('unknown')
  })

  it('unescapes JavaScript string literals into regex source', () => {
    expect(unescapeJsString('^\\\\s+\\\\d\\x41\\u0042\\n')).toBe('^\\s+\\dAB\n')
  })
})

describe('ReDoS findings in a file', () => {
  const scan = (code: string) => {
    const root = parseSource('javascript', code).root()
    const r = scanRegexes(root, code)
    return { lines: r.matches.map((m) => `${m.rule.id}@${m.line}:${m.rule.confidence}`), settled: r.settledLines }
  }

  it('reports vulnerable regex literals and constant RegExp patterns, and the lines it settled', () => {
    const code = [
      'const trim = /^\\s+|\\s+$/g',
      "const EMAIL = new RegExp('^([a-z0-9_.-]+)+@example\\\\.com$')",
      'const WS = "[\\\\x20\\\\t\\\\r\\\\n\\\\f]"',
      'const rcomma = new RegExp("^" + WS + "*," + WS + "*")',
      'const ok = /^[a-z]+$/',
      'function search(q) { return new RegExp(q) }',
      "const px = new RegExp('\\\\d+px')",
    ].join('\n')
    const r = scan(code)
    expect(r.lines).toEqual(['js-regex-backtracking@1:low', 'js-regex-backtracking@2:medium'])
    // Line 6 is not a constant; line 7 is quadratic only as a search retried from every position (not reported).
    expect(r.settled.sort()).toEqual([1, 2, 4, 5, 7])
  })

  it('replaces the pattern rules on those lines: a constant RegExp is not "built from a non-constant pattern"', () => {
    const filter: RuleFilter = { categories: ['security'], standards: [], taint: { dirs: [], hash: 'test' } }
    const code = 'const WS = "[\\\\x20\\\\t]"\nconst rcomma = new RegExp("^" + WS + "*," + WS + "*")\nconst evil = /^(a+)+$/\n'
    const ids = analyzeText('app.js', 'javascript', code, [], filter).findings.map((f) => `${f.ruleId}@${f.line}`)
    expect(ids).toEqual(['js-regex-backtracking@3'])
  })

  it('skips files without a regex worth parsing for', () => {
    expect(mayHaveRegexes('const x = a / b + c / d\nconst ok = /^[a-z]+$/')).toBe(false)
    expect(mayHaveRegexes('const trim = /\\s+$/')).toBe(true)
    expect(mayHaveRegexes("const re = new RegExp('^' + word)")).toBe(true)
    expect(mayHaveRegexes("const WORD = '\\\\w+'\nconst re = new RegExp(WORD, 'g')")).toBe(true)
    // Only a pattern that may be a constant is worth it (the data flow handles the others).
    expect(mayHaveRegexes('function f(pattern) { return RegExp(pattern) }')).toBe(false)
  })
})
