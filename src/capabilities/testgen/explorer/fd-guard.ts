/**
 * What random arguments must not do to the file system. They must not reach file descriptors the code
 * under test did not open: a number passed as a path makes fs read stdin or write into our message
 * stream, and a non-integer one trips a native assertion in Node 20 that kills the process. And they
 * must not write outside the temporary folder: a test that writes `./x` into the project when a person
 * runs it is not a test we keep. Such calls fail (EBADF, EACCES) and spoil the case (guardTrips).
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { relative, resolve, isAbsolute } from 'node:path'
import { fileURLToPath } from 'node:url'

const PATH_OR_FD = ['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync'] as const
const FD_ONLY = [
  'read',
  'readSync',
  'write',
  'writeSync',
  'close',
  'closeSync',
  'fstat',
  'fstatSync',
  'ftruncate',
  'ftruncateSync',
  'fsync',
  'fsyncSync',
  'fdatasync',
  'fdatasyncSync',
  'futimes',
  'futimesSync',
  'fchmod',
  'fchmodSync',
  'fchown',
  'fchownSync',
  'readv',
  'readvSync',
  'writev',
  'writevSync',
] as const

/** How many calls the guard refused; a case during which it rose does not show what Node would do. */
export const guardTrips = { count: 0 }

export function guardFileDescriptors(): void {
  const opened = new Set<number>()
  const mutable = fs as unknown as Record<string, (...args: unknown[]) => unknown>
  const badDescriptor = (fd: unknown): Error =>
    Object.assign(new Error(`EBADF: bad file descriptor ${String(fd)} (not opened by the code under test)`), { code: 'EBADF', errno: -9 })
  const refuse = (fd: unknown, args: unknown[]): boolean => {
    if (typeof fd !== 'number' || opened.has(fd)) return false
    guardTrips.count++
    const callback = args.at(-1)
    if (typeof callback === 'function') {
      process.nextTick(() => (callback as (error: Error) => void)(badDescriptor(fd)))
      return true
    }
    throw badDescriptor(fd)
  }
  for (const name of [...PATH_OR_FD, ...FD_ONLY]) {
    const original = mutable[name]
    if (typeof original !== 'function') continue
    mutable[name] = function guarded(this: unknown, ...args: unknown[]) {
      if (refuse(args[0], args)) return undefined
      return original.apply(this, args)
    }
  }
  const open = mutable.open as (...args: unknown[]) => unknown
  mutable.open = function guardedOpen(this: unknown, ...args: unknown[]) {
    const callback = args.at(-1)
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, fd: number) => {
        if (typeof fd === 'number') opened.add(fd)
        ;(callback as (error: unknown, fd: number) => void)(error, fd)
      }
    }
    return open.apply(this, args)
  }
  const openSync = mutable.openSync as (...args: unknown[]) => number
  mutable.openSync = function guardedOpenSync(this: unknown, ...args: unknown[]) {
    const fd = openSync.apply(this, args)
    opened.add(fd)
    return fd
  }
  guardWrites()
  syncBuiltinESMExports()
}

/** Functions that write, and which of their arguments are paths written to. */
const WRITES: Record<string, number[]> = {
  writeFile: [0],
  writeFileSync: [0],
  appendFile: [0],
  appendFileSync: [0],
  mkdir: [0],
  mkdirSync: [0],
  rm: [0],
  rmSync: [0],
  rmdir: [0],
  rmdirSync: [0],
  unlink: [0],
  unlinkSync: [0],
  rename: [0, 1],
  renameSync: [0, 1],
  copyFile: [1],
  copyFileSync: [1],
  cp: [1],
  cpSync: [1],
  symlink: [1],
  symlinkSync: [1],
  link: [1],
  linkSync: [1],
  truncate: [0],
  truncateSync: [0],
  chmod: [0],
  chmodSync: [0],
  utimes: [0],
  utimesSync: [0],
  createWriteStream: [0],
}

function outsideTemp(path: unknown): boolean {
  let text: string
  if (typeof path === 'string') text = path
  else if (path instanceof URL) text = fileURLToPath(path)
  else if (Buffer.isBuffer(path)) text = path.toString('utf8')
  else return false
  const rel = relative(tmpdir(), resolve(text))
  return rel.startsWith('..') || isAbsolute(rel)
}

function guardWrites(): void {
  const denied = (path: unknown): Error =>
    Object.assign(new Error(`EACCES: permission denied, writing ${String(path)} (outside the temporary folder)`), {
      code: 'EACCES',
      errno: -13,
    })
  const wrap = (target: Record<string, unknown>, name: string, indexes: readonly number[], style: 'callback' | 'promise') => {
    const original = target[name]
    if (typeof original !== 'function') return
    target[name] = function guardedWrite(this: unknown, ...args: unknown[]) {
      const path = indexes.map((i) => args[i]).find(outsideTemp)
      if (path !== undefined) {
        guardTrips.count++
        const error = denied(path)
        if (style === 'promise') return Promise.reject(error)
        const callback = args.at(-1)
        if (typeof callback === 'function' && !name.endsWith('Sync')) {
          process.nextTick(() => (callback as (error: Error) => void)(error))
          return undefined
        }
        throw error
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args)
    }
  }
  const mutable = fs as unknown as Record<string, unknown>
  const promises = fs.promises as unknown as Record<string, unknown>
  for (const [name, indexes] of Object.entries(WRITES)) {
    wrap(mutable, name, indexes, 'callback')
    if (!name.endsWith('Sync') && name !== 'createWriteStream') wrap(promises, name, indexes, 'promise')
  }
}
