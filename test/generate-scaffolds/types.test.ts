/** types from real SQLite (a database file and a .sql DDL file): strict typecheck, and the types hold for real rows. */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'

const DDL = readFileSync(join(import.meta.dirname, 'schema.sql'), 'utf8')

/** Compile-time checks: each @ts-expect-error must be an error, each plain line must not be. */
const USAGE = `import { createClient } from '@libsql/client'
import { expect, it } from 'vitest'
import type { Database, Enums, Tables, TablesInsert, TablesUpdate } from './lib/database.types.js'

const minimal: TablesInsert<'posts'> = { user_id: 1, title: 'Hello' }
const full: TablesInsert<'posts'> = { id: 7, user_id: 1, title: 'Hi', body: null, status: 'posted', score: 1.5, is_pinned: 1, posted_at: '2024-01-01' }
// @ts-expect-error title is NOT NULL without a default: required on insert
const noTitle: TablesInsert<'posts'> = { user_id: 1 }
// @ts-expect-error title_length is generated: never written
const generated: TablesInsert<'posts'> = { user_id: 1, title: 'x', title_length: 1 }
// @ts-expect-error 'archived' is not one of the CHECK values
const badStatus: Tables<'posts'>['status'] = 'archived'
const role: Enums<'users_role'> = "owner's proxy"
const update: TablesUpdate<'users'> = { display_name: null }
// @ts-expect-error email is NOT NULL
const nullEmail: TablesUpdate<'users'> = { email: null }
const tagLink: TablesInsert<'post tags'> = { post_id: 1, tag_slug: 'news' }
const settings: Tables<'profiles'>['settings'] = { theme: 'dark', sizes: [1, 2] }
const stat: Tables<'post_stats'> = { user_id: null, email: null, posts: null, last_posted_at: null }
type PostsFk = Database['public']['Tables']['posts']['Relationships'][number]
const fk: PostsFk = { foreignKeyName: 'posts_user_id_fkey', columns: ['user_id'], isOneToOne: false, referencedRelation: 'users', referencedColumns: ['id'] }
type ProfileFk = Database['public']['Tables']['profiles']['Relationships'][number]
const oneToOne: ProfileFk['isOneToOne'] = true
export const used = [minimal, full, noTitle, generated, badStatus, role, update, nullEmail, tagLink, settings, stat, fk, oneToOne]

it('matches what SQLite returns for a real row', async () => {
  const db = createClient({ url: 'file:app.db' })
  const { rows } = await db.execute("SELECT id, user_id, title, body, status, score, is_pinned, title_length, posted_at FROM posts WHERE title = 'First'")
  const post = { ...rows[0] } as unknown as Tables<'posts'>
  expect(post.status).toBe('posted')
  expect(post.body).toBeNull()
  expect(post.title_length).toBe(5)
  expect(typeof post.score).toBe('number')
  db.close()
})
`

async function seedDatabase(file: string): Promise<void> {
  const db = createClient({ url: `file:${file}` })
  await db.executeMultiple(DDL)
  await db.execute("INSERT INTO users (email) VALUES ('a@example.com')")
  await db.execute("INSERT INTO posts (user_id, title, status) VALUES (1, 'First', 'posted')")
  db.close()
}

describe('types from a SQLite database file', () => {
  let project: TempProject
  let output = ''
  beforeAll(async () => {
    project = makeProject({ flavour: 'node', dependencies: ['@libsql/client'] })
    await seedDatabase(join(project.dir, 'app.db'))
    project.write('usage.test.ts', USAGE)
    const result = await scaffold(project.dir, { kind: 'types', from: 'app.db', output: 'lib/database.types.ts' })
    expect(result.notes[0]).toBe('5 tables, 1 views, 2 enums from app.db → lib/database.types.ts')
    output = readFileSync(join(project.dir, 'lib/database.types.ts'), 'utf8')
  }, 60_000)
  afterAll(() => project.remove())

  it(
    'typechecks under strict (with every expected error present) and passes the linter',
    () => expectTypecheckAndLint(project.dir),
    120_000,
  )

  it('holds for a real row read back through libsql', () => expectGeneratedTestsPass(project.dir, 1), 120_000)

  it('writes enums, defaults, nullability and relationships as the database declares them', () => {
    expect(output).toContain("      users_role: 'member' | 'admin' | 'owner\\'s proxy'\n")
    expect(output).toMatch(/posts: \{\n {8}Row: \{\n {10}\/\*\* INTEGER \*\/\n {10}id: number\n/)
    expect(output).toContain("          status?: 'draft' | 'posted' | 'failed'\n")
    expect(output).toContain("      'post tags': {\n")
    expect(output).toContain("            referencedRelation: 'users'\n            referencedColumns: ['id']\n")
  })

  it('is deterministic, and the same from the .sql DDL file', async () => {
    copyFileSync(join(import.meta.dirname, 'schema.sql'), join(project.dir, 'schema.sql'))
    const fromSql = await scaffold(project.dir, { kind: 'types', from: 'schema.sql', output: 'lib/database.types.ts', dry_run: true })
    // Only the header (the source name) differs.
    expect(fromSql.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      '- * Database types for app.db, introspected by codex-agent (types). Do not edit by hand:',
      '- * regenerate with `codex-agent generate types --from app.db --output lib/database.types.ts --force`.',
      '+ * Database types for schema.sql, introspected by codex-agent (types). Do not edit by hand:',
      '+ * regenerate with `codex-agent generate types --from schema.sql --output lib/database.types.ts --force`.',
    ])
    const again = await scaffold(project.dir, { kind: 'types', from: 'app.db', output: 'lib/database.types.ts' })
    expect(again.files).toEqual([{ path: 'lib/database.types.ts', action: 'unchanged', bytes: Buffer.byteLength(output) }])
  })

  it('refuses a file that is not a database', async () => {
    project.write('notes.txt', 'hello')
    await expect(scaffold(project.dir, { kind: 'types', from: 'notes.txt' })).rejects.toThrow(/not a SQLite database/)
    await expect(scaffold(project.dir, { kind: 'types', from: '../outside.db' })).rejects.toThrow(/outside the workspace/)
  })
})
