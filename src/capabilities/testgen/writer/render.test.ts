import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiMember, Shape, TestCase } from '../plan.js'
import { renderTestFile, type RenderOptions } from './render.js'
import { renderLiteral } from './assertions.js'

const MODULE = `
'use strict'
const fs = require('node:fs')
class Counter { constructor(start) { this.count = start } }
module.exports = {
  add: (a, b) => a + b,
  half: (n) => n / 2,
  fail: (why) => { throw new RangeError('bad ' + why) },
  counter: (start) => new Counter(start),
  Counter,
  read: (file, callback) => fs.readFile(file, 'utf8', (error, text) => callback(error && error.code, text)),
  later: async (value) => ({ value }),
}
`

const api: ApiMember[] = [{ path: ['Counter'], name: 'Counter', kind: 'class', params: ['start'] }]
const call = (name: string, args: TestCase['steps'][number]['args']): TestCase['steps'] => [
  { callee: { kind: 'export', path: [name] }, construct: false, args },
]
const lit = (value: Shape extends never ? never : import('../plan.js').Literal): Shape => ({ kind: 'literal', value })
const base = { callbacks: [], mutations: [], reason: 'coverage' as const }

const cases: TestCase[] = [
  {
    ...base,
    steps: call('add', [
      { kind: 'literal', value: 1 },
      { kind: 'literal', value: 2 },
    ]),
    outcome: { kind: 'returned', value: lit(3) },
  },
  {
    ...base,
    steps: call('half', [{ kind: 'literal', value: { $number: 'NaN' } }]),
    outcome: { kind: 'returned', value: lit({ $number: 'NaN' }) },
  },
  {
    ...base,
    steps: call('half', [{ kind: 'literal', value: { $number: '-0' } }]),
    outcome: { kind: 'returned', value: lit({ $number: '-0' }) },
  },
  {
    ...base,
    steps: call('fail', [{ kind: 'literal', value: "it's" }]),
    outcome: { kind: 'threw', error: { kind: 'error', ctor: 'RangeError', message: "bad it's" } },
  },
  {
    ...base,
    steps: call('counter', [{ kind: 'literal', value: 5 }]),
    outcome: { kind: 'returned', value: { kind: 'object', ctor: 'Counter', keys: 1, entries: [['count', lit(5)]] } },
  },
  {
    ...base,
    steps: call('read', [{ kind: 'fixture', name: 'missing.json' }, { kind: 'recorder' }]),
    outcome: { kind: 'returned', value: lit({ $undefined: true }) },
    callbacks: [[1, [[lit('ENOENT'), lit({ $undefined: true })]]]],
  },
  {
    ...base,
    steps: call('read', [{ kind: 'fixture', name: 'text.txt' }, { kind: 'recorder' }]),
    outcome: { kind: 'returned', value: lit({ $undefined: true }) },
    callbacks: [[1, [[lit(null), lit('hello\nworld\n')]]]],
  },
  {
    ...base,
    steps: call('later', [{ kind: 'literal', value: 'x' }]),
    outcome: { kind: 'resolved', value: { kind: 'opaque', type: 'string with a path' } },
  },
]

function options(framework: RenderOptions['framework']): RenderOptions {
  return {
    framework,
    testFormat: 'commonjs',
    moduleFormat: 'commonjs',
    specifier: './lib.js',
    binding: 'lib',
    moduleLabel: 'lib',
    api,
    seed: 7,
  }
}

describe('renderTestFile', () => {
  it('writes node:test tests that run and pass against the module they describe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-render-'))
    writeFileSync(join(dir, 'lib.js'), MODULE)
    const file = renderTestFile(cases, options('node'))
    writeFileSync(join(dir, 'lib.test.js'), file.text)
    // A case with nothing to assert (only an opaque value) is not a test.
    expect(file.tests).toHaveLength(cases.length - 1)
    expect(file.text).toContain('assert.ok(Number.isNaN(result))')
    expect(file.text).toContain('assert.ok(Object.is(result, -0))')
    expect(file.text).toContain("assert.throws(() => lib.fail('it\\'s'), { name: 'RangeError', message: 'bad it\\'s' })")
    expect(file.text).toContain('assert.ok(result instanceof lib.Counter)')
    expect(file.text).toContain('await until(() => calls.length >= 1)')
    const output = execFileSync(process.execPath, ['--test', '--test-reporter=tap', 'lib.test.js'], { cwd: dir, encoding: 'utf8' })
    expect(output).toMatch(/# pass 7/)
    expect(output).toMatch(/# fail 0/)
  })

  it('fails when the module changes behaviour (the assertions are real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-render-'))
    writeFileSync(join(dir, 'lib.js'), MODULE.replace('a + b', 'a - b').replace("'bad '", "'worse '"))
    writeFileSync(join(dir, 'lib.test.js'), renderTestFile(cases, options('node')).text)
    let output = ''
    try {
      execFileSync(process.execPath, ['--test', '--test-reporter=tap', 'lib.test.js'], { cwd: dir, encoding: 'utf8' })
    } catch (error) {
      output = String((error as { stdout?: string }).stdout)
    }
    expect(output).toMatch(/# fail 2/)
  })

  it('uses expect() for vitest and jest, and imports for ES modules', () => {
    const vitest = renderTestFile(cases, { ...options('vitest'), testFormat: 'module', moduleFormat: 'module', specifier: './lib.mjs' })
    expect(vitest.text).toContain("import { describe, expect, it } from 'vitest'")
    expect(vitest.text).toContain("import * as lib from './lib.mjs'")
    expect(vitest.text).toContain('expect(result).toBe(3)')
    expect(vitest.text).toContain('expect(result).toBeInstanceOf(lib.Counter)')
    expect(vitest.text).toContain("expect(() => lib.fail('it\\'s')).toThrow('bad it\\'s')")
    const jest = renderTestFile(cases, options('jest'))
    expect(jest.text).toContain("const lib = require('./lib.js')")
    expect(jest.text).not.toContain("require('vitest')")
  })

  it('gives every test a unique, descriptive title', () => {
    const file = renderTestFile([cases[0] as TestCase, cases[0] as TestCase], options('mocha'))
    expect(file.tests.map((t) => t.title)).toEqual(['returns 3 for (1, 2)', 'returns 3 for (1, 2) (2)'])
    expect(file.tests[0]?.fullTitle).toBe('lib add() returns 3 for (1, 2)')
  })
})

describe('renderLiteral', () => {
  it('writes every kind of input literal as JavaScript', () => {
    expect(renderLiteral({ $undefined: true })).toBe('undefined')
    expect(renderLiteral({ $number: '-Infinity' })).toBe('-Infinity')
    expect(renderLiteral({ $regexp: 'a\\/b', flags: 'gi' })).toBe('/a\\/b/gi')
    expect(renderLiteral({ $bigint: '12' })).toBe('12n')
    expect(renderLiteral({ 'a-b': [1, 'x\n'], c: null })).toBe("{ 'a-b': [1, 'x\\n'], c: null }")
  })
})
