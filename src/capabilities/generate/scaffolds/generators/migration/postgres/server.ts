/**
 * Where a Postgres migration is parsed and proved: scratch databases on a "shadow" server (as Prisma's
 * shadow database) given by URL, or else a throwaway server of our own — initdb and pg_ctl into a
 * temp folder, listening only on a Unix socket in that folder, stopped and deleted afterwards.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import type pg from 'pg'
import { UserInputError } from '../../../../../../core/errors.js'

export interface ScratchServer {
  /** Creates an empty database and returns a connected client to it. */
  createDatabase(): Promise<{ client: pg.Client; drop(): Promise<void> }>
  stop(): Promise<void>
}

export const SHADOW_URL_ENV = 'CODEX_AGENT_SHADOW_DATABASE_URL'

/** A PostgreSQL program (initdb, pg_ctl, pg_dump): the newest under /usr/lib/postgresql, else on PATH. */
export function findPostgresBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
    for (const version of versions) {
      const bin = join(root, version, 'bin', name)
      if (existsSync(bin)) return bin
    }
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

export function run(
  bin: string,
  args: string[],
  options: { asUser?: string; signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const [command, argv] = options.asUser ? ['runuser', ['-u', options.asUser, '--', bin, ...args]] : [bin, args]
  const extra = { ...(options.signal ? { signal: options.signal } : {}), ...(options.env ? { env: options.env } : {}) }
  return new Promise((resolve, reject) => {
    execFile(command, argv, { maxBuffer: 64 * 1024 * 1024, ...extra }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bin.split('/').pop()} failed: ${(stderr || error.message).trim()}`))
      else resolve(stdout)
    })
  })
}

async function connect(url: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg')
  const client = new pgModule.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  // Notices (e.g. "drop cascades to ...") are expected in scratch work; keep them off stderr.
  client.on('notice', () => undefined)
  return client
}

function scratchName(): string {
  return `codex_scratch_${randomBytes(6).toString('hex')}`
}

/** Scratch databases on a server we may create databases on. */
function onServer(adminUrl: string, stop: () => Promise<void>): ScratchServer {
  return {
    async createDatabase() {
      const name = scratchName()
      const admin = await connect(adminUrl)
      try {
        await admin.query(`CREATE DATABASE ${name}`)
      } finally {
        await admin.end()
      }
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      const client = await connect(url.toString())
      return {
        client,
        async drop() {
          await client.end().catch(() => undefined)
          const again = await connect(adminUrl)
          try {
            await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          } finally {
            await again.end()
          }
        },
      }
    },
    stop,
  }
}

/** A throwaway server: initdb (as the `postgres` user when we are root, as initdb demands), pg_ctl start. */
async function startThrowaway(signal?: AbortSignal): Promise<ScratchServer> {
  const initdb = findPostgresBin('initdb')
  const pgCtl = findPostgresBin('pg_ctl')
  if (!initdb || !pgCtl) {
    throw new UserInputError(
      `--dialect postgres parses and proves the migration on a real PostgreSQL: install it (Debian: apt-get install postgresql) or pass --shadow-url postgres://... (or set ${SHADOW_URL_ENV}) naming a server where scratch databases may be created.`,
      { field: 'shadow_url' },
    )
  }
  const root = mkdtempSync(join(tmpdir(), 'codex-shadow-pg-'))
  const asRoot = userInfo().uid === 0
  const user = asRoot ? 'postgres' : userInfo().username
  const as = asRoot ? { asUser: 'postgres' } : {}
  const data = join(root, 'data')
  // The socket's name carries the port: a random one keeps two servers in one folder apart, and no TCP port is opened.
  const port = 20_000 + Math.floor(Math.random() * 40_000)
  const cleanup = () => rmSync(root, { recursive: true, force: true })
  try {
    if (asRoot) chownSync(root, Number(await run('id', ['-u', 'postgres'])), Number(await run('id', ['-g', 'postgres'])))
    await run(initdb, ['-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
      ...as,
      ...(signal ? { signal } : {}),
    })
    await run(
      pgCtl,
      ['-D', data, '-l', join(root, 'log'), '-w', '-o', `-k ${root} -p ${port} -c listen_addresses='' -c fsync=off`, 'start'],
      as,
    )
  } catch (error) {
    cleanup()
    throw new UserInputError(`Could not start a throwaway PostgreSQL to prove the migration on: ${(error as Error).message}`, {
      field: 'shadow_url',
      cause: error,
    })
  }
  const url = `postgresql://${user}@localhost:${port}/postgres?host=${encodeURIComponent(root)}`
  return onServer(url, async () => {
    try {
      await run(pgCtl, ['-D', data, '-m', 'immediate', 'stop'], as)
    } finally {
      cleanup()
    }
  })
}

export async function openScratchServer(shadowUrl: string | undefined, signal?: AbortSignal): Promise<ScratchServer> {
  const url = shadowUrl ?? process.env[SHADOW_URL_ENV]
  if (!url) return startThrowaway(signal)
  try {
    const probe = await connect(url)
    await probe.end()
  } catch (error) {
    throw new UserInputError(
      `Could not connect to the shadow server ${new URL(url).host || url.split('?')[0]}: ${(error as Error).message}`,
      {
        field: 'shadow_url',
        cause: error,
      },
    )
  }
  return onServer(url, async () => undefined)
}

/** Runs `body` with a scratch server, and always stops it. */
export async function withScratchServer<T>(
  shadowUrl: string | undefined,
  signal: AbortSignal | undefined,
  body: (server: ScratchServer) => Promise<T>,
): Promise<T> {
  const server = await openScratchServer(shadowUrl, signal)
  try {
    return await body(server)
  } finally {
    await server.stop()
  }
}
