/** Guessing a pasted snippet's language (`code` without `language` over HTTP and MCP). */
import { describe, expect, it } from 'vitest'
import { guessLanguage } from './guess-language.js'

describe('guessLanguage', () => {
  it('recognises each language from its usual first lines', () => {
    expect(guessLanguage('def total(items):\n    return sum(items)')).toBe('python')
    expect(guessLanguage('from a.b import c as d\n')).toBe('python')
    expect(guessLanguage('FROM node:20\nRUN npm ci')).toBe('dockerfile')
    expect(guessLanguage('{"name": "x"}')).toBe('json')
    expect(guessLanguage('#!/bin/bash\necho hi')).toBe('bash')
    expect(guessLanguage('services:\n  web:\n    image: nginx')).toBe('yaml')
    expect(guessLanguage('export const Card = () => <div>hi</div>')).toBe('tsx')
    expect(guessLanguage('const total = items.reduce((a, b) => a + b, 0);')).toBe('typescript')
  })

  it('answers at once on large bodies built to make patterns backtrack (each took seconds to minutes before)', () => {
    const bodies = [
      '\n'.repeat(200_000), // `^\s*FROM` with the m flag: quadratic
      `def aa${'a'.repeat(200_000)}`,
      `a${'<aa'.repeat(70_000)}`, // `<a[^>]*>[\s\S]*</a>`: quadratic
      '<a>'.repeat(70_000),
      ' \t\n'.repeat(70_000),
    ]
    for (const body of bodies) expect(['typescript', 'python']).toContain(guessLanguage(body))
  })
})
