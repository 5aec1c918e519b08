import { describe, expect, it } from 'vitest'
import { deriveRequirement, deriveRuleRequirement, RequirementIndex, textMeets, type Requirement } from './prefilter.js'

const texts = (r: ReturnType<typeof deriveRequirement>) => r?.map((n) => n.text)

describe('deriveRequirement', () => {
  it('takes the longest literal word of a pattern, ignoring metavariables', () => {
    expect(texts(deriveRequirement({ pattern: 'child_process.exec($CMD, $$$REST)' }))).toEqual(['child_process'])
    expect(deriveRequirement({ pattern: '$A == $B' })).toBeUndefined()
  })

  it('needs every branch of `any` to have a requirement, and unions them', () => {
    expect(texts(deriveRequirement({ any: [{ pattern: 'eval($X)' }, { pattern: 'new Function($$$)' }] }))).toEqual(['eval', 'Function'])
    expect(deriveRequirement({ any: [{ pattern: 'eval($X)' }, { kind: 'call_expression' }] })).toBeUndefined()
  })

  it('uses any necessary part of a conjunction, following relations, utils and constraints', () => {
    expect(texts(deriveRequirement({ kind: 'call_expression', has: { pattern: 'innerHTML' } }))).toEqual(['innerHTML'])
    expect(
      texts(deriveRequirement({ kind: 'identifier', inside: { matches: 'handler' } }, { handler: { pattern: 'app.get($$$)' } })),
    ).toEqual(['app'])
    expect(deriveRequirement({ kind: 'string', not: { pattern: 'safe' } })).toBeUndefined()
    expect(texts(deriveRuleRequirement({ pattern: '$F($X)' }, {}, { F: { regex: '^(readFileSync|writeFileSync)$' } }))).toEqual([
      'readFileSync',
      'writeFileSync',
    ])
  })

  it('reads required literals out of regexes, case-insensitively where the regex is', () => {
    expect(texts(deriveRequirement({ kind: 'identifier', regex: '^require$' }))).toEqual(['require'])
    expect(texts(deriveRequirement({ has: { field: 'function', regex: '^console\\.(log|debug)$' } }))).toEqual(['console.'])
    expect(deriveRequirement({ regex: '(?i)-ecb[\'"]$' })).toEqual([{ text: '-ecb', caseInsensitive: true }])
    expect(deriveRequirement({ regex: '^[a-z]+$' })).toBeUndefined()
  })

  it('lets a file through only when a required string occurs', () => {
    expect(
      textMeets(
        [
          { text: 'eval', caseInsensitive: false },
          { text: 'Function', caseInsensitive: false },
        ],
        'x = new Function("a")',
      ),
    ).toBe(true)
    expect(textMeets([{ text: 'eval', caseInsensitive: false }], 'const a = 1')).toBe(false)
    expect(textMeets([{ text: '-ecb', caseInsensitive: true }], "createCipheriv('AES-128-ECB')")).toBe(true)
    expect(textMeets(undefined, '')).toBe(true)
  })
})

describe('RequirementIndex', () => {
  const exact = (...words: string[]): Requirement => words.map((text) => ({ text, caseInsensitive: false }))
  const requirements: Requirement[] = [
    exact('createHash'),
    exact('exec', 'spawn'),
    [{ text: 'select ', caseInsensitive: true }],
    undefined,
    exact('readFileSync', 'readFile'),
    exact(''),
  ]
  const index = new RequirementIndex(requirements)

  it('says "may meet" wherever textMeets says "meets", in one pass for all requirements', () => {
    const samples = [
      "const h = crypto.createHash('md5')",
      'child.spawn(cmd)',
      'db.query("SELECT * FROM t")',
      'fs.readFile(p)',
      'nothing to see',
      '',
      'execSync; createhash',
    ]
    for (const text of samples) {
      const verdicts = index.mayMeet(text)
      requirements.forEach((r, i) => {
        if (textMeets(r, text)) expect(verdicts[i], `${JSON.stringify(text)} / requirement ${i}`).toBe(true)
      })
    }
    expect(index.mayMeet('nothing to see')).toEqual([false, false, false, true, false, true])
    expect(index.mayMeet('fs.readFile(p)')).toEqual([false, false, false, true, true, true])
  })

  it('takes a text with non-ASCII characters as meeting everything (lower-casing can make ASCII of them)', () => {
    expect(index.mayMeet('// naïve\nnothing').every(Boolean)).toBe(true)
  })
})
