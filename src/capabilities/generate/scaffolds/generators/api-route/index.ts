/** `generate api-route`: a typed route for Next.js (App Router), Express, Fastify or Hono, with its test. */
import { posix } from 'node:path'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { defineGenerator } from '../../generator.js'
import type { ProjectInfo, WebFramework } from '../../project.js'
import { groupDigits } from '../../literal.js'
import { words } from '../../template.js'
import { describeFields, parseFields, samplesFor, type FieldSpec } from './fields.js'

const FRAMEWORKS = ['next', 'express', 'fastify', 'hono'] as const
const FEATURES = ['auth', 'rate-limit', 'validation'] as const
const WINDOWS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const

export const ApiRouteOptions = z.strictObject({
  path: z.string().min(1).describe('The route file to write, e.g. app/api/analytics/route.ts or src/routes/analytics.ts'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').describe('HTTP method'),
  framework: z.enum(FRAMEWORKS).optional().describe('next|express|fastify|hono (default: detected from package.json)'),
  auth: z.enum(['required', 'optional', 'none']).optional().describe('Auth hook: required (401 without a valid token), optional, none'),
  rate_limit: z
    .string()
    .regex(/^\d+\s*\/\s*(second|minute|hour|day)$/, 'write N/second, N/minute, N/hour or N/day')
    .optional()
    .describe('Requests per caller, e.g. "30/minute"'),
  features: z
    .array(z.enum(FEATURES))
    .optional()
    .describe('auth,rate-limit,validation (default: validation, plus what --auth/--rate-limit ask for)'),
  fields: z
    .array(z.string().regex(/^[A-Za-z_$][\w$]*\??:(string|int|number|boolean|email|url|uuid|datetime)$/, 'write name:type or name?:type'))
    .optional()
    .describe('Input fields as name:type (string, int, number, boolean, email, url, uuid, datetime; name?: optional); default name:string'),
  url: z
    .string()
    .regex(/^\/[\w\-/:.]*$/)
    .optional()
    .describe('The URL path (default: from the file path)'),
  pattern: z.enum(['standard']).default('standard').describe('Route pattern: standard (auth, rate limit, validation, typed errors)'),
  lib_dir: z
    .string()
    .optional()
    .describe('Where the shared errors/auth/rate-limit helpers go (default: lib/api, or src/lib/api under src/)'),
  test: z.boolean().default(true).describe('Write a vitest test beside the route'),
})
export type ApiRouteOptions = z.output<typeof ApiRouteOptions>

function pickFramework(options: ApiRouteOptions, project: ProjectInfo): WebFramework {
  if (options.framework) return options.framework
  if (project.framework) return project.framework
  if (/(^|\/)app\/(.+\/)?route\.tsx?$/.test(options.path)) return 'next'
  throw new UserInputError('No web framework found in package.json: pass --framework next|express|fastify|hono.', { field: 'framework' })
}

/** `app/(site)/api/posts/[id]/route.ts` → `/api/posts/:id`; other frameworks: `/api/<file name>`. */
function urlFor(path: string, framework: WebFramework): string {
  if (framework === 'next') {
    const inApp = path.replace(/^(src\/)?app\//, '').replace(/\/?route\.tsx?$/, '')
    const segments = inApp
      .split('/')
      .filter((s) => s && !/^\(.*\)$/.test(s))
      .map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, ':$1'))
    return `/${segments.join('/')}`
  }
  return `/api/${posix.basename(path).replace(/\.[cm]?tsx?$/, '')}`
}

/** An import specifier from one workspace file to another (.ts dropped; .js added under NodeNext). */
function importPath(from: string, to: string, extensions: boolean): string {
  let rel = posix.relative(posix.dirname(from), to).replace(/\.tsx?$/, extensions ? '.js' : '')
  if (!rel.startsWith('.')) rel = `./${rel}`
  return rel
}

function resolveFeatures(options: ApiRouteOptions) {
  const features = new Set(options.features ?? ['validation'])
  if (!options.features) {
    if (options.auth && options.auth !== 'none') features.add('auth')
    if (options.rate_limit) features.add('rate-limit')
  }
  const auth = features.has('auth') ? (options.auth === 'none' ? 'none' : (options.auth ?? 'required')) : 'none'
  if (features.has('rate-limit') && !options.rate_limit) {
    throw new UserInputError('The rate-limit feature needs --rate-limit, e.g. "30/minute".', { field: 'rate_limit' })
  }
  return { auth, rateLimit: features.has('rate-limit'), validation: features.has('validation') }
}

export default defineGenerator({
  kind: 'api-route',
  summary: 'An API route with zod validation, typed errors, an auth hook, rate limiting and its test',
  options: ApiRouteOptions,
  examples: [
    'generate api-route --path app/api/analytics/route.ts --method POST --auth required --rate-limit "30/minute"',
    'generate api-route --path src/routes/posts.ts --framework fastify --method GET --fields page:int,tag?:string',
  ],
  plan(options, { project }) {
    const framework = pickFramework(options, project)
    const route = options.path.replace(/\\/g, '/').replace(/^\.\//, '')
    if (!/\.tsx?$/.test(route)) throw new UserInputError('--path must be a .ts file.', { field: 'path' })
    const features = resolveFeatures(options)
    const url = options.url ?? urlFor(route, framework)
    const staticSegments = url.split('/').filter((s) => s && !s.startsWith(':'))
    const base = staticSegments.at(-1) ?? 'root'
    const name = words(base)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('')
    const varName = name.charAt(0).toLowerCase() + name.slice(1)
    const libDir = (options.lib_dir ?? (route.startsWith('src/') || project.srcDir ? 'src/lib/api' : 'lib/api')).replace(/\/$/, '')
    const files = {
      route,
      core: framework === 'next' ? `${posix.dirname(route)}/handler.ts` : route,
      test: framework === 'next' ? `${posix.dirname(route)}/route.test.ts` : route.replace(/\.tsx?$/, '.test.ts'),
      errors: `${libDir}/errors.ts`,
      auth: `${libDir}/auth.ts`,
      rateLimit: `${libDir}/rate-limit.ts`,
    }
    const ext = project.importExtensions
    const fromCore = (to: string) => importPath(files.core, to, ext)
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(options.method)
    const fields: FieldSpec[] = parseFields(options.fields ?? ['name:string'])
    const zod4 = !/^[~^]?3\./.test(project.dependencies.zod ?? '4')
    const samples = samplesFor(fields, hasBody)
    let rateLimit: Record<string, unknown> = { enabled: false }
    if (features.rateLimit) {
      const [count = '0', unit = 'minute'] = options.rate_limit!.split('/').map((s) => s.trim())
      const limit = Number(count)
      if (limit < 1) throw new UserInputError('--rate-limit must allow at least 1 request.', { field: 'rate_limit' })
      rateLimit = {
        enabled: true,
        limit,
        windowMs: groupDigits(WINDOWS[unit as keyof typeof WINDOWS]),
        description: `${limit} request${limit === 1 ? '' : 's'} per ${unit}`,
      }
    }
    const routeExport =
      framework === 'next'
        ? options.method
        : framework === 'hono'
          ? `${varName}Route`
          : framework === 'express'
            ? `${varName}Router`
            : `${varName}Routes`
    const vitest = ['describe', 'expect', 'it']
    if (features.rateLimit) vitest.unshift('beforeEach')
    if (framework === 'express') vitest.unshift('afterAll', 'beforeAll')
    return {
      vars: {
        fw: Object.fromEntries(FRAMEWORKS.map((f) => [f, f === framework])),
        web: framework === 'next' || framework === 'hono',
        files,
        imports: {
          errors: fromCore(files.errors),
          auth: fromCore(files.auth),
          rateLimit: fromCore(files.rateLimit),
          handler: importPath(route, files.core, ext),
        },
        testImports: {
          route: importPath(files.test, route, ext),
          core: importPath(files.test, files.core, ext),
          auth: importPath(files.test, files.auth, ext),
        },
        vitestImports: vitest.join(', '),
        method: options.method,
        methodLower: options.method.toLowerCase(),
        hasBody,
        inputKind: hasBody ? 'request body' : 'query string',
        url,
        name,
        varName,
        schemaName: `${name}${hasBody ? 'Body' : 'Query'}`,
        routeExport,
        auth: { enabled: features.auth !== 'none', required: features.auth === 'required', optional: features.auth === 'optional' },
        rateLimit,
        validation: features.validation,
        fields: describeFields(fields, { query: !hasBody, zod4 }),
        zodFieldErrors: zod4 ? 'z.flattenError(parsed.error).fieldErrors' : 'parsed.error.flatten().fieldErrors',
        samples,
        hasInvalid: features.validation && samples.invalidField !== '',
        test: options.test,
      },
      notes: [
        `Route ${options.method} ${url} (${framework}).`,
        ...(features.auth !== 'none'
          ? [`Set AUTH_SECRET (32+ characters), or replace authenticate() in ${files.auth} with your auth provider.`]
          : []),
        ...(framework === 'express' ? [`Mount it: app.use(${varName}Router).`] : []),
        ...(framework === 'fastify' ? [`Register it: app.register(${varName}Routes).`] : []),
        ...(framework === 'hono' ? [`Mount it: app.route('/', ${varName}Route).`] : []),
      ],
    }
  },
})
