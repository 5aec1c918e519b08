import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ChangeSet, ChangeSetCommitError, ChangeSetConflictError, realCommitFs, type CommitFs } from './index.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'changeset-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** Every file and folder under root, relative, sorted: what "nothing left behind" is checked against. */
function listing(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const rel = `${prefix}${d.name}`
      return d.isDirectory() ? [`${rel}/`, ...listing(join(dir, d.name), `${rel}/`)] : [rel]
    })
    .sort()
}

describe('ChangeSet', () => {
  it('reads staged content over the disk and writes nothing before commit', () => {
    writeFileSync(join(root, 'a.txt'), 'old\n')
    const tree = new ChangeSet(root)
    tree.overwrite('a.txt', 'new\n')
    tree.create('dir/b.txt', 'b\n')
    expect(tree.read('a.txt')).toBe('new\n')
    expect(tree.read('./dir/../dir/b.txt')).toBe('b\n')
    expect(tree.exists('missing.txt')).toBe(false)
    expect(listing()).toEqual(['a.txt'])
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('old\n')
  })

  it('dry run returns a git-style unified diff and leaves the disk alone', () => {
    writeFileSync(join(root, 'a.txt'), 'one\ntwo\n')
    const tree = new ChangeSet(root)
    tree.overwrite('a.txt', 'one\nthree\n')
    tree.create('new/b.txt', 'hello\n')
    const result = tree.commit({ dryRun: true })
    expect(result.applied).toBe(false)
    expect(result.files.map((f) => [f.path, f.action])).toEqual([
      ['a.txt', 'update'],
      ['new/b.txt', 'create'],
    ])
    expect(result.diff).toContain('diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n')
    expect(result.diff).toContain(
      'diff --git a/new/b.txt b/new/b.txt\nnew file mode 100644\n--- /dev/null\n+++ b/new/b.txt\n@@ -0,0 +1,1 @@\n+hello\n',
    )
    expect(listing()).toEqual(['a.txt'])
  })

  it('redacts secrets in the diff but writes them to disk', () => {
    const tree = new ChangeSet(root)
    tree.create('.env', 'SECRET=s3cr3t\n', { redact: (t) => t.replace(/=.*/g, '=<redacted>'), mode: 0o600 })
    const dry = tree.commit({ dryRun: true })
    expect(dry.diff).toContain('+SECRET=<redacted>')
    expect(dry.diff).not.toContain('s3cr3t')
    tree.commit()
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe('SECRET=s3cr3t\n')
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600)
  })

  it('reports a conflict for an existing file and overwrites nothing without force', () => {
    writeFileSync(join(root, 'a.txt'), 'mine\n')
    const tree = new ChangeSet(root)
    tree.create('a.txt', 'generated\n')
    tree.create('b.txt', 'b\n')
    const dry = tree.commit({ dryRun: true })
    expect(dry.conflicts).toEqual([{ path: 'a.txt', kind: 'exists', message: 'the file exists with other content' }])
    expect(() => tree.commit()).toThrow(ChangeSetConflictError)
    expect(listing()).toEqual(['a.txt'])
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('mine\n')

    const forced = tree.commit({ force: true })
    expect(forced.applied).toBe(true)
    expect(forced.conflicts.map((c) => c.path)).toEqual(['a.txt'])
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('generated\n')
    expect(listing()).toEqual(['a.txt', 'b.txt'])
  })

  it('treats identical existing content as unchanged, not a conflict', () => {
    writeFileSync(join(root, 'a.txt'), 'same\n')
    const tree = new ChangeSet(root)
    tree.create('a.txt', 'same\n')
    const result = tree.commit()
    expect(result.conflicts).toEqual([])
    expect(result.files).toEqual([{ path: 'a.txt', action: 'unchanged', bytes: 5 }])
    expect(result.diff).toBe('')
  })

  it('detects a file changed on disk after it was read', () => {
    writeFileSync(join(root, 'a.txt'), 'v1\n')
    const tree = new ChangeSet(root)
    tree.update('a.txt', (current) => `${current}appended\n`)
    writeFileSync(join(root, 'a.txt'), 'v2 by someone else\n')
    expect(() => tree.commit()).toThrow(/changed on disk/)
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('v2 by someone else\n')
  })

  it('blocks a path that is a directory even with force', () => {
    mkdirSync(join(root, 'a.txt'))
    writeFileSync(join(root, 'file'), 'x')
    const tree = new ChangeSet(root)
    tree.create('a.txt', 'x')
    tree.create('file/child.txt', 'x')
    expect(() => tree.commit({ force: true })).toThrow(ChangeSetConflictError)
    try {
      tree.commit({ force: true })
    } catch (error) {
      expect((error as ChangeSetConflictError).conflicts.map((c) => c.kind)).toEqual(['blocked', 'blocked'])
    }
  })

  it('refuses paths outside the workspace, also through a symlink', () => {
    const tree = new ChangeSet(root)
    expect(() => tree.create('../escape.txt', 'x')).toThrow(/outside the workspace/)
    expect(() => tree.create('/etc/passwd', 'x')).toThrow(/outside the workspace/)
    const outside = mkdtempSync(join(tmpdir(), 'changeset-outside-'))
    symlinkSync(outside, join(root, 'link'))
    expect(() => tree.create('link/x.txt', 'x')).toThrow(/outside the workspace/)
    rmSync(outside, { recursive: true })
  })

  it('deletes files, and a later commit diffs against what the earlier one wrote', () => {
    writeFileSync(join(root, 'gone.txt'), 'bye\n')
    const tree = new ChangeSet(root)
    tree.delete('gone.txt')
    tree.create('kept.txt', '1\n')
    expect(tree.commit().files.map((f) => f.action)).toEqual(['delete', 'create'])
    expect(listing()).toEqual(['kept.txt'])
    tree.overwrite('kept.txt', '2\n')
    expect(tree.commit().diff).toContain('-1\n+2\n')
  })

  it('keeps the mode of an updated file', () => {
    writeFileSync(join(root, 'run.sh'), 'echo 1\n')
    chmodSync(join(root, 'run.sh'), 0o755)
    const tree = new ChangeSet(root)
    tree.overwrite('run.sh', 'echo 2\n')
    tree.commit()
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o755)
  })
})

describe('ChangeSet commit rollback', () => {
  /** The real file system, with the Nth call of one operation failing as a full disk would. */
  function failingOn(op: keyof CommitFs, nth: number): CommitFs {
    let calls = 0
    return {
      ...realCommitFs,
      [op]: (...args: unknown[]) => {
        if (++calls === nth) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
        return (realCommitFs[op] as (...a: unknown[]) => unknown)(...args)
      },
    }
  }

  function seed() {
    mkdirSync(join(root, 'src'))
    writeFileSync(join(root, 'src', 'a.ts'), 'a1\n')
    writeFileSync(join(root, 'src', 'z.ts'), 'z1\n')
    writeFileSync(join(root, 'old.ts'), 'old\n')
  }

  function stage(fs: CommitFs): ChangeSet {
    const tree = new ChangeSet(root, { fs })
    tree.overwrite('src/a.ts', 'a2\n')
    tree.create('src/new/deep/b.ts', 'b\n')
    tree.delete('old.ts')
    tree.overwrite('src/z.ts', 'z2\n')
    return tree
  }

  const before = ['old.ts', 'src/', 'src/a.ts', 'src/z.ts']
  const cases: [keyof CommitFs, number, string][] = [
    ['writeFileSync', 3, 'staging the last file'],
    ['linkSync', 3, 'linking a new file into place'],
    ['renameSync', 2, 'swapping in the last file'],
    ['unlinkSync', 2, 'deleting a file'],
    ['mkdirSync', 2, 'making a nested folder'],
  ]
  for (const [op, nth, when] of cases) {
    it(`leaves the workspace exactly as it was when ${when} fails (${op} #${nth})`, () => {
      seed()
      const tree = stage(failingOn(op, nth))
      expect(() => tree.commit()).toThrow(ChangeSetCommitError)
      expect(listing()).toEqual(before)
      expect(readFileSync(join(root, 'src', 'a.ts'), 'utf8')).toBe('a1\n')
      expect(readFileSync(join(root, 'src', 'z.ts'), 'utf8')).toBe('z1\n')
      expect(readFileSync(join(root, 'old.ts'), 'utf8')).toBe('old\n')
    })
  }

  it('rolls back on a real failure: a file name the file system refuses', () => {
    seed()
    const tree = new ChangeSet(root)
    tree.overwrite('src/a.ts', 'a2\n')
    tree.create(`src/new/${'x'.repeat(300)}.ts`, 'too long\n')
    const error = (() => {
      try {
        tree.commit()
      } catch (e) {
        return e as ChangeSetCommitError
      }
    })()
    expect(error).toBeInstanceOf(ChangeSetCommitError)
    expect(error?.message).toMatch(/rolled back/)
    expect(listing()).toEqual(before)
    expect(existsSync(join(root, 'src', 'new'))).toBe(false)
  })

  it('applies everything when nothing fails', () => {
    seed()
    stage(realCommitFs).commit()
    expect(listing()).toEqual(['src/', 'src/a.ts', 'src/new/', 'src/new/deep/', 'src/new/deep/b.ts', 'src/z.ts'])
    expect(readFileSync(join(root, 'src', 'z.ts'), 'utf8')).toBe('z2\n')
  })
})
