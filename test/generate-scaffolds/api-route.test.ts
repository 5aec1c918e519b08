/** api-route × framework × main options: the output typechecks under strict and its tests pass. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'

const VARIANTS = [
  {
    method: 'POST',
    auth: 'required',
    rate_limit: '30/minute',
    features: ['auth', 'rate-limit', 'validation'],
    fields: ['title:string', 'count:int', 'email?:email'],
  },
  { method: 'GET', auth: 'optional', features: ['auth', 'validation'], fields: ['page:int', 'published:boolean', 'tag?:string'] },
  { method: 'PUT', rate_limit: '5/second', fields: ['id:uuid', 'at:datetime', 'score:number', 'site:url'] },
  { method: 'DELETE', features: [] },
] as const

const SETUPS = [
  { framework: 'next', flavour: 'next', deps: ['next', 'zod'], path: (n: string) => `app/api/${n}/route.ts` },
  { framework: 'express', flavour: 'node', deps: ['express', 'zod'], path: (n: string) => `src/routes/${n}.ts` },
  { framework: 'fastify', flavour: 'node', deps: ['fastify', 'zod'], path: (n: string) => `src/routes/${n}.ts` },
  { framework: 'hono', flavour: 'node', deps: ['hono', 'zod'], path: (n: string) => `src/routes/${n}.ts` },
] as const

const NAMES = ['analytics', 'posts', 'profile-settings', 'sessions']

for (const setup of SETUPS) {
  describe(`api-route for ${setup.framework}`, () => {
    let project: TempProject
    beforeAll(async () => {
      project = makeProject({ flavour: setup.flavour, dependencies: [...setup.deps] })
      for (const [i, variant] of VARIANTS.entries()) {
        // The framework is detected from package.json: no --framework flag.
        const result = await scaffold(project.dir, { kind: 'api-route', path: setup.path(NAMES[i]!), ...variant })
        expect(result.applied).toBe(true)
      }
    }, 60_000)
    afterAll(() => project.remove())

    it('typechecks under strict and passes the linter', () => expectTypecheckAndLint(project.dir), 120_000)

    it('passes its generated tests', async () => {
      // 4 routes: POST (5 tests: ok, 401, forged, 400, not JSON, 429 = 6), GET (ok, anonymous, 400 = 3),
      // PUT (ok, 400, not JSON, 429 = 4), DELETE (ok = 1).
      await expectGeneratedTestsPass(project.dir, 14)
    }, 120_000)

    if (setup.framework === 'next') {
      it('exports only HTTP methods from route.ts, as Next.js requires', () => {
        for (const [i, variant] of VARIANTS.entries()) {
          const route = readFileSync(join(project.dir, setup.path(NAMES[i]!)), 'utf8')
          expect([...route.matchAll(/^export (?:async function|const|function|interface|type) (\w+)/gm)].map((m) => m[1])).toEqual([
            variant.method,
          ])
        }
      })
    }

    it('shares the helpers between routes without conflicts', () => {
      const errors = readFileSync(join(project.dir, setup.flavour === 'next' ? 'lib/api/errors.ts' : 'src/lib/api/errors.ts'), 'utf8')
      expect(errors).toContain('export class ApiError')
    })
  })
}
