import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mineSourceFacts, paramsOf } from './source-facts.js'

function module(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codex-facts-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return join(dir, Object.keys(files)[0] as string)
}

describe('mineSourceFacts', () => {
  it('infers parameter types from how untyped code uses them', () => {
    const file = module({
      'lib.js': `
        function read(file, options = {}, callback) {
          if (typeof options === 'string') options = { encoding: options }
          const strict = 'throws' in options ? options.throws : true
          if (options.mode === 'fast') return callback(null, file.toLowerCase())
          return callback(null, strict)
        }
        function scale(n, factor) { return n * factor }
        function pick(list) { return list.map((x) => x) }
        module.exports = { read, scale, pick }
      `,
    })
    const facts = mineSourceFacts(file)
    const [file_, options, callback] = paramsOf(facts, 'read') ?? []
    expect(file_?.hints).toEqual(expect.arrayContaining(['path', 'string']))
    expect(options?.hints).toEqual(expect.arrayContaining(['object', 'string']))
    expect(options?.props).toEqual(expect.arrayContaining(['throws', 'mode']))
    expect(options?.optional).toBe(true)
    expect(callback?.hints).toEqual(expect.arrayContaining(['callback', 'function']))
    expect(paramsOf(facts, 'scale')?.map((p) => p.hints)).toEqual([['number'], ['number']])
    expect(paramsOf(facts, 'pick')?.[0]?.hints).toContain('array')
  })

  it('collects constants: compared literals, strings, numbers and regular expressions', () => {
    const file = module({
      'lib.js': `
        const UNITS = { kb: 1024, mb: 1048576 }
        function parse(text) {
          if (text === 'auto') return null
          return /^(\\d+)(kb|mb)$/i.exec(text)
        }
        module.exports = { parse, UNITS }
      `,
    })
    const facts = mineSourceFacts(file)
    expect(paramsOf(facts, 'parse')?.[0]?.compared).toEqual(['auto'])
    expect(facts.strings).toEqual(expect.arrayContaining(['auto', 'kb', 'mb']))
    expect(facts.numbers).toEqual(expect.arrayContaining([1024, 1048576]))
    expect(facts.regexps).toContainEqual({ source: '^(\\d+)(kb|mb)$', flags: 'i' })
  })

  it('reads JSDoc tags, TypeScript annotations and a sibling .d.ts', () => {
    const file = module({
      'lib.js': `
        /**
         * @param {number} count
         * @param {string[]} names
         */
        function repeat(count, names) { return names }
        function area(shape) { return shape }
        module.exports = { repeat, area }
      `,
      'lib.d.ts': 'export declare function area(shape: { w: number; h: number } | null): number',
    })
    const facts = mineSourceFacts(file)
    expect(paramsOf(facts, 'repeat')?.map((p) => p.hints)).toEqual([['number'], expect.arrayContaining(['array', 'string'])])
    expect(paramsOf(facts, 'area')?.[0]?.hints).toEqual(expect.arrayContaining(['object', 'null']))
  })

  it('marks functions that read `arguments` as taking more than they declare', () => {
    const file = module({ 'pull.js': 'module.exports = function pull(a) { return arguments.length + a }' })
    const params = paramsOf(mineSourceFacts(file), 'pull')
    expect(params?.map((p) => [p.name, p.rest])).toEqual([
      ['a', false],
      ['more', true],
    ])
  })

  it('does not confuse method names with Object.prototype members', () => {
    const file = module({ 'c.js': 'class C { constructor(x) { this.x = x } toString() { return "c" } }\nmodule.exports = C' })
    const facts = mineSourceFacts(file)
    expect(paramsOf(facts, 'constructor')?.map((p) => p.name)).toEqual(['x'])
    expect(paramsOf(facts, 'hasOwnProperty')).toBeUndefined()
  })
})
