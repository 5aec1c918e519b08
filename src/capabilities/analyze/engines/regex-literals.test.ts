import { describe, expect, it } from 'vitest'
import { requiredLiterals } from './regex-literals.js'

const any = (regex: string) => requiredLiterals(regex)?.any

describe('requiredLiterals', () => {
  it('takes the most selective literal run of a sequence', () => {
    expect(any('^console\\.(log|debug|trace)$')).toEqual(['console.'])
    expect(any('^(fs|require\\(\\s*[\'"](node:)?fs[\'"]\\s*\\))\\.exists$')).toEqual(['.exists'])
    expect(any('\\b(AKIA|ASIA)[0-9A-Z]{16}\\b')).toEqual(['AKIA', 'ASIA'])
  })

  it('unions alternatives, and gives up when one alternative has no literal', () => {
    expect(any('^(exec|execSync)$')).toEqual(['exec', 'execSync'])
    expect(any('^(exec|\\w+)$')).toBeUndefined()
    expect(any('(^|\\.)(createCipheriv|createDecipheriv)$')).toEqual(['createCipheriv', 'createDecipheriv'])
  })

  it('drops optional atoms and handles repetition, classes and case-insensitivity', () => {
    expect(any('colou?r')).toEqual(['colo'])
    expect(any('ab+c')).toEqual(['ab'])
    expect(requiredLiterals('(?i)-ecb[\'"]$')).toEqual({ any: ['-ecb'], caseInsensitive: true })
    expect(any('[abc]+')).toBeUndefined()
    expect(any('.*')).toBeUndefined()
  })

  it('is conservative on syntax it does not model', () => {
    expect(any('\\x41BC')).toBeUndefined()
    expect(any('(unclosed')).toBeUndefined()
  })

  it('never claims a literal that a match can lack (checked against real matches)', () => {
    const cases: Array<[string, string[]]> = [
      ['^(jwt|jsonwebtoken)\\.(decode|verify)$', ['jwt.decode', 'jsonwebtoken.verify']],
      ['(?i)^[\'"]?(password|passwd|secret)[\'"]?$', ['"PASSWORD"', 'secret']],
      ['^(?:https?://)?localhost(:\\d+)?$', ['localhost:80', 'http://localhost']],
    ]
    for (const [regex, samples] of cases) {
      const lits = requiredLiterals(regex)!
      const js = new RegExp(regex.replace('(?i)', ''), regex.includes('(?i)') ? 'i' : '')
      for (const s of samples) {
        expect(js.test(s)).toBe(true)
        const hay = lits.caseInsensitive ? s.toLowerCase() : s
        expect(
          lits.any.some((l) => hay.includes(l)),
          `${regex} on ${s}`,
        ).toBe(true)
      }
    }
  })
})
