/**
 * `generate env-config`: .env.example, a .env file per environment (strong secrets with --secure),
 * a typed zod config loader with its test, and .gitignore entries. An existing .env file is merged
 * into: its values, secrets above all, are never replaced.
 */
import { randomBytes } from 'node:crypto'
import { posix } from 'node:path'
import ignore from 'ignore'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import type { ChangeSet } from '../../../changeset/index.js'
import { ScaffoldVerificationError } from '../../errors.js'
import { defineGenerator } from '../../generator.js'
import { dotenvValue, readDotenvKeys, redactEnv } from './dotenv.js'
import { defaultVariables, parseVariable, sampleFor, zodFor, type Variable } from './variables.js'

const VARIABLE_TYPES = ['string', 'url', 'port', 'int', 'boolean', 'secret', 'email'] as const

export const EnvConfigOptions = z.strictObject({
  environments: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case names like dev, staging, prod'))
    .min(1)
    .default(['dev', 'staging', 'prod'])
    .describe('Environments, e.g. dev,staging,prod'),
  secure: z.boolean().default(false).describe('Generate strong secrets (32 random bytes) and write env files with mode 0600'),
  variables: z
    .array(
      z
        .string()
        .regex(new RegExp(`^[A-Z_][A-Z0-9_]*(:(${VARIABLE_TYPES.join('|')}))?$`), `write NAME or NAME:type (${VARIABLE_TYPES.join(', ')})`),
    )
    .optional()
    .describe('Extra variables as NAME:type (string, url, port, int, boolean, secret, email)'),
  loader: z.string().optional().describe('Path of the typed config loader (default lib/config.ts, or src/lib/config.ts under src/)'),
  test: z.boolean().default(true).describe('Write a vitest test for the loader'),
})

function importPath(from: string, to: string, extensions: boolean): string {
  const rel = posix.relative(posix.dirname(from), to).replace(/\.tsx?$/, extensions ? '.js' : '')
  return rel.startsWith('.') ? rel : `./${rel}`
}

/** Adds `.env*` (but not .env.example) to .gitignore, unless it already ignores them. */
function ignoreEnvFiles(tree: ChangeSet, environments: string[]): boolean {
  const current = tree.read('.gitignore') ?? ''
  const rules = ignore().add(current)
  const needed: string[] = []
  if (!rules.ignores('.env') || environments.some((e) => !rules.ignores(`.env.${e}`))) needed.push('.env', '.env.*')
  if (needed.length || rules.ignores('.env.example')) needed.push('!.env.example')
  if (!needed.length) return false
  const prefix = current && !current.endsWith('\n') ? '\n' : ''
  tree.update(
    '.gitignore',
    () => `${current}${prefix}${current ? '\n' : ''}# Environment files hold secrets (codex-agent env-config)\n${needed.join('\n')}\n`,
  )
  return true
}

export default defineGenerator({
  kind: 'env-config',
  summary: 'Environment files with generated secrets, a typed zod config loader and .gitignore entries',
  options: EnvConfigOptions,
  examples: [
    'generate env-config --environments dev,staging,prod --secure',
    'generate env-config --variables STRIPE_KEY:secret,FEATURE_BETA:boolean',
  ],
  plan(options, { tree, project }) {
    const environments = [...new Set(options.environments)]
    const loader = options.loader ?? (project.srcDir ? 'src/lib/config.ts' : 'lib/config.ts')
    if (!/\.ts$/.test(loader)) throw new UserInputError('--loader must be a .ts file.', { field: 'loader' })
    const hasAuthHelper = tree.exists('lib/api/auth.ts') || tree.exists('src/lib/api/auth.ts')
    const variables: Variable[] = defaultVariables(project, hasAuthHelper)
    for (const spec of options.variables ?? []) {
      const extra = parseVariable(spec)
      const existing = variables.findIndex((v) => v.name === extra.name)
      if (existing >= 0) variables[existing] = extra
      else variables.push(extra)
    }
    const unset = variables.filter((v) => v.type !== 'secret' && environments.some((env) => v.valueFor(env) === '')).map((v) => v.name)
    const secretKeys = new Set(variables.filter((v) => v.type === 'secret').map((v) => v.name))
    const shown = new Set<string>()
    const redact = redactEnv(secretKeys, shown)
    const kept: string[] = []
    const weak: string[] = []
    for (const env of environments) {
      const file = `.env.${env}`
      const current = tree.read(file)
      const existing = readDotenvKeys(current ?? '')
      const lines: string[] = []
      for (const variable of variables) {
        if (existing.has(variable.name)) {
          if (secretKeys.has(variable.name)) {
            kept.push(`${file}: ${variable.name}`)
            if ((existing.get(variable.name) ?? '').replace(/^["']|["']$/g, '').length < 32) weak.push(`${file}: ${variable.name}`)
          }
          continue
        }
        const value = secretKeys.has(variable.name) ? (options.secure ? randomBytes(32).toString('base64url') : '') : variable.valueFor(env)
        lines.push(`${variable.name}=${dotenvValue(value)}`)
        if (!secretKeys.has(variable.name)) shown.add(lines[lines.length - 1]!)
      }
      if (!lines.length) continue
      const header = current === null ? `# ${env} environment: generated by codex-agent env-config. Not committed (see .gitignore).\n` : ''
      const glue = current === null ? '' : `${current.endsWith('\n') || current === '' ? '' : '\n'}# Added by codex-agent env-config\n`
      const mode = options.secure ? { mode: 0o600 } : {}
      tree.update(file, (text) => `${text ?? ''}${header}${glue}${lines.join('\n')}\n`, { redact, ...mode })
    }
    const gitignoreChanged = ignoreEnvFiles(tree, environments)

    const test = loader.replace(/\.ts$/, '.test.ts')
    const ext = project.importExtensions
    const firstRequired = variables.find((v) => v.type !== 'secret')?.name ?? ''
    return {
      vars: {
        files: { loader, test },
        imports: { loader: importPath(test, loader, ext), example: posix.relative(posix.dirname(test), '.env.example') },
        environmentList: environments.join(', '),
        variables: variables.map((v) => ({
          name: v.name,
          description: v.description,
          secret: v.type === 'secret',
          numeric: v.type === 'port' || v.type === 'int',
          zod: zodFor(v, environments),
          example: v.type === 'secret' ? '' : dotenvValue(v.valueFor(environments[0]!)),
          sample: sampleFor(v, environments),
        })),
        firstRequired,
        firstSecret: [...secretKeys][0] ?? '',
        hasPort: variables.some((v) => v.name === 'PORT' && v.type === 'port'),
        test: options.test,
      },
      notes: [
        ...(kept.length ? [`Kept existing secrets: ${kept.join(', ')}.`] : []),
        ...(weak.length
          ? [`These existing secrets are shorter than 32 characters and the loader will reject them: ${weak.join(', ')}.`]
          : []),
        ...(unset.length ? [`Fill in ${unset.join(', ')} in the .env files where it is empty: the loader rejects empty values.`] : []),
        ...(options.secure ? [] : ['Secrets are left empty: fill them in, or run again with --secure to generate them.']),
        ...(gitignoreChanged ? ['.gitignore now ignores .env files except .env.example.'] : []),
        `Load a file with node --env-file=.env.${environments[0]} (Node 20.6+), then import { config } from '${loader}'.`,
      ],
      verify(files) {
        const envFiles = files.filter((f) => /^\.env\./.test(f.path) && f.path !== '.env.example')
        for (const file of envFiles) {
          const keys = readDotenvKeys(file.content)
          const missing = variables.filter((v) => !keys.has(v.name)).map((v) => v.name)
          if (missing.length) throw new ScaffoldVerificationError(`${file.path} lacks ${missing.join(', ')}`)
          const generated = [...secretKeys].filter((k) => !kept.includes(`${file.path}: ${k}`))
          if (options.secure && generated.some((k) => (keys.get(k) ?? '').length < 32))
            throw new ScaffoldVerificationError(`${file.path}: a generated secret is too short`)
        }
        return envFiles.length ? [`every variable set in ${envFiles.map((f) => f.path).join(', ')}`] : []
      },
    }
  },
})
