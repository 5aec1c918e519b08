import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../core/errors.js'
import { configFromEnv, loadConfig } from './load.js'
import { STARTER_CONFIG } from './starter.js'

const fixtures = join(import.meta.dirname, '../../test/fixtures/spec-configs')

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codex-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const noUser = { env: {}, userConfigDir: '/nonexistent-codex-user-dir' }

describe('loadConfig', () => {
  it.each(['local-agents.yml', 'cloud-agents.yml', 'hybrid-workflows.yml', 'codexrc.yml', 'model-configuration.json'])(
    'loads the spec example %s',
    (name) => {
      const { config, sources } = loadConfig({ cwd: fixtures, configFile: join(fixtures, name), ...noUser })
      expect(sources).toEqual([join(fixtures, name)])
      expect(config.mode).toMatch(/^(local|cloud|hybrid)$/)
    },
  )

  it('keeps the values of the spec examples', () => {
    const local = loadConfig({ cwd: fixtures, configFile: 'local-agents.yml', ...noUser }).config
    expect(local.agents.test_generator).toMatchObject({ mode: 'local', context_window: 4096, temperature: 0.1 })
    const rc = loadConfig({ cwd: fixtures, configFile: 'codexrc.yml', ...noUser }).config
    expect(rc.mode).toBe('hybrid')
    expect(rc.integration?.claude_sync).toEqual({ enabled: true, endpoint: 'localhost:8000', auto_review: true })
    const hybrid = loadConfig({ cwd: fixtures, configFile: 'hybrid-workflows.yml', ...noUser }).config
    expect(hybrid.hybrid_workflows.feature_implementation!.steps.at(-1)).toEqual({
      handoff: 'claude',
      task: 'Security review and integration',
    })
    const model = loadConfig({ cwd: fixtures, configFile: 'model-configuration.json', ...noUser }).config
    expect(model.model).toMatchObject({ model: 'gpt-4-turbo', max_tokens: 4096, safety_instructions: 'strict' })
  })

  it('loads the starter config that init writes', () => {
    const dir = project({ '.codex/config.yml': STARTER_CONFIG })
    const { config } = loadConfig({ cwd: dir, ...noUser })
    expect(config.agents.code_generator?.triggers).toEqual(['generate', 'scaffold', 'create'])
    expect(config.analyze.fail_on).toBe('high')
  })

  it('applies defaults < user < project (.codexrc then .codex/config.yml) < env < flags', () => {
    const user = project({ 'config.yml': 'mode: cloud\nanalyze:\n  fail_on: low\n  max_file_bytes: 10\nserver:\n  port: 1111\n' })
    const dir = project({
      '.codexrc': 'analyze:\n  max_file_bytes: 20\n  workers: 1\n',
      '.codex/config.yml': 'analyze:\n  workers: 2\nserver:\n  port: 2222\n',
    })
    const { config, sources } = loadConfig({
      cwd: dir,
      userConfigDir: user,
      env: { CODEX_AGENT_SERVER__PORT: '3333', CODEX_AGENT_MODE: 'hybrid', CODEX_AGENT_OPENAI_API_KEY: 'sk-not-config' },
      overrides: { mode: 'local' },
    })
    expect(sources).toEqual([join(user, 'config.yml'), join(dir, '.codexrc'), join(dir, '.codex/config.yml')])
    expect(config.analyze.fail_on).toBe('low') // user only
    expect(config.analyze.max_file_bytes).toBe(20) // project beats user
    expect(config.analyze.workers).toBe(2) // .codex/config.yml beats .codexrc
    expect(config.server.port).toBe(3333) // env beats project
    expect(config.mode).toBe('local') // flags beat env
    expect(config.server.host).toBe('127.0.0.1') // default
  })

  it('names the file, the key path and what was expected', () => {
    const dir = project({ '.codex/config.yml': 'agents:\n  code_generator:\n    temperature: hot\n' })
    expect(() => loadConfig({ cwd: dir, ...noUser })).toThrowError(ConfigError)
    expect(() => loadConfig({ cwd: dir, ...noUser })).toThrowError(
      new RegExp(`${join(dir, '.codex/config.yml').replace(/[.]/g, '\\.')}: at "agents\\.code_generator\\.temperature": .*expected number`),
    )
  })

  it('reports unknown keys, YAML syntax errors with a line, and bad env values', () => {
    const typo = project({ '.codexrc': 'mdoe: local\n' })
    expect(() => loadConfig({ cwd: typo, ...noUser })).toThrowError(/\.codexrc: at "\(top level\)": unknown key\(s\) mdoe/)
    const broken = project({ '.codexrc': 'mode: local\nagents: [\n' })
    expect(() => loadConfig({ cwd: broken, ...noUser })).toThrowError(/\.codexrc \(line \d+\): not valid YAML/)
    expect(() => loadConfig({ cwd: typo, configFile: 'missing.yml', ...noUser })).toThrowError(/does not exist/)
    const clean = project({})
    expect(() => loadConfig({ cwd: clean, env: { CODEX_AGENT_MODE: 'sideways' }, userConfigDir: '/none' })).toThrowError(
      /CODEX_AGENT_\* environment variables: at "mode"/,
    )
  })

  it('maps CODEX_AGENT_* variables with __ nesting and ignores unrelated ones', () => {
    expect(
      configFromEnv({
        CODEX_AGENT_ANALYZE__FAIL_ON: 'medium',
        CODEX_AGENT_MODEL: 'ollama:qwen',
        CODEX_AGENT_DATABASE_URL: 'postgres://x',
        PATH: '/bin',
      }),
    ).toEqual({
      analyze: { fail_on: 'medium' },
      model: { model: 'ollama:qwen' },
    })
  })
})
