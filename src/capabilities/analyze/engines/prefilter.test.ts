import { describe, expect, it } from 'vitest'
import { deriveRequirement, textMeets } from './prefilter.js'

describe('deriveRequirement', () => {
  it('takes the longest literal word of a pattern, ignoring metavariables', () => {
    expect(deriveRequirement({ pattern: 'child_process.exec($CMD, $$$REST)' })).toEqual(['child_process'])
    expect(deriveRequirement({ pattern: '$A == $B' })).toBeUndefined()
  })

  it('needs every branch of `any` to have a word, and unions them', () => {
    expect(deriveRequirement({ any: [{ pattern: 'eval($X)' }, { pattern: 'new Function($$$)' }] })).toEqual(['eval', 'Function'])
    expect(deriveRequirement({ any: [{ pattern: 'eval($X)' }, { kind: 'call_expression' }] })).toBeUndefined()
  })

  it('uses any necessary part of a conjunction, following relations and utils', () => {
    expect(deriveRequirement({ kind: 'call_expression', has: { pattern: 'innerHTML' } })).toEqual(['innerHTML'])
    expect(deriveRequirement({ kind: 'identifier', inside: { matches: 'handler' } }, { handler: { pattern: 'app.get($$$)' } })).toEqual([
      'app',
    ])
    expect(deriveRequirement({ kind: 'string', not: { pattern: 'safe' } })).toBeUndefined()
  })

  it('reads plain literal alternations out of regexes, and nothing out of real regexes', () => {
    expect(deriveRequirement({ kind: 'identifier', regex: '^require$' })).toEqual(['require'])
    expect(deriveRequirement({ has: { regex: '^(escape|unescape)$' } })).toEqual(['escape', 'unescape'])
    expect(deriveRequirement({ regex: 'jwt\\.decode' })).toEqual(['jwt.decode'])
    expect(deriveRequirement({ regex: '^(?i)password$' })).toBeUndefined()
    expect(deriveRequirement({ regex: '^(exec|spawn)Sync?$' })).toBeUndefined()
  })

  it('lets a file through only when a required word occurs', () => {
    expect(textMeets(['eval', 'Function'], 'x = new Function("a")')).toBe(true)
    expect(textMeets(['eval'], 'const a = 1')).toBe(false)
    expect(textMeets(undefined, '')).toBe(true)
  })
})
