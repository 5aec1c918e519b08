/**
 * The content-addressed response cache: key = sha256(model ref, normalized request), one JSON file
 * per key under the cache directory (e.g. `.codex/cache/models/ab/abcd….json`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../core/atomic-write.js'
import type { Logger } from '../../core/context.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { requestKey } from './request-key.js'
import { CACHE_FORMAT, CachedResponseSchema } from './stored-call.js'

export interface ResponseCacheOptions {
  dir: string
  logger?: Logger
}

export function cacheFile(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key}.json`)
}

/** The cached response, or undefined on a miss. A damaged entry is a miss; the fresh answer overwrites it. */
function read(file: string, logger?: Logger): ModelResponse | undefined {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger?.debug(`model cache: ignoring unreadable entry ${file}`)
    return undefined
  }
  const parsed = CachedResponseSchema.safeParse(json)
  if (parsed.success) return parsed.data.response
  logger?.debug(`model cache: ignoring invalid entry ${file}`)
  return undefined
}

export function withResponseCache(inner: ModelClient, options: ResponseCacheOptions): ModelClient {
  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const file = cacheFile(options.dir, requestKey(inner.ref, request))
    const hit = read(file, options.logger)
    if (hit) {
      if (hit.text) callOptions.onDelta?.(hit.text)
      // Nothing was spent on this call.
      return { ...hit, cached: true, costUsd: 0 }
    }
    const response = await inner.generate(request, callOptions)
    writeFileAtomic(
      file,
      `${JSON.stringify({ format: CACHE_FORMAT, ref: inner.ref, response: { ...response, cached: false } }, null, 2)}\n`,
    )
    return response
  }

  return { ref: inner.ref, generate }
}
