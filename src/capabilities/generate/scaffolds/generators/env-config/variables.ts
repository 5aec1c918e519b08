/** The variables an env-config covers: a default set from the project, plus `NAME:type` extras. */
import type { ProjectInfo } from '../../project.js'

export type VariableType = 'string' | 'url' | 'port' | 'int' | 'boolean' | 'secret' | 'email' | 'env' | 'log-level'

export interface Variable {
  name: string
  type: VariableType
  description: string
  /** The value for an environment; secrets are generated instead. */
  valueFor(env: string): string
}

const DEV_LIKE = /^(dev|development|local|test)$/

export function isDevLike(env: string): boolean {
  return DEV_LIKE.test(env)
}

const DB_PACKAGES = [
  'pg',
  'postgres',
  '@libsql/client',
  'better-sqlite3',
  'mysql2',
  'prisma',
  '@prisma/client',
  'drizzle-orm',
  'kysely',
  'mongoose',
]

function databaseUrl(project: ProjectInfo, env: string): string {
  const db = project.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()
  if ('@libsql/client' in project.dependencies || 'better-sqlite3' in project.dependencies) return `file:./${env}.db`
  if ('mysql2' in project.dependencies) return isDevLike(env) ? `mysql://root:root@localhost:3306/${db}_${env}` : ''
  if ('mongoose' in project.dependencies) return isDevLike(env) ? `mongodb://localhost:27017/${db}_${env}` : ''
  return isDevLike(env) ? `postgres://postgres:postgres@localhost:5432/${db}_${env}` : ''
}

export function defaultVariables(project: ProjectInfo, hasAuthHelper: boolean): Variable[] {
  const vars: Variable[] = [
    { name: 'APP_ENV', type: 'env', description: 'Which environment this is', valueFor: (env) => env },
    { name: 'PORT', type: 'port', description: 'Port the server listens on', valueFor: () => '3000' },
    {
      name: 'LOG_LEVEL',
      type: 'log-level',
      description: 'debug, info, warn or error',
      valueFor: (env) => (isDevLike(env) ? 'debug' : 'info'),
    },
    {
      name: 'APP_URL',
      type: 'url',
      description: 'Public base URL of the app',
      valueFor: (env) => (isDevLike(env) ? 'http://localhost:3000' : `https://${env}.example.com`),
    },
  ]
  if (DB_PACKAGES.some((p) => p in project.dependencies)) {
    vars.push({
      name: 'DATABASE_URL',
      type: 'string',
      description: 'Database connection URL',
      valueFor: (env) => databaseUrl(project, env),
    })
  }
  vars.push({ name: 'SESSION_SECRET', type: 'secret', description: 'Signs session cookies', valueFor: () => '' })
  if (hasAuthHelper)
    vars.push({ name: 'AUTH_SECRET', type: 'secret', description: 'Signs API bearer tokens (lib/api/auth.ts)', valueFor: () => '' })
  return vars
}

/** `STRIPE_KEY:secret`, `FEATURE_X:boolean`, `API_BASE` (a string). */
export function parseVariable(spec: string): Variable {
  const [name = '', type = 'string'] = spec.split(':')
  // Flags and counts have a safe default; text, URLs and emails are left for the person to fill in.
  const initial = type === 'boolean' ? 'false' : type === 'int' ? '0' : type === 'port' ? '3000' : ''
  return { name, type: type as VariableType, description: `${name} (${type})`, valueFor: () => initial }
}

/** The zod expression the config loader validates a variable with (zod 4). */
export function zodFor(variable: Variable, environments: string[]): string {
  switch (variable.type) {
    case 'env':
      return `z.enum([${environments.map((e) => `'${e}'`).join(', ')}])`
    case 'port':
      return 'z.coerce.number().int().min(1).max(65_535)'
    case 'int':
      return 'z.coerce.number().int()'
    case 'boolean':
      return "z.enum(['true', 'false']).transform((v) => v === 'true')"
    case 'url':
      return 'z.url()'
    case 'email':
      return 'z.email()'
    case 'log-level':
      return "z.enum(['debug', 'info', 'warn', 'error'])"
    case 'secret':
      return 'secret'
    default:
      return 'z.string().min(1)'
  }
}

/** A value the loader's test can use for a variable (secrets are made in the test itself). */
export function sampleFor(variable: Variable, environments: string[]): string {
  switch (variable.type) {
    case 'env':
      return environments[0] ?? 'dev'
    case 'port':
      return '8080'
    case 'int':
      return '1'
    case 'boolean':
      return 'true'
    case 'url':
      return 'https://app.example.com'
    case 'email':
      return 'ops@example.com'
    case 'log-level':
      return 'info'
    default:
      return 'value'
  }
}
