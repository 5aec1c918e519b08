import { parse, Lang } from '@ast-grep/napi'
import { describe, expect, it } from 'vitest'
import { asciiRegex, asciiRegexes } from './ascii-regex.js'

describe('asciiRegex', () => {
  it('rewrites Unicode classes outside and inside character classes', () => {
    expect(asciiRegex('^\\w+\\s*=\\d$')).toBe('^[0-9A-Za-z_]+[\\t\\n\\v\\f\\r ]*=[0-9]$')
    expect(asciiRegex('[\\w.-]+')).toBe('[0-9A-Za-z_.-]+')
    expect(asciiRegex('\\bexec\\b')).toBe('(?-u:\\b)exec(?-u:\\b)')
    expect(asciiRegex('a\\.b\\(')).toBe('a\\.b\\(')
  })

  it('makes (?i) ASCII only when nothing can match a non-UTF-8 byte', () => {
    expect(asciiRegex('(?i)^(secret|token)$')).toBe('(?i-u)^(secret|token)$')
    expect(asciiRegex('(?i)secret.*')).toBe('(?i)secret.*')
    expect(asciiRegex('(?i)[^a]')).toBe('(?i)[^a]')
  })

  it('keeps what rules match, and every rewritten regex compiles in ast-grep', () => {
    const root = parse(Lang.JavaScript, 'const apiSecret = "x"; const other = 1; select_from(a)').root()
    const rule = asciiRegexes({ rule: { kind: 'identifier', regex: '(?i)^\\w*secret\\w*$' } })
    expect(root.findAll(rule).map((n) => n.text())).toEqual(['apiSecret'])
    const words = asciiRegexes({ rule: { kind: 'identifier', regex: '\\bselect_\\w+\\b', not: { regex: '\\W' } } })
    expect(root.findAll(words).map((n) => n.text())).toEqual(['select_from'])
  })
})
