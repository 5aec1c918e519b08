/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder and pg_ctl start on a Unix
 * socket only (no TCP port to collide on). As root it runs as the `postgres` user, as initdb
 * requires. CODEX_TEST_POSTGRES_URL points the tests at an existing server instead.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

export interface PostgresServer {
  /** A connection URL for a fresh database. */
  createDatabase(name: string): Promise<string>
  stop(): void
}

function findBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort().reverse()) {
      const bin = join(root, version, 'bin', name)
      if (existsSync(bin)) return bin
    }
  }
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** True when a server can be had: an URL is given, or initdb and pg_ctl are installed. */
export function postgresAvailable(): boolean {
  return Boolean(process.env.CODEX_TEST_POSTGRES_URL) || (findBin('initdb') !== undefined && findBin('pg_ctl') !== undefined)
}

export async function startPostgres(): Promise<PostgresServer> {
  const { default: pg } = await import('pg')
  const admin = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  const given = process.env.CODEX_TEST_POSTGRES_URL
  if (given) {
    return {
      async createDatabase(name) {
        await admin(given, `DROP DATABASE IF EXISTS ${name}`)
        await admin(given, `CREATE DATABASE ${name}`)
        const url = new URL(given)
        url.pathname = `/${name}`
        return url.toString()
      },
      stop() {},
    }
  }
  const root = mkdtempSync(join(tmpdir(), 'codex-pg-'))
  const data = join(root, 'data')
  const asRoot = userInfo().uid === 0
  const user = asRoot ? 'postgres' : userInfo().username
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', root])
  const exec = (bin: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' }) : execFileSync(bin, args, { stdio: 'pipe' })
  exec(findBin('initdb')!, ['-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  exec(findBin('pg_ctl')!, ['-D', data, '-l', join(root, 'log'), '-w', '-o', `-k ${root} -c listen_addresses='' -c fsync=off`, 'start'])
  const base = `postgresql://${user}@localhost/postgres?host=${encodeURIComponent(root)}`
  return {
    async createDatabase(name) {
      await admin(base, `CREATE DATABASE ${name}`)
      return `postgresql://${user}@localhost/${name}?host=${encodeURIComponent(root)}`
    },
    stop() {
      try {
        exec(findBin('pg_ctl')!, ['-D', data, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    },
  }
}
