/** env-config: strict typecheck, lint and tests of the loader; the generated files pass the loader; secrets are kept. */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'

const ENVIRONMENTS = ['dev', 'staging', 'prod']
const SECRET = /^[A-Za-z0-9_-]{43}$/

function envFile(dir: string, env: string): Map<string, string> {
  const text = readFileSync(join(dir, `.env.${env}`), 'utf8')
  return new Map([...text.matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]))
}

for (const flavour of ['next', 'node'] as const) {
  describe(`env-config (${flavour} project)`, () => {
    let project: TempProject
    beforeAll(async () => {
      project = makeProject({
        flavour,
        dependencies: flavour === 'next' ? ['next', 'zod'] : ['fastify', 'pg', 'zod'],
        files: { '.gitignore': 'node_modules\n' },
      })
      // A check that the files it wrote pass its own loader, as the app would at start-up.
      project.write(
        'env-files.test.ts',
        [
          "import { readFileSync } from 'node:fs'",
          "import { parseEnv } from 'node:util'",
          "import { expect, it } from 'vitest'",
          `import { loadConfig } from './lib/config${flavour === 'node' ? '.js' : ''}'`,
          `for (const env of ${JSON.stringify(ENVIRONMENTS)}) {`,
          '  it(`.env.${env} passes the loader`, () => {',
          "    const values = parseEnv(readFileSync(`.env.${env}`, 'utf8'))",
          flavour === 'node' ? "    if (env !== 'dev') values.DATABASE_URL = 'postgres://db.internal:5432/app'" : '',
          '    expect(loadConfig(values).APP_ENV).toBe(env)',
          '  })',
          '}',
          '',
        ].join('\n'),
      )
      const result = await scaffold(project.dir, {
        kind: 'env-config',
        environments: ENVIRONMENTS,
        secure: true,
        variables: ['STRIPE_KEY:secret', 'FEATURE_BETA:boolean', 'MAX_ITEMS:int'],
        loader: 'lib/config.ts',
      })
      expect(result.applied).toBe(true)
      expect(result.files.map((f) => `${f.action} ${f.path}`)).toEqual([
        'create .env.dev',
        'create .env.example',
        'create .env.prod',
        'create .env.staging',
        'update .gitignore',
        'create lib/config.test.ts',
        'create lib/config.ts',
      ])
    }, 60_000)
    afterAll(() => project.remove())

    it('typechecks under strict and passes the linter', () => expectTypecheckAndLint(project.dir), 120_000)

    it('passes its generated tests, and its env files pass the loader', () => expectGeneratedTestsPass(project.dir, 8), 120_000)

    it('writes a distinct strong secret per environment, in files only the owner can read', () => {
      const seen = new Set<string>()
      for (const env of ENVIRONMENTS) {
        const values = envFile(project.dir, env)
        for (const key of ['SESSION_SECRET', 'STRIPE_KEY']) {
          expect(values.get(key)).toMatch(SECRET)
          seen.add(values.get(key)!)
        }
        expect(values.get('APP_ENV')).toBe(env)
        expect(statSync(join(project.dir, `.env.${env}`)).mode & 0o777).toBe(0o600)
      }
      expect(seen.size).toBe(6)
      const example = readFileSync(join(project.dir, '.env.example'), 'utf8')
      expect(example).toMatch(/^SESSION_SECRET=$/m)
      expect(readFileSync(join(project.dir, '.gitignore'), 'utf8')).toBe(
        'node_modules\n\n# Environment files hold secrets (codex-agent env-config)\n.env\n.env.*\n!.env.example\n',
      )
    })

    it('never replaces an existing secret, and shows none in a dry-run diff', async () => {
      const before = envFile(project.dir, 'prod')
      writeFileSync(join(project.dir, '.env.prod'), `SESSION_SECRET=${before.get('SESSION_SECRET')}\nCUSTOM=kept\n`)
      const dry = await scaffold(project.dir, {
        kind: 'env-config',
        environments: ENVIRONMENTS,
        secure: true,
        variables: ['STRIPE_KEY:secret', 'FEATURE_BETA:boolean', 'MAX_ITEMS:int'],
        loader: 'lib/config.ts',
        dry_run: true,
      })
      expect(dry.files.filter((f) => f.action !== 'unchanged').map((f) => f.path)).toEqual(['.env.prod'])
      expect(dry.diff).toMatch(/\+STRIPE_KEY=<secret, 43 characters>/)
      expect(dry.diff).not.toContain(before.get('SESSION_SECRET'))
      expect(dry.notes.join('\n')).toMatch(/Kept existing secrets: .*\.env\.prod: SESSION_SECRET/)

      await scaffold(project.dir, {
        kind: 'env-config',
        environments: ENVIRONMENTS,
        secure: true,
        variables: ['STRIPE_KEY:secret', 'FEATURE_BETA:boolean', 'MAX_ITEMS:int'],
        loader: 'lib/config.ts',
      })
      const after = envFile(project.dir, 'prod')
      expect(after.get('SESSION_SECRET')).toBe(before.get('SESSION_SECRET'))
      expect(after.get('CUSTOM')).toBe('kept')
      expect(after.get('STRIPE_KEY')).toMatch(SECRET)
      expect(after.get('STRIPE_KEY')).not.toBe(before.get('STRIPE_KEY'))
    })
  })
}
