import { describe, expect, it } from 'vitest'
import { redactRequest } from './redact-request.js'

describe('redactRequest', () => {
  it('removes passwords from URLs and values under secret-looking keys, and keeps the rest', () => {
    const request = {
      kind: 'types',
      from: 'postgres://app:s3cr3t-P4ss@db.internal:5432/app',
      // codex-ignore js-hardcoded-credential-variable -- fake secrets the redaction must remove
      options: { api_key: 'sk-live-123', password: 'hunter2', count: 3, empty_token: '' },
      files: ['a.js', 'https://user:pw@example.com/x'],
    }
    expect(redactRequest(request)).toEqual({
      kind: 'types',
      from: 'postgres://app:<redacted>@db.internal:5432/app',
      options: { api_key: '<redacted>', password: '<redacted>', count: 3, empty_token: '' },
      files: ['a.js', 'https://user:<redacted>@example.com/x'],
    })
    expect(JSON.stringify(redactRequest(request))).not.toMatch(/s3cr3t|sk-live|hunter2|:pw@/)
  })

  it('leaves URLs without credentials alone', () => {
    expect(redactRequest('postgres://localhost/app')).toBe('postgres://localhost/app')
    expect(redactRequest({ url: 'https://example.com/a:b@c' })).toEqual({ url: 'https://example.com/a:b@c' })
    expect(redactRequest({ max_tokens: 100, auth_token: 'abc' })).toEqual({ max_tokens: 100, auth_token: '<redacted>' })
  })
})
