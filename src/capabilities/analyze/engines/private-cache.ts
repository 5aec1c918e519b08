/**
 * A per-user folder under the OS temp dir for derived data that is expensive to rebuild (parsed rule
 * files, the ast-grep scanner's rule folders). Only used when it is ours and closed to other users:
 * the temp dir is shared, and rules someone else wrote could hide findings.
 */
import { lstatSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '../../../core/atomic-write.js'
import { sha256 } from '../../../core/hash.js'

let memo: string | null | undefined

export function privateCacheDir(): string | undefined {
  if (memo !== undefined) return memo ?? undefined
  memo = null
  const uid = process.getuid?.()
  const dir = join(tmpdir(), uid === undefined ? 'codex-agent' : `codex-agent-${uid}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stat = lstatSync(dir)
    const ours = uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0)
    if (stat.isDirectory() && ours) memo = dir
  } catch {
    // No writable temp dir: everything is rebuilt in memory.
  }
  return memo ?? undefined
}

/**
 * Hash of compiled code files (URLs beside the caller), to key data derived by that code; undefined
 * when running from sources, where there is nothing stable to key by.
 */
export function codeStamp(files: URL[]): string | undefined {
  try {
    return sha256(...files.map((f) => readFileSync(f, 'utf8')))
  } catch {
    return undefined
  }
}

export interface DerivedStore<T> {
  read(): T | undefined
  write(data: T): void
}

/**
 * JSON derived from data files (parsed and validated YAML), stored in the private cache under
 * `folder/` by `key` (which must cover the files' content and the code that derives it). Undefined
 * when there is no private cache; a failed read or write only costs the work again.
 */
export function derivedStore<T>(folder: string, key: string): DerivedStore<T> | undefined {
  const dir = privateCacheDir()
  if (!dir) return undefined
  const file = join(dir, folder, `${key.slice(0, 32)}.json`)
  return {
    read() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as T
      } catch {
        return undefined
      }
    },
    write(data) {
      try {
        writeFileAtomic(file, JSON.stringify(data))
      } catch {
        // A read-only temp dir: derive again next time.
      }
    },
  }
}
