import { describe, expect, it, vi } from 'vitest'
import { createRedactor, REDACTED, redactingLogger, secretsFromEnv } from './redact.js'

describe('redaction', () => {
  const redactor = createRedactor(['my-very-private-value'])

  it.each([
    ['OpenAI key', 'key sk-proj-AbCdEf0123456789AbCdEf0123456789 end'],
    ['Anthropic key', 'sk-ant-api03-AbCdEf0123456789_AbCdEf-0123456789'],
    ['GitHub token', 'ghp_0123456789abcdefghij0123456789ABCD'],
    // codex-ignore js-hardcoded-slack-token -- a fake token the redaction must remove
    ['Slack token', 'xoxb-1234567890-abcdefghij'],
    ['AWS key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['bearer header', 'Authorization: Bearer abc.def-ghi_jkl'],
    ['known secret', 'the value is my-very-private-value!'],
  ])('removes a %s from text', (_name, text) => {
    const out = redactor.text(text)
    expect(out).toContain(REDACTED)
    expect(out).not.toMatch(/sk-proj-AbCd|sk-ant-api03|ghp_0123|xoxb-1234|AKIAIOSF|eyJhbGci|abc\.def|my-very-private/)
  })

  it('removes credential assignments from log text', () => {
    expect(redactor.text('"x-api-key": "k-123456789"')).toBe(`"x-api-key": "${REDACTED}"`)
    expect(redactor.text('api_key=abcdef123&x=1')).toBe(`api_key=${REDACTED}&x=1`)
  })

  it('redacts values deeply, including credential-named keys, and leaves ordinary code alone', () => {
    const value = {
      headers: { authorization: 'Bearer whatever-token', 'x-api-key': 'plain-value' },
      messages: [{ role: 'user', content: 'use sk-AbCdEf0123456789AbCdEf please' }],
      code: 'const password = readPassword(); headers.apiKey = config.apiKey',
    }
    const out = redactor.value(value)
    expect(out.headers).toEqual({ authorization: REDACTED, 'x-api-key': REDACTED })
    expect(out.messages[0]?.content).toBe(`use ${REDACTED} please`)
    expect(out.code).toBe(value.code)
    // The input is not modified.
    expect(value.headers.authorization).toBe('Bearer whatever-token')
  })

  it('takes secret values from credential-named environment variables only', () => {
    const secrets = secretsFromEnv({
      // codex-ignore js-hardcoded-credential-variable -- fake keys the redaction must remove
      OPENAI_API_KEY: 'abcdefgh1234',
      GITHUB_TOKEN: 'tok-12345678',
      HOME: '/home/someone-long',
      SHORT_TOKEN: 'abc',
    })
    expect(secrets.sort()).toEqual(['abcdefgh1234', 'tok-12345678'])
  })

  it('redacts every logger line', () => {
    const sink = { debug: vi.fn(), info: vi.fn(), warn: vi.fn() }
    const logger = redactingLogger(sink, createRedactor(['hunter2-secret']))
    logger.warn('failed with key hunter2-secret')
    logger.debug('ok')
    expect(sink.warn).toHaveBeenCalledWith(`failed with key ${REDACTED}`)
    expect(sink.debug).toHaveBeenCalledWith('ok')
  })
})
