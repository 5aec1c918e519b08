/** fixtures: seeded, realistic, referentially consistent rows that a real SQLite schema accepts; TS output typechecks. */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeProject, scaffold, typecheck, type TempProject } from './helpers.js'

let project: TempProject
beforeAll(() => {
  project = makeProject({ flavour: 'node' })
  copyFileSync(join(import.meta.dirname, 'schema.sql'), join(project.dir, 'schema.sql'))
})
afterAll(() => project.remove())

type Fixtures = Record<string, Record<string, unknown>[]>

describe('generate fixtures', () => {
  it('makes the table and the tables it references, parents first, with foreign keys that point at real parents', async () => {
    const result = await scaffold(project.dir, { kind: 'fixtures', type: 'posts', count: 100, seed: 42 })
    expect(result.verified).toEqual(['120 rows inserted into a scratch copy of the schema with its constraints and foreign keys on'])
    const data = JSON.parse(readFileSync(join(project.dir, 'fixtures/posts.json'), 'utf8')) as Fixtures
    expect(Object.keys(data)).toEqual(['users', 'posts'])
    expect(data.users).toHaveLength(20)
    expect(data.posts).toHaveLength(100)
    const userIds = new Set(data.users!.map((u) => u.id))
    expect(data.posts!.every((p) => userIds.has(p.user_id))).toBe(true)
    expect(new Set(data.users!.map((u) => u.email)).size).toBe(20)
    expect(data.posts!.every((p) => ['draft', 'posted', 'failed'].includes(p.status as string))).toBe(true)
    expect(data.users![0]!.email).toMatch(/^[^@\s]+@[^@\s]+\.\w+$/)
    expect(data.posts![0]!).not.toHaveProperty('title_length')
  })

  it('is deterministic per seed, and differs across seeds', async () => {
    const a = await scaffold(project.dir, { kind: 'fixtures', type: 'posts', count: 100, seed: 42, dry_run: true })
    expect(a.files[0]?.action).toBe('unchanged')
    const b = await scaffold(project.dir, { kind: 'fixtures', type: 'posts', count: 100, seed: 43, dry_run: true })
    expect(b.files[0]?.action).toBe('update')
  })

  it('writes SQL that loads into the real schema, join tables included', async () => {
    await scaffold(project.dir, { kind: 'fixtures', type: 'post tags', count: 30, format: 'sql', seed: 7 })
    const sql = readFileSync(join(project.dir, 'fixtures/post_tags.sql'), 'utf8')
    const db = createClient({ url: ':memory:' })
    await db.executeMultiple(readFileSync(join(project.dir, 'schema.sql'), 'utf8'))
    await db.execute('PRAGMA foreign_keys = ON')
    await db.executeMultiple(sql)
    const counts = (
      await db.execute(
        'SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM "post tags") AS links',
      )
    ).rows[0]!
    expect(Number(counts.users)).toBeGreaterThan(0)
    expect(Number(counts.links)).toBeGreaterThan(0)
    expect((await db.execute('PRAGMA foreign_key_check')).rows).toHaveLength(0)
    db.close()
  })

  it('writes a TypeScript module that typechecks under strict', async () => {
    await scaffold(project.dir, { kind: 'fixtures', type: 'profiles', count: 5, format: 'ts', realistic: false })
    const source = readFileSync(join(project.dir, 'fixtures/profiles.ts'), 'utf8')
    expect(source).toContain("export const profiles = [\n  { user_id: 1, bio: 'bio 1', avatar: null, settings: {} },")
    expect(source).toContain('export const fixtures = { users, profiles }')
    const checked = await typecheck(project.dir)
    expect(checked.output).toBe('')
  }, 120_000)

  it('names the tables when the type is unknown', async () => {
    await expect(scaffold(project.dir, { kind: 'fixtures', type: 'post' })).rejects.toThrow(
      'No table "post". Tables: post tags, posts, profiles, tags, users.',
    )
  })
})
