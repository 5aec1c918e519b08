import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { defineGenerator } from './generator.js'
import { describeOptions, parseOptionFlags } from './options-doc.js'

const generator = defineGenerator({
  kind: 'demo',
  summary: 'demo',
  examples: [],
  options: z.strictObject({
    path: z.string().describe('where'),
    rate_limit: z.string().optional(),
    features: z.array(z.enum(['a', 'b'])).optional(),
    count: z.number().int().default(3),
    test: z.boolean().default(true),
  }),
  plan: () => ({ vars: {} }),
})

describe('options from the zod schema', () => {
  it('lists flags, types, choices, defaults and required', () => {
    expect(describeOptions(generator)).toEqual([
      { name: 'path', flag: '--path', type: 'string', required: true, description: 'where' },
      { name: 'rate_limit', flag: '--rate-limit', type: 'string', required: false, description: '' },
      { name: 'features', flag: '--features', type: 'list', required: false, description: '', choices: ['a', 'b'] },
      { name: 'count', flag: '--count', type: 'number', required: false, description: '', default: 3 },
      { name: 'test', flag: '--test', type: 'boolean', required: false, description: '', default: true },
    ])
  })

  it('parses --flag value, --flag=value, lists, numbers and --no-x', () => {
    const options = describeOptions(generator)
    expect(
      parseOptionFlags(options, [
        '--path',
        'a b',
        '--rate-limit=30/minute',
        '--features',
        'a,b',
        '--features',
        'a',
        '--count',
        '5',
        '--no-test',
      ]),
    ).toEqual({
      path: 'a b',
      rate_limit: '30/minute',
      features: ['a', 'b', 'a'],
      count: 5,
      test: false,
    })
    expect(parseOptionFlags(options, ['--test', 'false'])).toEqual({ test: false })
    expect(() => parseOptionFlags(options, ['--nope'])).toThrow(/Unknown option --nope/)
    expect(() => parseOptionFlags(options, ['--path'])).toThrow(/--path needs a value/)
    expect(() => parseOptionFlags(options, ['stray'])).toThrow(/Unexpected argument "stray"/)
  })
})
