import { describe, expect, it } from 'vitest'
import { minimize, type Replayed } from './minimize.js'
import type { TestCase } from './plan.js'

const testCase = (reason: TestCase['reason']): TestCase => ({
  steps: [{ callee: { kind: 'export', path: [] }, construct: false, args: [] }],
  outcome: { kind: 'returned', value: { kind: 'literal', value: 1 } },
  callbacks: [],
  mutations: [],
  reason,
})

describe('minimize', () => {
  it('keeps the fewest cases that cover what all of them cover, in their original order', () => {
    const cases: Replayed[] = [
      { testCase: testCase('coverage'), covers: ['a:s1'] },
      { testCase: testCase('coverage'), covers: ['a:s1', 'a:s2', 'a:s3'] },
      { testCase: testCase('coverage'), covers: ['a:s2', 'a:s4'] },
      { testCase: testCase('coverage'), covers: ['a:s3'] },
    ]
    expect(minimize(cases, 10)).toEqual([cases[1], cases[2]])
  })

  it('keeps cases kept for a behaviour, an edge case or an error path even without new coverage', () => {
    const cases: Replayed[] = [
      { testCase: testCase('coverage'), covers: ['a:s1'] },
      { testCase: testCase('error-handling'), covers: ['a:s1'] },
      { testCase: testCase('behaviour'), covers: ['a:s1'] },
    ]
    expect(minimize(cases, 10)).toHaveLength(3)
    expect(minimize(cases, 2)).toHaveLength(2)
  })
})
