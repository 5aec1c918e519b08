/** Content hashing for caches and fingerprints. */
import { createHash } from 'node:crypto'

export function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}
