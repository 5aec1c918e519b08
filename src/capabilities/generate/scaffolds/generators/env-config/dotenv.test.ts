import { describe, expect, it } from 'vitest'
import { redactEnv } from './dotenv.js'

describe('redacting .env text for diffs', () => {
  it('masks secrets and any value this run did not write in the open', () => {
    const redact = redactEnv(new Set(['SESSION_SECRET']), new Set(['PORT=3000']))
    expect(redact('PORT=3000\nSESSION_SECRET=abcdef\nDATABASE_URL=postgres://u:p@h/db\nEMPTY=\n# comment')).toBe(
      'PORT=3000\nSESSION_SECRET=<secret, 6 characters>\nDATABASE_URL=<redacted, 19 characters>\nEMPTY=\n# comment',
    )
  })
})
