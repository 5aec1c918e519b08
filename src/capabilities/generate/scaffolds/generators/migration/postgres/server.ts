/**
 * Where a Postgres migration is parsed and proved: scratch databases on a "shadow" server (as Prisma's
 * shadow database) given by URL, or else a throwaway server of our own: a fresh data folder in a
 * private temp folder (in memory when /dev/shm has room), a postmaster listening only on a Unix
 * socket in that folder (no TCP port), stopped and deleted afterwards. Nothing is shared between
 * two runs but an initdb output, read-only.
 *
 * Speed (issue 5: a scaffold in under 1 s). initdb takes about 0.3 s, and pg_ctl waits in 0.1 s steps
 * to see a server up and again to see it down; together they were most of a `migration --dialect
 * postgres` run. So:
 *  - initdb runs once per PostgreSQL installation and user: its output is kept, untouched, as a
 *    template in the user cache (XDG_CACHE_HOME/codex-agent/postgres/), and each run starts from a
 *    copy of it (`cp -a`, about 30 MB). The copy is what initdb would have written (same binary, same
 *    options; the key covers both), and a server never runs on the template itself. A cold run
 *    (no template yet) runs initdb and keeps a snapshot of its output while it goes on.
 *  - the server's folder is in memory (/dev/shm) when there is room: initdb, the copy and the
 *    deletion are I/O on a thousand files.
 *  - the postmaster is started directly and is seen ready when its postmaster.pid says so (polled
 *    every 5 ms), as pg_ctl does in 100 ms steps; it is stopped by SIGQUIT (immediate shutdown, as
 *    `pg_ctl -m immediate`), and once it has exited its folder is moved aside and deleted by a
 *    detached `rm -rf` rather than while the caller waits.
 *  - the new cluster's `postgres` database serves as the first scratch database, and scratch
 *    databases are not dropped one by one before the whole server goes.
 * The alternative of one long-lived server per user, reused with a fresh database per run, would
 * save another ~0.1 s but leave a daemon behind, with its life, upgrades and stale sockets to manage;
 * a private server per run stays as isolated as before.
 */
import { execFile, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs'
import { homedir, tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
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

/**
 * Scratch databases on a server we may create databases on. On a throwaway server (`throwaway`), the
 * first scratch database is the cluster's own `postgres` database, which initdb made moments ago as a
 * copy of template1, just as CREATE DATABASE would; and nothing is dropped one by one, since the
 * whole server goes.
 */
function onServer(adminUrl: string, stop: () => Promise<void>, throwaway = false): ScratchServer {
  let spare = throwaway
  return {
    async createDatabase() {
      if (spare) {
        spare = false
        const client = await connect(adminUrl)
        return { client, drop: async () => void (await client.end().catch(() => undefined)) }
      }
      const name = scratchName()
      const admin = await connect(adminUrl)
      try {
        // codex-ignore js-sql-injection-template-literal -- name is scratchName(): a fixed prefix and random hex
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
          if (throwaway) return
          const again = await connect(adminUrl)
          try {
            // codex-ignore js-sql-injection-template-literal -- name is scratchName(): a fixed prefix and random hex
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

/** Bump when the template's initdb options or layout change: older templates are then ignored. */
const TEMPLATE_VERSION = 1

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** `cp -a` (owners and modes kept, as the server insists on a 0700 data folder of its own user), reflinked where the filesystem can. */
async function copyTree(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', from, to])
  } catch {
    rmSync(to, { recursive: true, force: true })
    await run('cp', ['-a', from, to])
  }
}

/** Where initdb's output for this PostgreSQL and user is kept; undefined when the user cache cannot be found. */
function templateDir(initdb: string, user: string): string | undefined {
  const cacheHome = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '')
  if (!cacheHome) return undefined
  let stamp: string
  try {
    const stat = statSync(initdb)
    stamp = `${stat.size}:${stat.mtimeMs}`
  } catch {
    return undefined
  }
  const key = createHash('sha256').update(`${TEMPLATE_VERSION}\0${initdb}\0${stamp}\0${user}`).digest('hex').slice(0, 16)
  return join(cacheHome, 'codex-agent', 'postgres', key)
}

/** Run detached by publishTemplate: copy the snapshot to the staging name, publish it by a rename, clean up. */
const PUBLISHER = `
const { execFileSync } = require('node:child_process')
const { renameSync, rmSync } = require('node:fs')
const [snapshot, staging, kept] = process.argv.slice(1)
try {
  execFileSync('cp', ['-a', snapshot, staging], { stdio: 'ignore' })
  renameSync(staging, kept)
} catch {}
rmSync(staging, { recursive: true, force: true })
rmSync(require('node:path').dirname(snapshot), { recursive: true, force: true })
`

/**
 * Keeps a pristine initdb output (`snapshot`, alone in a folder of its own, which it consumes) as the
 * template: moved to a staging name beside the template, then published by a rename, so a concurrent
 * run sees the template whole or not at all. When the snapshot is on another filesystem (the server's folder is in memory), a
 * detached process copies it to disk, so that no one waits on that; it is done well before anyone
 * could want the template again (a run takes longer than the ~0.1 s copy). Another run publishing
 * first, or a cache that cannot be written, only costs the next run an initdb.
 */
function publishTemplate(snapshot: string, template: string, kept: string): void {
  const staging = `${kept}.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    mkdirSync(template, { recursive: true })
    renameSync(snapshot, staging)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') {
      try {
        const publisher = spawn(process.execPath, ['-e', PUBLISHER, snapshot, staging, kept], { detached: true, stdio: 'ignore' })
        publisher.on('error', () => rmSync(dirname(snapshot), { recursive: true, force: true }))
        publisher.unref()
        return
      } catch {
        // Cannot spawn: no template this time.
      }
    }
    rmSync(dirname(snapshot), { recursive: true, force: true })
    return
  }
  rmSync(dirname(snapshot), { recursive: true, force: true })
  try {
    renameSync(staging, kept)
  } catch {
    // Another run published it first.
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * A fresh data folder at `data`: a copy of the kept template, or initdb. In the second case a
 * snapshot of initdb's output is taken beside the server's folder, before any server touches it, and
 * kept as the template (publishTemplate).
 */
async function freshDataDir(
  initdb: string,
  data: string,
  user: string,
  as: { asUser?: string },
  options: { signal?: AbortSignal | undefined; useTemplate: boolean },
): Promise<'template' | 'initdb'> {
  const template = templateDir(initdb, user)
  const kept = template && join(template, 'data')
  if (kept && !options.useTemplate) rmSync(kept, { recursive: true, force: true })
  else if (kept && existsSync(join(kept, 'PG_VERSION'))) {
    try {
      await copyTree(kept, data)
      return 'template'
    } catch {
      rmSync(data, { recursive: true, force: true })
    }
  }
  await run(initdb, ['-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C', '--wal-segsize=1'], {
    ...as,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  if (!kept || !template) return 'initdb'
  let snapshot: string | undefined
  try {
    snapshot = join(mkdtempSync(join(dirname(dirname(data)), 'codex-pg-initdb-')), 'data')
    await copyTree(data, snapshot)
  } catch {
    if (snapshot) rmSync(dirname(snapshot), { recursive: true, force: true })
    return 'initdb'
  }
  publishTemplate(snapshot, template, kept)
  return 'initdb'
}

/** Starts the postmaster on `data` and resolves with its pid once it accepts connections. */
async function startPostmaster(
  postgres: string,
  data: string,
  root: string,
  port: number,
  as: { asUser?: string },
  signal?: AbortSignal,
): Promise<number> {
  const args = ['-D', data, '-k', root, '-p', String(port), '-c', 'listen_addresses=', '-c', 'fsync=off']
  const [command, argv] = as.asUser ? ['runuser', ['-u', as.asUser, '--', postgres, ...args]] : [postgres, args]
  const log = openSync(join(root, 'log'), 'a')
  let exited: number | null | undefined
  try {
    const child = spawn(command, argv, { stdio: ['ignore', log, log] })
    child.on('error', () => (exited = -1))
    child.on('exit', (code) => (exited = code))
    // The CLI must not wait on the server to exit; dispose() stops it.
    child.unref()
  } finally {
    closeSync(log)
  }
  const deadline = Date.now() + 30_000
  for (;;) {
    // postmaster.pid: line 1 the pid, line 8 the status ("ready" once connections are accepted).
    try {
      const lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')
      if (lines[7]?.trim() === 'ready') return Number(lines[0])
    } catch {
      // Not written yet.
    }
    if (exited !== undefined || signal?.aborted || Date.now() > deadline) {
      const why = readFileSync(join(root, 'log'), 'utf8').trim().split('\n').slice(-3).join(' ')
      throw new Error(`postgres did not start${why ? `: ${why}` : exited === undefined ? ' in 30 s' : ''}`)
    }
    await sleep(5)
  }
}

/**
 * Deletes a stopped server's folder (some 40 MB in a thousand files: 50-100 ms of unlinking) in a
 * detached `rm -rf` that outlives us if need be, after moving it out of the way; in place if that fails.
 */
function removeInBackground(dir: string): void {
  const trash = join(dirname(dir), `codex-trash-${randomBytes(6).toString('hex')}`)
  try {
    renameSync(dir, trash)
    const rm = spawn('rm', ['-rf', trash], { detached: true, stdio: 'ignore' })
    rm.on('error', () => rmSync(trash, { recursive: true, force: true }))
    rm.unref()
  } catch {
    rmSync(existsSync(trash) ? trash : dir, { recursive: true, force: true })
  }
}

/** Room a throwaway server needs in memory: its ~30 MB copy of the template, scratch databases, WAL. */
const SHM_ROOM = 512 * 2 ** 20

/**
 * The private folder the server lives in: in memory (/dev/shm, a tmpfs) when it has room, where
 * initdb, the template copy and the deletion each take a fraction of their time on disk (cp: 17 ms
 * instead of ~100); else the temp folder. Nothing in it outlives the run, so memory is the right place.
 */
function serverFolder(): string {
  const shm = '/dev/shm'
  try {
    const fs = statfsSync(shm)
    if (fs.bavail * fs.bsize >= SHM_ROOM) return mkdtempSync(join(shm, 'codex-shadow-pg-'))
  } catch {
    // No /dev/shm here (or not writable): the temp folder.
  }
  return mkdtempSync(join(tmpdir(), 'codex-shadow-pg-'))
}

/** Immediate shutdown (as pg_ctl -m immediate), then waits for the postmaster to be gone. */
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGQUIT')
  } catch {
    return
  }
  const deadline = Date.now() + 10_000
  while (isAlive(pid) && Date.now() < deadline) await sleep(2)
  if (isAlive(pid)) process.kill(pid, 'SIGKILL')
}

/** A throwaway server: a data folder of our own (as the `postgres` user when we are root, as postgres demands), the postmaster started on it. */
async function startThrowaway(signal?: AbortSignal): Promise<ScratchServer> {
  const initdb = findPostgresBin('initdb')
  const postgres = initdb && existsSync(join(initdb, '..', 'postgres')) ? join(initdb, '..', 'postgres') : findPostgresBin('postgres')
  if (!initdb || !postgres) {
    throw new UserInputError(
      `--dialect postgres parses and proves the migration on a real PostgreSQL: install it (Debian: apt-get install postgresql) or pass --shadow-url postgres://... (or set ${SHADOW_URL_ENV}) naming a server where scratch databases may be created.`,
      { field: 'shadow_url' },
    )
  }
  const root = serverFolder()
  const asRoot = userInfo().uid === 0
  const user = asRoot ? 'postgres' : userInfo().username
  const as = asRoot ? { asUser: 'postgres' } : {}
  const data = join(root, 'data')
  // The socket's name carries the port: a random one keeps two servers in one folder apart, and no TCP port is opened.
  const port = 20_000 + Math.floor(Math.random() * 40_000)
  let pid: number | undefined
  const cleanup = async () => {
    try {
      if (pid !== undefined) await stopPostmaster(pid)
    } finally {
      if (pid === undefined || isAlive(pid)) rmSync(root, { recursive: true, force: true })
      else removeInBackground(root)
    }
  }
  // The client library loads while the data folder is made.
  void import('pg').catch(() => undefined)
  try {
    if (asRoot) {
      const [, uid, gid] = /uid=(\d+).*?gid=(\d+)/.exec(await run('id', ['postgres'])) ?? []
      chownSync(root, Number(uid), Number(gid))
    }
    const from = await freshDataDir(initdb, data, user, as, { signal, useTemplate: true })
    try {
      pid = await startPostmaster(postgres, data, root, port, as, signal)
    } catch (error) {
      if (from !== 'template' || signal?.aborted) throw error
      // A kept template the server cannot start from (damaged, or from another build): drop it, initdb afresh.
      rmSync(data, { recursive: true, force: true })
      await freshDataDir(initdb, data, user, as, { signal, useTemplate: false })
      pid = await startPostmaster(postgres, data, root, port, as, signal)
    }
  } catch (error) {
    await cleanup()
    throw new UserInputError(`Could not start a throwaway PostgreSQL to prove the migration on: ${(error as Error).message}`, {
      field: 'shadow_url',
      cause: error,
    })
  }
  const url = `postgresql://${user}@localhost:${port}/postgres?host=${encodeURIComponent(root)}`
  return onServer(url, cleanup, true)
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
