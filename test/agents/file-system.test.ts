import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileSystemTool } from '../../src/agents/index.js'

const ctx = { signal: new AbortController().signal }

function setup() {
  const base = mkdtempSync(join(tmpdir(), 'codex-fs-tool-'))
  const root = join(base, 'ws')
  mkdirSync(join(root, 'pkg'), { recursive: true })
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true })
  writeFileSync(join(root, 'pkg', 'util.py'), 'def add(a, b):\n    return a + b\n')
  writeFileSync(join(root, 'node_modules', 'dep', 'index.js'), 'def add')
  writeFileSync(join(base, 'outside.txt'), 'secret')
  return { base, root, tool: createFileSystemTool({ root }) }
}

describe('the file_system tool', () => {
  it('reads, lists (skipping dependency folders) and searches', async () => {
    const { tool } = setup()
    expect(await tool.run({ operation: 'read', path: 'pkg/util.py' }, ctx)).toEqual({ content: 'def add(a, b):\n    return a + b\n' })
    expect((await tool.run({ operation: 'list' }, ctx)).content).toBe('pkg/util.py')
    expect((await tool.run({ operation: 'search', query: 'def add' }, ctx)).content).toBe('pkg/util.py:1: def add(a, b):')
    expect((await tool.run({ operation: 'search', query: 'nothing like this' }, ctx)).content).toBe('No line contains "nothing like this".')
  })

  it('writes files, creating folders, and remembers them as its changes', async () => {
    const { root, tool } = setup()
    expect((await tool.run({ operation: 'write', path: 'new/mod.py', content: 'x = 1\ny = 2\n' }, ctx)).content).toBe(
      'wrote new/mod.py (2 lines)',
    )
    expect(readFileSync(join(root, 'new', 'mod.py'), 'utf8')).toBe('x = 1\ny = 2\n')
    expect([...tool.changes]).toEqual([['new/mod.py', 'x = 1\ny = 2\n']])
  })

  it('applies a unified diff, and a patch that does not apply changes nothing', async () => {
    const { root, tool } = setup()
    const patch = [
      '--- a/pkg/util.py',
      '+++ b/pkg/util.py',
      '@@ -1,2 +1,2 @@',
      '-def add(a, b):',
      '+def add(a: int, b: int) -> int:',
      '     return a + b',
      '--- /dev/null',
      '+++ b/pkg/new.py',
      '@@ -0,0 +1 @@',
      '+VALUE = 3',
      '',
    ].join('\n')
    expect((await tool.run({ operation: 'patch', patch }, ctx)).content).toBe('patched pkg/util.py (2 lines)\npatched pkg/new.py (1 lines)')
    expect(readFileSync(join(root, 'pkg', 'util.py'), 'utf8')).toBe('def add(a: int, b: int) -> int:\n    return a + b\n')
    expect(readFileSync(join(root, 'pkg', 'new.py'), 'utf8')).toBe('VALUE = 3\n')

    const stale = [
      '--- a/pkg/util.py',
      '+++ b/pkg/util.py',
      '@@ -1,2 +1,2 @@',
      '-def sub(a, b):',
      '+def sub(a, c):',
      '     return a - b',
      '',
    ].join('\n')
    const bothFiles = `--- /dev/null\n+++ b/pkg/other.py\n@@ -0,0 +1 @@\n+X = 1\n${stale}`
    await expect(tool.run({ operation: 'patch', patch: bothFiles }, ctx)).rejects.toThrow(/does not apply to pkg\/util.py/)
    expect(existsSync(join(root, 'pkg', 'other.py'))).toBe(false)
  })

  it('refuses escapes: "..", absolute paths and symlinks out', async () => {
    const { base, root, tool } = setup()
    symlinkSync(base, join(root, 'up'))
    await expect(tool.run({ operation: 'read', path: '../outside.txt' }, ctx)).rejects.toThrow(
      /Refused path "..\/outside.txt": it contains ".."/,
    )
    await expect(tool.run({ operation: 'read', path: join(base, 'outside.txt') }, ctx)).rejects.toThrow(/it is absolute/)
    await expect(tool.run({ operation: 'read', path: 'up/outside.txt' }, ctx)).rejects.toThrow(/symbolic link/)
    await expect(tool.run({ operation: 'write', path: 'up/evil.txt', content: 'x' }, ctx)).rejects.toThrow(/symbolic link/)
    const patch = '--- /dev/null\n+++ b/../evil.txt\n@@ -0,0 +1 @@\n+x\n'
    await expect(tool.run({ operation: 'patch', patch }, ctx)).rejects.toThrow(/contains ".."/)
    expect(existsSync(join(base, 'evil.txt'))).toBe(false)
    expect(tool.changes.size).toBe(0)
  })

  it('validates arguments before running', async () => {
    const { tool } = setup()
    await expect(tool.run({ operation: 'delete', path: 'x' }, ctx)).rejects.toThrow(/Invalid arguments for file_system: operation/)
    await expect(tool.run({ operation: 'write', path: 'a.py' }, ctx)).rejects.toThrow('file_system write needs "content".')
    expect(tool.describe({ operation: 'write', path: 'a.py', content: '' })).toBe('write a.py')
  })
})
