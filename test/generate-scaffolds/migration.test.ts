/** migration (SQLite): up and down SQL, proved on a scratch database by the generator and again here on a real file. */
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeProject, scaffold, type TempProject } from './helpers.js'

let project: TempProject
beforeEach(() => {
  project = makeProject({ flavour: 'node' })
  copyFileSync(join(import.meta.dirname, 'schema.sql'), join(project.dir, 'schema.sql'))
  copyFileSync(join(import.meta.dirname, 'schema-next.sql'), join(project.dir, 'schema-next.sql'))
})
afterEach(() => project.remove())

const REQUEST = { kind: 'migration', from: 'schema.sql', to: 'schema-next.sql', name: 'posts_v2', renames: ['posts.body:content'] }

describe('generate migration (sqlite)', () => {
  it('writes up and down SQL that the generator proved on a scratch database', async () => {
    const result = await scaffold(project.dir, REQUEST)
    expect(result.files.map((f) => f.path)).toEqual(['migrations/0001_posts_v2.down.sql', 'migrations/0001_posts_v2.up.sql'])
    expect(result.verified[0]).toMatch(/^up then down on a scratch SQLite database with 15 rows/)
    const up = readFileSync(join(project.dir, 'migrations/0001_posts_v2.up.sql'), 'utf8')
    expect(up).toContain('-- DESTRUCTIVE: Drops column posts.is_pinned: its values are lost.')
    expect(up).toContain(
      'INSERT INTO "__codex_new_posts" ("id", "user_id", "title", "content", "status", "score", "posted_at") SELECT "id", "user_id", "title", "body", "status", "score", "posted_at" FROM "posts";',
    )
    expect(up).toContain('CREATE INDEX posts_user_id ON posts (user_id);')
    expect(up).not.toMatch(/DROP TABLE "users"/)
    const down = readFileSync(join(project.dir, 'migrations/0001_posts_v2.down.sql'), 'utf8')
    expect(down).toContain('DROP TABLE "comments";')
    expect(down).toContain('-- DESTRUCTIVE: Drops table comments: its rows are lost.')
  })

  it('keeps real data through up and down on a database file', async () => {
    await scaffold(project.dir, REQUEST)
    const db = createClient({ url: `file:${join(project.dir, 'app.db')}` })
    await db.executeMultiple(readFileSync(join(project.dir, 'schema.sql'), 'utf8'))
    await db.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com')")
    await db.execute(
      "INSERT INTO posts (user_id, title, body, status, score) VALUES (1, 'First', 'Hello there', 'posted', '7'), (2, 'Second', NULL, 'draft', 2.0)",
    )
    await db.executeMultiple(readFileSync(join(project.dir, 'migrations/0001_posts_v2.up.sql'), 'utf8'))
    const up = (await db.execute('SELECT id, title, content, score, typeof(score) AS t, tags FROM posts ORDER BY id')).rows.map((r) => ({
      ...r,
    }))
    expect(up).toEqual([
      { id: 1, title: 'First', content: 'Hello there', score: 7, t: 'integer', tags: '[]' },
      { id: 2, title: 'Second', content: null, score: 2, t: 'integer', tags: '[]' },
    ])
    await db.execute("INSERT INTO comments (post_id, body) VALUES (1, 'Nice')")
    expect((await db.execute('SELECT comments FROM post_stats WHERE user_id = 1')).rows[0]?.comments).toBe(1)
    await db.executeMultiple(readFileSync(join(project.dir, 'migrations/0001_posts_v2.down.sql'), 'utf8'))
    const down = (await db.execute('SELECT id, title, body, is_pinned FROM posts ORDER BY id')).rows.map((r) => ({ ...r }))
    expect(down).toEqual([
      { id: 1, title: 'First', body: 'Hello there', is_pinned: 0 },
      { id: 2, title: 'Second', body: null, is_pinned: 0 },
    ])
    expect((await db.execute("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('comments', 'posts_user_id')")).rows[0]?.n).toBe(0)
    db.close()
  })

  it('offers a rename hint instead of guessing, and --preserve-data refuses to lose data', async () => {
    const guessed = await scaffold(project.dir, { ...REQUEST, renames: [], dry_run: true })
    expect(guessed.notes).toContain(
      'hint: posts.body was dropped and posts.content added with the same type: if it is a rename, pass --renames posts.body:content to keep its values.',
    )
    expect(guessed.notes).toContain('destructive: Drops column posts.body: its values are lost.')
    await expect(scaffold(project.dir, { ...REQUEST, preserve_data: true })).rejects.toThrow(
      /--preserve-data: this migration would lose data:\n {2}Drops column posts.is_pinned/,
    )
    expect(existsSync(join(project.dir, 'migrations'))).toBe(false)
  })

  it('refuses a migration that does not round-trip, and writes nothing', async () => {
    project.write(
      'broken.sql',
      readFileSync(join(project.dir, 'schema.sql'), 'utf8').replace('display_name TEXT,', 'display_name TEXT NOT NULL,'),
    )
    await expect(scaffold(project.dir, { kind: 'migration', from: 'schema.sql', to: 'broken.sql' })).rejects.toThrow(
      /does not round-trip:\n {2}up failed: .*NOT NULL constraint failed/,
    )
    expect(existsSync(join(project.dir, 'migrations'))).toBe(false)
  })

  it('numbers migrations after the ones in the folder, and says when there is nothing to do', async () => {
    project.write('migrations/0007_earlier.up.sql', '')
    const result = await scaffold(project.dir, REQUEST)
    expect(result.files.map((f) => f.path)).toContain('migrations/0008_posts_v2.up.sql')
    await expect(scaffold(project.dir, { kind: 'migration', from: 'schema.sql', to: 'schema.sql' })).rejects.toThrow(/same schema/)
  })
})
