/**
 * Files a generator reads as its source (a schema, a DDL file, a type): inside the workspace after
 * symlinks are followed, and never a .env file, whichever door the request came through.
 */
import { existsSync, realpathSync } from 'node:fs'
import { basename, resolve, sep } from 'node:path'
import { ForbiddenPathError, UserInputError } from '../../../core/errors.js'
import { normalizeTreePath } from '../changeset/paths.js'

/** `postgres://...`, `mysql://...`: a database named by URL rather than a file. */
export function isDatabaseUrl(value: string): boolean {
  return /^(postgres|postgresql|mysql|mariadb|mongodb(\+srv)?|redis|rediss|sqlserver|mssql|libsql|cockroachdb):\/\//i.test(value)
}

/** The absolute path of a workspace file the generator may read; `field` is the option that named it. */
export function resolveSourceFile(workspace: string, source: string, field: string): string {
  const path = resolve(workspace, normalizeTreePath(workspace, source))
  if (/^\.env(\.|$)/.test(basename(path)) && basename(path) !== '.env.example')
    throw new UserInputError(`--${field.replace(/_/g, '-')} ${source}: environment files hold secrets and are never read as a source.`, {
      field,
      code: 'secret_file',
      httpStatus: 403,
    })
  if (!existsSync(path)) throw new UserInputError(`--${field.replace(/_/g, '-')} ${source}: no such file.`, { field })
  // A link inside the workspace must not carry a read outside it.
  const root = realpathSync(workspace)
  const real = realpathSync(path)
  if (real !== root && !real.startsWith(root + sep)) throw new ForbiddenPathError(source)
  return path
}
