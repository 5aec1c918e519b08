import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confinePath, PathEscapeError } from '../../src/agents/index.js'

function workspace(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'codex-confine-'))
  const root = join(base, 'ws')
  const outside = join(base, 'outside')
  mkdirSync(join(root, 'src'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.txt'), 'secret')
  writeFileSync(join(root, 'src', 'a.py'), 'x = 1\n')
  return { root, outside }
}

describe('confinePath', () => {
  it('resolves relative paths inside the workspace', () => {
    const { root } = workspace()
    expect(confinePath(root, 'src/a.py').relative).toBe('src/a.py')
    expect(confinePath(root, './src//new/b.py').relative).toBe('src/new/b.py')
    expect(confinePath(root, '').relative).toBe('.')
    expect(confinePath(root, '.').relative).toBe('.')
  })

  it.each([
    ['../outside/secret.txt', 'contains ".."'],
    ['src/../../outside', 'contains ".."'],
    ['src/..', 'contains ".."'],
    ['/etc/passwd', 'it is absolute'],
    ['~/.ssh/id_rsa', 'home folder'],
    ['C:\\Windows', 'it is absolute'],
    ['a\0b', 'NUL byte'],
  ])('refuses %j', (path, why) => {
    const { root } = workspace()
    expect(() => confinePath(root, path)).toThrow(PathEscapeError)
    expect(() => confinePath(root, path)).toThrow(why)
  })

  it('refuses a symlink that leads out, for reading and for writing below it', () => {
    const { root, outside } = workspace()
    symlinkSync(outside, join(root, 'link'))
    expect(() => confinePath(root, 'link/secret.txt')).toThrow(/outside the workspace through a symbolic link/)
    expect(() => confinePath(root, 'link/new.txt', { forWrite: true })).toThrow(/outside the workspace/)
    symlinkSync(join(outside, 'secret.txt'), join(root, 'file-link'))
    expect(() => confinePath(root, 'file-link')).toThrow(/symbolic link/)
  })

  it('refuses to write through a dangling symlink, and through any symlink', () => {
    const { root, outside } = workspace()
    symlinkSync(join(outside, 'not-yet.txt'), join(root, 'dangling'))
    expect(() => confinePath(root, 'dangling', { forWrite: true })).toThrow(/symbolic link/)
    symlinkSync(join(root, 'src', 'a.py'), join(root, 'inner-link'))
    expect(confinePath(root, 'inner-link').relative).toBe('inner-link')
    expect(() => confinePath(root, 'inner-link', { forWrite: true })).toThrow(/write to the file it names instead/)
  })
})
