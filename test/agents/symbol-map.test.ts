import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSymbolMap, fileSymbols } from '../../src/agents/index.js'

describe('the symbol map', () => {
  it('lists exported JavaScript/TypeScript symbols', () => {
    const ts = [
      'export function add(a: number, b: number): number { return a + b }',
      'function hidden() {}',
      'export class Client { get() {} post() {} #secret() {} constructor() {} }',
      'export const retry = async (fn: () => void) => fn(), LIMIT = 3',
      'export interface Options {}',
      'export type Id = string',
      'export default function () {}',
      "export { hidden as visible } from './x.js'",
    ].join('\n')
    expect(fileSymbols('a.ts', ts)).toEqual([
      'function add(a: number, b: number)',
      'class Client { get, post }',
      'function retry(fn: () => void)',
      'const LIMIT',
      'interface Options',
      'type Id',
      'default export',
      'export { hidden as visible }',
    ])
  })

  it('lists public Python definitions and Bash functions', () => {
    const py =
      'import os\n\ndef fetch(url: str) -> str:\n    pass\n\ndef _private():\n    pass\n\n@dataclass\nclass Post:\n    def __init__(self):\n        pass\n    def save(self):\n        pass\n    def _x(self):\n        pass\n'
    expect(fileSymbols('m.py', py)).toEqual(['def fetch(url: str)', 'class Post: __init__, save'])
    expect(fileSymbols('run.sh', 'greet() { echo hi; }\nfunction main { greet; }\n')).toEqual(['function greet', 'function main'])
    expect(fileSymbols('notes.md', '# hi')).toEqual([])
  })

  it('maps a folder in sorted order, skips dependencies, and fits a size limit', () => {
    const root = mkdtempSync(join(tmpdir(), 'codex-symbols-'))
    mkdirSync(join(root, 'src'))
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true })
    writeFileSync(join(root, 'src', 'b.py'), 'def b():\n    pass\n')
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1\n')
    writeFileSync(join(root, 'README.md'), '# readme\n')
    writeFileSync(join(root, 'node_modules', 'x', 'index.js'), 'export function dep() {}\n')
    expect(buildSymbolMap({ root })).toBe('README.md\nsrc/a.ts: const a\nsrc/b.py: def b()')
    expect(buildSymbolMap({ root, maxChars: 30 })).toBe('README.md\nsrc/a.ts: const a\n[... 1 more files not shown]')
  })
})
