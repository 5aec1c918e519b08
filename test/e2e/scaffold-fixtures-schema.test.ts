/**
 * fixtures from a type: a JSON Schema (checked here with ajv), a zod schema (parsed here with the
 * schema itself) and a TypeScript type (the emitted module typechecked here by tsc under strict).
 * Deterministic per seed, realistic by field name, within every constraint the sources state.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTypecheckAndLint, makeProject, scaffold, typecheck, type TempProject } from '../generate-scaffolds/helpers.js'
import { PostSchema } from './scaffold-data/schemas.js'

const DATA = join(import.meta.dirname, 'scaffold-data')
const EMAIL = /^[^@\s]+@[^@\s]+\.\w+$/

let project: TempProject
beforeAll(() => {
  project = makeProject({ flavour: 'node', dependencies: ['zod'] })
  mkdirSync(join(project.dir, 'src'))
  mkdirSync(join(project.dir, 'schemas'))
  for (const file of ['types.ts', 'address.ts', 'schemas.ts']) copyFileSync(join(DATA, file), join(project.dir, 'src', file))
  copyFileSync(join(DATA, 'post.schema.json'), join(project.dir, 'schemas', 'post.schema.json'))
})
afterAll(() => project.remove())

const read = (path: string) => readFileSync(join(project.dir, path), 'utf8')
type Item = Record<string, unknown>

describe('fixtures from a JSON Schema', () => {
  const request = { kind: 'fixtures', from: 'schemas/post.schema.json', type: 'Post', count: 50, seed: 42 }

  it('validate against the schema with ajv, and honour formats, patterns, ranges, enums, unions and optional fields', async () => {
    const result = await scaffold(project.dir, request)
    expect(result.verified).toEqual(['50 items valid against Post in schemas/post.schema.json (JSON Schema)'])
    const items = JSON.parse(read('fixtures/Post.json')) as Item[]
    expect(items).toHaveLength(50)
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    ajv.addSchema(JSON.parse(read('schemas/post.schema.json')) as object)
    const validate = ajv.compile({ $ref: 'https://example.com/post.schema.json#/$defs/Post' })
    for (const item of items) expect(validate(item), JSON.stringify(validate.errors)).toBe(true)
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(items.every((i) => EMAIL.test((i.author as Item).email as string))).toBe(true)
    expect(new Set(items.map((i) => i.status)).size).toBe(4)
    // Optional fields come and go; both branches of the oneOf appear; a nullable date is sometimes null.
    expect(items.some((i) => 'sku' in i) && items.some((i) => !('sku' in i))).toBe(true)
    const kinds = new Set(items.flatMap((i) => ((i.media as Item[] | undefined) ?? []).map((m) => m.kind)))
    expect([...kinds].sort()).toEqual(['image', 'video'])
    expect(items.some((i) => i.publishedOn === null) && items.some((i) => typeof i.publishedOn === 'string')).toBe(true)
  })

  it('is deterministic per seed, and differs across seeds', async () => {
    const same = await scaffold(project.dir, { ...request, dry_run: true })
    expect(same.files[0]?.action).toBe('unchanged')
    const other = await scaffold(project.dir, { ...request, seed: 43, dry_run: true })
    expect(other.files[0]?.action).toBe('update')
  })

  it('a constraint the data cannot meet is refused before anything is written', async () => {
    project.write(
      'schemas/impossible.json',
      JSON.stringify({ type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 5, maximum: 2 } } }),
    )
    await expect(scaffold(project.dir, { kind: 'fixtures', from: 'schemas/impossible.json', type: 'Thing' })).rejects.toThrow(
      /failed verification, nothing was written: the fixtures do not fit Thing \(JSON Schema, schemas\/impossible\.json\):\n {2}\[0\]\.n: (below 5|above 2)/,
    )
  })
})

describe('fixtures from a zod schema', () => {
  it('parse with the schema itself, as JSON and as a typed TypeScript module', async () => {
    const json = await scaffold(project.dir, { kind: 'fixtures', from: 'src/schemas.ts', type: 'PostSchema', count: 40, seed: 7 })
    expect(json.verified).toEqual(['40 items parsed by PostSchema (zod) from src/schemas.ts, in the sandbox'])
    expect(json.notes).toContain(
      'JSON has no dates: Date fields are ISO strings; revive them (new Date(value)) before use, or use --format ts.',
    )
    const items = JSON.parse(read('fixtures/PostSchema.json')) as Item[]
    for (const item of items) expect(PostSchema.safeParse({ ...item, createdAt: new Date(item.createdAt as string) }).error).toBeUndefined()
    expect(items.every((i) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(i.slug as string))).toBe(true)
    expect(items.some((i) => 'website' in i) && items.some((i) => !('website' in i))).toBe(true)

    const ts = await scaffold(project.dir, {
      kind: 'fixtures',
      from: 'src/schemas.ts',
      type: 'PostSchema',
      count: 40,
      seed: 7,
      format: 'ts',
    })
    expect(ts.verified).toEqual(json.verified)
    const source = read('fixtures/PostSchema.ts')
    expect(source).toContain(
      "import type { z } from 'zod'\nimport type { PostSchema } from '../src/schemas.js'\n\nexport const fixtures: z.input<typeof PostSchema>[] = [",
    )
    const module = (await import(pathToFileURL(join(project.dir, 'fixtures/PostSchema.ts')).href)) as { fixtures: unknown[] }
    for (const item of module.fixtures) expect(PostSchema.safeParse(item).error).toBeUndefined()
    expect(JSON.parse(JSON.stringify(module.fixtures))).toEqual(items)
  }, 120_000)

  it('names the schemas a module exports when the type is not one of them', async () => {
    await expect(scaffold(project.dir, { kind: 'fixtures', from: 'src/schemas.ts', type: 'Posts' })).rejects.toMatchObject({
      field: 'type',
      message: 'src/schemas.ts exports no zod schema Posts. Schemas it exports: AuthorSchema, PostSchema.',
    })
  }, 60_000)
})

describe('fixtures from a zod schema, run after run', () => {
  it('reuse what an earlier run transpiled, kept by content hash in .codex/cache, and read a changed module afresh', async () => {
    const cacheDir = join(project.dir, '.codex', 'cache', 'fixtures-zod')
    const cached = () =>
      existsSync(cacheDir)
        ? readdirSync(cacheDir)
            .map((f) => readFileSync(join(cacheDir, f), 'utf8'))
            .join('\n')
        : ''
    const schema = (max: number) =>
      `import { z } from 'zod'\nimport { Slug } from './slug.js'\nexport const NoteSchema = z.object({ title: z.string().min(3).max(${max}), slug: Slug })\n`
    project.write('src/slug.ts', "import { z } from 'zod'\nexport const Slug = z.string().regex(/^[a-z]+$/)\n")
    project.write('src/notes.ts', schema(120))
    const request = { kind: 'fixtures', from: 'src/notes.ts', type: 'NoteSchema', count: 20, seed: 5, force: true }
    const first = await scaffold(project.dir, request)
    expect(first.verified).toEqual(['20 items parsed by NoteSchema (zod) from src/notes.ts, in the sandbox'])
    // Both modules' transpiled text is kept (the schema module and the one it imports).
    expect(cached()).toContain('max(120)')
    expect(cached()).toContain('regex(/^[a-z]+$/)')
    const again = await scaffold(project.dir, request)
    expect(again.files[0]?.action).toBe('unchanged')
    // A changed module is a different text: transpiled again, and its new constraint holds.
    project.write('src/notes.ts', schema(8))
    const changed = await scaffold(project.dir, request)
    expect(changed.verified).toEqual(first.verified)
    const items = JSON.parse(read('fixtures/NoteSchema.json')) as Item[]
    expect(items.every((i) => (i.title as string).length <= 8 && /^[a-z]+$/.test(i.slug as string))).toBe(true)
    expect(cached()).toContain('max(8)')
  }, 120_000)
})

describe('fixtures from a TypeScript type', () => {
  it('emit a module that tsc typechecks against the type under strict, enums, dates, tuples and imported types included', async () => {
    const result = await scaffold(project.dir, { kind: 'fixtures', from: 'src/types.ts', type: 'Post', count: 30, seed: 3, format: 'ts' })
    expect(result.verified).toEqual(["typechecked against Post from src/types.ts by the TypeScript compiler, with the project's options"])
    const source = read('fixtures/Post.ts')
    expect(source).toContain(
      "import type { Post } from '../src/types.js'\nimport { Visibility } from '../src/types.js'\n\nexport const fixtures: Post[] = [",
    )
    expect(source).toMatch(/visibility: Visibility\.(Public|Followers|Private)/)
    expect(source).toMatch(/createdAt: new Date\('2024-\d\d-\d\dT/)
    await expectTypecheckAndLint(project.dir)
    const { fixtures } = (await import(pathToFileURL(join(project.dir, 'fixtures/Post.ts')).href)) as { fixtures: Item[] }
    expect(fixtures.map((f) => f.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(fixtures.every((f) => (f.content as string).length <= 280 && (f.rating as number) >= 0 && (f.rating as number) <= 5)).toBe(true)
    expect(fixtures.every((f) => EMAIL.test((f.author as Item).email as string))).toBe(true)
    expect(fixtures.some((f) => 'publishedAt' in f) && fixtures.some((f) => !('publishedAt' in f))).toBe(true)
  }, 120_000)

  it('the check has teeth: a fixture that breaks the type fails tsc', async () => {
    project.write('fixtures/Broken.ts', read('fixtures/Post.ts').replace(/visibility: Visibility\.\w+/, "visibility: 'public'"))
    try {
      const checked = await typecheck(project.dir)
      expect(checked.output).toMatch(
        /fixtures\/Broken\.ts\(\d+,\d+\): error TS2322: Type '"public"' is not assignable to type 'Visibility'/,
      )
    } finally {
      project.write('fixtures/Broken.ts', 'export {}\n')
    }
  }, 120_000)

  it('writes the same items as JSON, and refuses SQL and unknown types', async () => {
    await scaffold(project.dir, {
      kind: 'fixtures',
      from: 'src/types.ts',
      type: 'Post',
      count: 30,
      seed: 3,
      output: 'fixtures/post-type.json',
    })
    const { fixtures } = (await import(pathToFileURL(join(project.dir, 'fixtures/Post.ts')).href)) as { fixtures: Item[] }
    expect(JSON.parse(read('fixtures/post-type.json'))).toEqual(JSON.parse(JSON.stringify(fixtures)))
    await expect(scaffold(project.dir, { kind: 'fixtures', from: 'src/types.ts', type: 'Post', format: 'sql' })).rejects.toMatchObject({
      field: 'format',
    })
    await expect(
      scaffold(project.dir, { kind: 'fixtures', from: 'src/types.ts', type: 'Posts', source: 'typescript' }),
    ).rejects.toMatchObject({
      field: 'type',
      message: 'src/types.ts exports no type Posts. Exported types: Platform, Visibility, Author, Comment, Post.',
    })
  }, 120_000)

  it("a type that leans on an ambient declaration (@types/node here) is read with the project's full options", async () => {
    project.write('src/job.ts', 'export interface Job {\n  id: number\n  env: NodeJS.Dict<string>\n}\n')
    const result = await scaffold(project.dir, { kind: 'fixtures', from: 'src/job.ts', type: 'Job', count: 5, format: 'ts' })
    expect(result.verified).toEqual(["typechecked against Job from src/job.ts by the TypeScript compiler, with the project's options"])
    expect(read('fixtures/Job.ts')).toContain('export const fixtures: Job[] = [')
    await expectTypecheckAndLint(project.dir)
  }, 120_000)

  it('fixtures the compiler rejects are refused, with its message', async () => {
    project.write('src/tagged.ts', 'export interface Tagged {\n  id: `post-${number}`\n}\n')
    await expect(
      scaffold(project.dir, { kind: 'fixtures', from: 'src/tagged.ts', type: 'Tagged', count: 3, format: 'ts' }),
    ).rejects.toThrow(
      /failed verification, nothing was written: the fixtures do not fit Tagged \(TypeScript, src\/tagged\.ts\):\n {2}line \d+: Type '"[^"]*"' is not assignable to type '`post-\$\{number\}`'/,
    )
    expect(existsSync(join(project.dir, 'fixtures/Tagged.ts'))).toBe(false)
  }, 120_000)
})
