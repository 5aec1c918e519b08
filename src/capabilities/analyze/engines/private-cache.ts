/**
 * A per-user folder under the OS temp dir for derived data that is expensive to rebuild (parsed rule
 * files, the ast-grep scanner's rule folders). Only used when it is ours and closed to other users:
 * the temp dir is shared, and rules someone else wrote could hide findings.
 */
import { lstatSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
