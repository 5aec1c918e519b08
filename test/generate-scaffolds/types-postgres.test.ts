/** types from a real PostgreSQL: enums, identity/generated columns, arrays, domains, views, foreign keys. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'
import { postgresAvailable, startPostgres, type PostgresServer } from './postgres-server.js'

const DDL = `
CREATE TYPE post_status AS ENUM ('draft', 'posted', 'failed');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email email NOT NULL UNIQUE,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE profiles (
  user_id bigint PRIMARY KEY REFERENCES users (id),
  bio text,
  settings jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  title varchar(200) NOT NULL,
  status post_status NOT NULL DEFAULT 'draft',
  tags text[] NOT NULL DEFAULT '{}',
  statuses post_status[],
  score double precision NOT NULL DEFAULT 0,
  price numeric(10, 2),
  is_pinned boolean NOT NULL DEFAULT false,
  title_length integer GENERATED ALWAYS AS (char_length(title)) STORED,
  external_id uuid
);
CREATE VIEW post_stats AS
  SELECT u.id AS user_id, count(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id;
INSERT INTO users (email) VALUES ('a@example.com');
INSERT INTO posts (user_id, title, status, tags) VALUES (1, 'First', 'posted', '{news}');
`

const USAGE = `import pg from 'pg'
import { expect, it } from 'vitest'
import type { Database, Enums, Tables, TablesInsert } from './lib/database.types.js'

const minimal: TablesInsert<'posts'> = { user_id: '1', title: 'Hello' }
// @ts-expect-error users.id is GENERATED ALWAYS AS IDENTITY: never written
const identity: TablesInsert<'users'> = { id: '1', email: 'a@example.com' }
// @ts-expect-error title_length is a generated column
const generated: TablesInsert<'posts'> = { user_id: '1', title: 'x', title_length: 1 }
// @ts-expect-error 'archived' is not a post_status
const bad: Enums<'post_status'> = 'archived'
const statuses: Tables<'posts'>['statuses'] = ['draft', 'posted']
const tags: Tables<'posts'>['tags'] = ['news']
const email: Tables<'users'>['email'] = 'a@example.com'
const stats: Tables<'post_stats'> = { user_id: null, posts: null }
type ProfileFk = Database['public']['Tables']['profiles']['Relationships'][number]
const oneToOne: ProfileFk = { foreignKeyName: 'profiles_user_id_fkey', columns: ['user_id'], isOneToOne: true, referencedRelation: 'users', referencedColumns: ['id'] }
export const used = [minimal, identity, generated, bad, statuses, tags, email, stats, oneToOne]

it('matches what pg returns for a real row (dates as pg parses them)', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  const { rows } = await client.query<Tables<'posts'>>('SELECT * FROM posts')
  const post = rows[0]!
  expect(post.status).toBe('posted')
  expect(post.tags).toEqual(['news'])
  expect(post.user_id).toBe('1')
  expect(post.title_length).toBe(5)
  await client.end()
})
`

// CI installs PostgreSQL (.ci/run); without it this suite fails rather than passing silently.
describe('types from a PostgreSQL database', () => {
  it('has the PostgreSQL server binaries (initdb, pg_ctl) to test against', () => {
    expect(postgresAvailable(), 'install the Debian package postgresql (see .ci/run)').toBe(true)
  })

  let server: PostgresServer
  let project: TempProject
  let url = ''
  let output = ''
  beforeAll(async () => {
    server = await startPostgres()
    url = await server.createDatabase('codex_types')
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(DDL)
    await client.end()
    project = makeProject({ flavour: 'node', dependencies: ['pg'] })
    project.write('usage.test.ts', USAGE)
    const result = await scaffold(project.dir, { kind: 'types', from: url, output: 'lib/database.types.ts' })
    expect(result.notes[0]).toMatch(/^3 tables, 1 views, 1 enums from postgres:\/\/localhost\/codex_types/)
    output = readFileSync(join(project.dir, 'lib/database.types.ts'), 'utf8')
  }, 120_000)
  afterAll(() => {
    project?.remove()
    server?.stop()
  })

  it('typechecks under strict (every expected error present) and passes the linter', () => expectTypecheckAndLint(project.dir), 120_000)

  it('holds for a real row read back through pg', () => expectGeneratedTestsPass(project.dir, 1, { DATABASE_URL: url }), 120_000)

  it('writes fixtures whose SQL loads into a fresh copy of the database (identity, enums, arrays, one-to-one)', async () => {
    const result = await scaffold(project.dir, { kind: 'fixtures', from: url, type: 'profiles', count: 4, format: 'sql', seed: 3 })
    expect(result.notes[0]).toMatch(/^4 users, 4 profiles/)
    await scaffold(project.dir, { kind: 'fixtures', from: url, type: 'posts', count: 25, format: 'sql', seed: 3 })
    const fresh = await server.createDatabase('codex_fixtures')
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: fresh })
    await client.connect()
    try {
      await client.query(DDL.replace(/^INSERT .*$/gm, ''))
      await client.query(readFileSync(join(project.dir, 'fixtures/posts.sql'), 'utf8'))
      const { rows } = await client.query<{ n: string; statuses: string | null }>(
        'SELECT count(*) AS n, max(statuses::text) AS statuses FROM posts',
      )
      expect(rows[0]!.n).toBe('25')
      const sql = readFileSync(join(project.dir, 'fixtures/posts.sql'), 'utf8')
      expect(sql).toContain('INSERT INTO "users" ("id", "email", "display_name", "created_at") OVERRIDING SYSTEM VALUE VALUES')
    } finally {
      await client.end()
    }
  }, 60_000)

  it('maps Postgres types as they arrive: bigint and numeric as text, enums by name, domains by base type', () => {
    expect(output).toContain("      post_status: 'draft' | 'posted' | 'failed'\n")
    expect(output).toContain("          status: Database['public']['Enums']['post_status']\n")
    expect(output).toContain("          statuses: Database['public']['Enums']['post_status'][] | null\n")
    expect(output).toContain('          /** numeric(10,2) */\n          price: string | null\n')
    expect(output).toContain('          /** email */\n          email: string\n')
    expect(output).toContain('          /** timestamp with time zone */\n          created_at: string\n')
    expect(output).not.toContain('password')
  })
})
