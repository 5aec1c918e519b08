/** The scrubbed environment of a sandboxed command: a short allow-list, and never a secret. */
import { SandboxError } from '../core/errors.js'

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** Names that hold credentials by convention (OPENAI_API_KEY, GITHUB_TOKEN, PGPASSWORD, DATABASE_URL...). */
const SECRET_NAME =
  /(API_?KEY|ACCESS_?KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_?KEY|COOKIE|SESSION|DATABASE_URL|(^|_)DSN$|(^|_)AUTH(_|$))/i

/** Secret values shorter than this are not searched for inside other values (too many false hits). */
const MIN_SECRET_LENGTH = 8

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

export interface EnvironmentOptions {
  /** HOME and TMPDIR inside the sandbox. */
  home: string
  tmpdir: string
  backend: 'bubblewrap' | 'process'
  network: boolean
  /** Names passed through from the parent environment when set there. */
  allowEnv?: readonly string[]
  /** Variables set explicitly; they win over the defaults. */
  env?: Readonly<Record<string, string>>
  /** The environment to take PATH, LANG and allowed names from; default `process.env`. */
  parentEnv?: NodeJS.ProcessEnv
}

/** Builds the whole environment of the command; throws `SandboxError` rather than pass a secret. */
export function buildEnvironment(options: EnvironmentOptions): Record<string, string> {
  const parent = options.parentEnv ?? process.env
  const result: Record<string, string> = {
    PATH: parent.PATH ?? DEFAULT_PATH,
    HOME: options.home,
    TMPDIR: options.tmpdir,
    LANG: parent.LANG ?? 'C.UTF-8',
  }
  for (const name of options.allowEnv ?? []) {
    refuseSecretName(name, 'allowed')
    const value = parent[name]
    if (value !== undefined) result[name] = value
  }
  const secrets = secretValues(parent)
  for (const [name, value] of Object.entries(options.env ?? {})) {
    refuseSecretName(name, 'set')
    if (secrets.some((secret) => value.includes(secret))) {
      throw new SandboxError(
        `Refusing to pass the value of ${name} into the sandbox: it contains a secret from this process's environment.`,
      )
    }
    result[name] = value
  }
  // Tell the command where it runs, as Codex CLI does, so tools can explain a denied write or connect.
  result.CODEX_SANDBOX = options.backend
  if (!options.network) result.CODEX_SANDBOX_NETWORK_DISABLED = '1'
  return result
}

function refuseSecretName(name: string, how: string): void {
  if (isSecretName(name)) {
    throw new SandboxError(
      `Refusing to pass ${name} into the sandbox (${how} explicitly): its name marks it as a credential, and sandboxed code never sees credentials. ` +
        'If it is not one, pass it under another name.',
    )
  }
}

function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].length >= MIN_SECRET_LENGTH && isSecretName(entry[0]))
    .map(([, value]) => value)
}
