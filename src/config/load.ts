/**
 * Loads config with precedence defaults < user (~/.config/codex-agent/) < project (.codexrc, then
 * .codex/config.yml) < CODEX_AGENT_* environment < flags. Each file is validated on its own so an
 * error names the file, the key path and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import type { z } from 'zod'
import { ConfigError } from '../core/errors.js'
import { CodexConfigSchema, type CodexConfig } from './schema.js'

type Plain = Record<string, unknown>

export interface LoadConfigOptions {
  /** Project root (where `.codex/` lives). */
  cwd: string
  /** `--config FILE`: used instead of the project's config files. */
  configFile?: string
  /** Flag overrides, already shaped like the config (e.g. `{ analyze: { fail_on: 'high' } }`). */
  overrides?: Plain
  env?: NodeJS.ProcessEnv
  /** Override for tests; defaults to $XDG_CONFIG_HOME or ~/.config. */
  userConfigDir?: string
}

export interface LoadedConfig {
  config: CodexConfig
  /** Files that contributed, lowest precedence first. */
  sources: string[]
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key]
    out[key] = isPlain(prev) && isPlain(value) ? deepMerge(prev, value) : value
  }
  return out
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)'
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ')
    return `at "${path}": unknown key(s) ${keys}. Check the spelling; see \`codex-agent init\` for every key.`
  }
  return `at "${path}": ${issue.message}`
}

export function validateLayer(data: unknown, origin: string): Plain {
  if (data === null || data === undefined) return {}
  if (!isPlain(data)) throw new ConfigError(`${origin}: expected a mapping of settings at the top level`)
  const parsed = CodexConfigSchema.safeParse(data)
  if (!parsed.success) throw new ConfigError(`${origin}: ${describeIssue(parsed.error.issues[0]!)}`)
  return data
}

function readConfigFile(file: string): Plain {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`)
  }
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : ''
    throw new ConfigError(`${file}${where}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  return validateLayer(data, file)
}

/** Top-level keys that may be set from the environment; others (secrets, URLs) are read elsewhere. */
const ENV_SECTIONS = new Set(['mode', 'model', 'analyze', 'server'])

/**
 * `CODEX_AGENT_MODE=cloud`, `CODEX_AGENT_ANALYZE__FAIL_ON=high` (`__` nests), values parsed as YAML
 * scalars so numbers and booleans work. Unrelated CODEX_AGENT_* variables (API keys) are ignored.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): Plain {
  let out: Plain = {}
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('CODEX_AGENT_') || raw === undefined) continue
    const path = name.slice('CODEX_AGENT_'.length).toLowerCase().split('__')
    if (!ENV_SECTIONS.has(path[0]!)) continue
    if (path[0] === 'model' && path.length === 1) path.push('model')
    let value: unknown = raw
    try {
      value = parseYaml(raw)
    } catch {
      value = raw
    }
    const layer = path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value) as Plain
    out = deepMerge(out, layer)
  }
  return out
}

export function projectConfigFiles(cwd: string): string[] {
  return [join(cwd, '.codexrc'), join(cwd, '.codexrc.yml'), join(cwd, '.codex', 'config.yml'), join(cwd, '.codex', 'config.yaml')].filter(
    (f) => existsSync(f),
  )
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env
  const userDir = options.userConfigDir ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'codex-agent')
  const files: string[] = []
  const userFile = ['config.yml', 'config.yaml'].map((f) => join(userDir, f)).find((f) => existsSync(f))
  if (userFile) files.push(userFile)
  if (options.configFile) {
    const file = resolve(options.cwd, options.configFile)
    if (!existsSync(file)) throw new ConfigError(`Config file ${file} (from --config) does not exist`)
    files.push(file)
  } else {
    files.push(...projectConfigFiles(options.cwd))
  }
  let merged: Plain = {}
  for (const file of files) merged = deepMerge(merged, readConfigFile(file))
  merged = deepMerge(merged, validateLayer(configFromEnv(env), 'CODEX_AGENT_* environment variables'))
  if (options.overrides) merged = deepMerge(merged, validateLayer(options.overrides, 'command-line flags'))
  const parsed = CodexConfigSchema.safeParse(merged)
  if (!parsed.success) throw new ConfigError(`Merged configuration: ${describeIssue(parsed.error.issues[0]!)}`)
  return { config: parsed.data, sources: files }
}
