/** The names an import clause binds, read from its text (metrics.ts `importClauseLocals`). */
import { describe, expect, it } from 'vitest'
import { importClauseLocals } from './metrics.js'

const names = (clause: string) => importClauseLocals(clause).map(({ name, offset }) => `${name}@${offset}`)

describe('importClauseLocals', () => {
  it('takes default and namespace imports, and each specifier’s local name (the alias when there is one)', () => {
    expect(names('React')).toEqual(['React@0'])
    expect(names('* as path')).toEqual(['path@5'])
    expect(names('React, { useState as useLocal, useEffect }')).toEqual(['React@0', 'useLocal@21', 'useEffect@31'])
    expect(names('Default, * as all')).toEqual(['Default@0', 'all@14'])
  })

  it('skips type keywords, string names, comments and trailing commas', () => {
    expect(names('{ type Config, load }')).toEqual(['Config@7', 'load@15'])
    expect(names("{ 'kebab-name' as kebab }")).toEqual(['kebab@18'])
    expect(names('{\n  a, // b,\n  /* c, */ d,\n}')).toEqual(['a@4', 'd@24'])
    expect(names('{ type as kind }')).toEqual(['kind@10'])
    expect(names('{ $store, _private, ünïcode }')).toEqual(['$store@2', '_private@10', 'ünïcode@20'])
  })
})
