import { describe, expect, it } from 'vitest'
import { parseJsonReport, parseTap } from './frameworks.js'

describe('reading test runs', () => {
  it("reads node:test's TAP, nested suites included, and counts only tests", () => {
    const tap = [
      'TAP version 13',
      '# Subtest: lib',
      '    # Subtest: slugify()',
      "        # Subtest: returns 'a-b' for ('A B')",
      "        ok 1 - returns 'a-b' for ('A B')",
      '        # Subtest: throws TypeError for (1)',
      '        not ok 2 - throws TypeError for (1)',
      '        1..2',
      '    not ok 1 - slugify()',
      '    1..1',
      'not ok 1 - lib',
      '1..1',
    ].join('\n')
    const report = parseTap(tap)
    expect([...report.passed]).toEqual(["lib slugify() returns 'a-b' for ('A B')"])
    expect([...report.failed]).toEqual(['lib slugify() throws TypeError for (1)'])
  })

  it("reads mocha's JSON reporter and vitest/jest's JSON (after any noise on stdout)", () => {
    const mocha = parseJsonReport(
      'mocha',
      'log line\n' + JSON.stringify({ passes: [{ fullTitle: 'a b c' }], failures: [{ fullTitle: 'a b d' }] }),
    )
    expect([...mocha.passed]).toEqual(['a b c'])
    expect([...mocha.failed]).toEqual(['a b d'])
    const jest = parseJsonReport(
      'vitest',
      JSON.stringify({
        testResults: [
          {
            assertionResults: [
              { ancestorTitles: ['lib', 'f()'], title: 'returns 1', status: 'passed' },
              { ancestorTitles: ['lib'], title: 'x', status: 'failed' },
            ],
          },
        ],
      }),
    )
    expect([...jest.passed]).toEqual(['lib f() returns 1'])
    expect([...jest.failed]).toEqual(['lib x'])
  })
})
