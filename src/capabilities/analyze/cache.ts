/**
 * The content-hash cache: per file, the hash of its content and the outcome. Keyed as a whole by the
 * tool version, the rule set and the filter, so any change there starts a fresh cache.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../core/atomic-write.js'
import type { FileOutcome } from './file-analyzer.js'

interface CacheFile {
  key: string
  entries: Record<string, { hash: string; outcome: FileOutcome }>
}

export class AnalysisCache {
  private entries: CacheFile['entries'] = {}
  private dirty = false

  private constructor(
    private readonly file: string,
    private readonly key: string,
  ) {}

  static open(workspace: string, key: string): AnalysisCache {
    const cache = new AnalysisCache(join(workspace, '.codex', 'cache', `analyze-${key.slice(0, 16)}.json`), key)
    try {
      const data = JSON.parse(readFileSync(cache.file, 'utf8')) as CacheFile
      if (data.key === key) cache.entries = data.entries
    } catch {
      // No cache yet, or a damaged one: start empty; it is rewritten on save.
    }
    return cache
  }

  get(path: string, hash: string): FileOutcome | undefined {
    const entry = this.entries[path]
    return entry?.hash === hash ? entry.outcome : undefined
  }

  set(path: string, hash: string, outcome: FileOutcome): void {
    this.entries[path] = { hash, outcome }
    this.dirty = true
  }

  /** Atomic write: a crash mid-save leaves the previous cache intact. */
  save(): void {
    if (!this.dirty) return
    writeFileAtomic(this.file, JSON.stringify({ key: this.key, entries: this.entries } satisfies CacheFile))
    this.dirty = false
  }
}
