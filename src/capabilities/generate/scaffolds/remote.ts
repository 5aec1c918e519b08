/**
 * What a caller over HTTP or MCP may not ask of a scaffold, checked by those doors before the run
 * starts (so a refused request is never recorded): a database named by URL (`types --from
 * postgres://...`, `migration --shadow-url ...`) lets a caller make the server connect anywhere
 * with credentials it holds, so it is refused unless the operator allows it. Paths are checked by
 * the generators themselves, for every door: inside the workspace, and never a .env file.
 */
import { UserInputError } from '../../../core/errors.js'
import { isDatabaseUrl } from './source-file.js'

/** Set to 1 (or true) by the operator to let HTTP and MCP callers name databases by URL. */
export const ALLOW_DATABASE_URLS_ENV = 'CODEX_AGENT_SCAFFOLD_ALLOW_DATABASE_URLS'

export function remoteDatabaseUrlsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env[ALLOW_DATABASE_URLS_ENV] ?? '')
}

/** Throws 403 naming the field when a remote request names a database by URL and the operator has not allowed it. */
export function checkRemoteScaffoldRequest(body: unknown, env: NodeJS.ProcessEnv = process.env): void {
  if (body === null || typeof body !== 'object' || remoteDatabaseUrlsAllowed(env)) return
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value]
    if (values.some((v) => typeof v === 'string' && isDatabaseUrl(v))) {
      throw new UserInputError(
        `"${field}" names a database by URL, which this server does not accept from remote callers: use a schema file inside the workspace, or have the operator set ${ALLOW_DATABASE_URLS_ENV}=1.`,
        { field, code: 'database_url_forbidden', httpStatus: 403 },
      )
    }
  }
}
