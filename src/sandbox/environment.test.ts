import { describe, expect, it } from 'vitest'
import { SandboxError } from '../core/errors.js'
import { buildEnvironment, isSecretName } from './environment.js'

// codex-ignore js-hardcoded-credential-variable -- a fake key the sandbox must not pass on
const parentEnv = { PATH: '/usr/bin:/bin', LANG: 'en_GB.UTF-8', OPENAI_API_KEY: 'sk-1234567890abcdef', EDITOR: 'vim', HOME: '/home/me' }
const base = { home: '/tmp/home', tmpdir: '/tmp', backend: 'bubblewrap' as const, network: false, parentEnv }

describe('isSecretName', () => {
  it.each([
    'OPENAI_API_KEY',
    'ANTHROPIC_APIKEY',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'PGPASSWORD',
    'NPM_AUTH',
    'CODEX_AGENT_DATABASE_URL',
    'SENTRY_DSN',
    'GPG_PASSPHRASE',
  ])('%s is a secret', (name) => expect(isSecretName(name)).toBe(true))
  it.each(['PATH', 'HOME', 'GIT_AUTHOR_NAME', 'EDITOR', 'NODE_ENV', 'KEYBOARD_LAYOUT'])('%s is not', (name) =>
    expect(isSecretName(name)).toBe(false),
  )
})

describe('buildEnvironment', () => {
  it('keeps only PATH, HOME, TMPDIR, LANG and the sandbox markers', () => {
    expect(buildEnvironment(base)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/tmp/home',
      TMPDIR: '/tmp',
      LANG: 'en_GB.UTF-8',
      CODEX_SANDBOX: 'bubblewrap',
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
    })
  })

  it('passes allowed names that are set, and explicit values', () => {
    const env = buildEnvironment({ ...base, network: true, allowEnv: ['EDITOR', 'UNSET_THING'], env: { NODE_ENV: 'test' } })
    expect(env).toMatchObject({ EDITOR: 'vim', NODE_ENV: 'test' })
    expect(env).not.toHaveProperty('UNSET_THING')
    expect(env).not.toHaveProperty('CODEX_SANDBOX_NETWORK_DISABLED')
  })

  it('refuses credentials by name and by value', () => {
    expect(() => buildEnvironment({ ...base, allowEnv: ['OPENAI_API_KEY'] })).toThrow(SandboxError)
    expect(() => buildEnvironment({ ...base, env: { SLACK_TOKEN: 'x' } })).toThrow(/SLACK_TOKEN/)
    expect(() => buildEnvironment({ ...base, env: { HEADER: 'Bearer sk-1234567890abcdef' } })).toThrow(/contains a secret/)
  })
})
