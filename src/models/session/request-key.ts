/**
 * The normal form of a request (keys sorted, undefined dropped) and its content address, shared by
 * the response cache and by replay's request matching.
 */
import { sha256 } from '../../core/hash.js'
import type { ModelRequest } from '../model.js'

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key]
      if (item !== undefined) out[key] = sortKeys(item)
    }
    return out
  }
  return value
}

/** Same content, same text: `JSON.stringify` with sorted keys and no undefined members. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

export function normalizeRequest(request: ModelRequest): ModelRequest {
  return sortKeys(request) as ModelRequest
}

/** sha256 of the model reference and the normalized request. */
export function requestKey(ref: string, request: ModelRequest): string {
  return sha256(ref, stableStringify(request))
}
