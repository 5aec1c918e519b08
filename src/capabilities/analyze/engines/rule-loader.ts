/** Loads rule files: the built-in pack plus the user's `.codex/rules/`, validated, ids unique. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from '../../../core/errors.js'
import { sha256 } from '../../../core/hash.js'
import { codeStamp, derivedStore, type DerivedStore } from './private-cache.js'
import { RuleFile, type Rule } from './rule-schema.js'

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url))

/** Every `.yml`/`.yaml` file under a folder, recursively, sorted. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listYamlFiles(full))
    else if (/\.ya?ml$/.test(entry.name)) out.push(full)
  }
  return out.sort()
}

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.')
}

export function parseRuleFile(file: string, text: string): Rule {
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (error) {
    throw new ConfigError(`Rule file ${file} is not valid YAML: ${(error as Error).message}`)
  }
  const parsed = RuleFile.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(`Rule file ${file}: at "${formatPath(issue.path)}": ${issue.message}`)
  }
  return { ...parsed.data, source: file }
}

export interface RuleSet {
  rules: Rule[]
  /** Hash of every rule file's content: part of the analysis cache key. */
  hash: string
}

const memo = new Map<string, RuleSet>()

/** Loads rules from the built-in directory and any extra directories (later ones may not reuse ids). */
export function loadRules(extraDirs: string[] = []): RuleSet {
  const dirs = [BUILTIN_RULES_DIR, ...extraDirs.filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory())]
  const files = dirs.flatMap(listYamlFiles)
  const texts = files.map((f) => readFileSync(f, 'utf8'))
  const hash = sha256(...texts)
  const cached = memo.get(hash)
  if (cached) return cached
  const store = parsedStore(hash)
  const parsed = store?.read()
  const seen = new Map<string, string>()
  const rules = files.map((file, i) => {
    const source = relative(process.cwd(), file) || file
    const rule = parsed?.[i] ? { ...parsed[i], source } : parseRuleFile(source, texts[i]!)
    const previous = seen.get(rule.id)
    if (previous) throw new ConfigError(`Rule id "${rule.id}" is defined twice: in ${previous} and in ${file}`)
    seen.set(rule.id, file)
    return rule
  })
  if (!parsed) store?.write(rules.map(({ source: _source, ...data }) => data))
  const set = { rules, hash }
  memo.set(hash, set)
  return set
}

/** The code that decides what a parsed rule looks like: a change there must not reuse old parses. */
const SCHEMA_FILES = ['./rule-schema.js', '../languages.js', '../../../core/finding.js']
let schemaStamp: string | null | undefined

/**
 * Parsed and validated rule files, stored by the hash of their texts (and of the schema's code) in the
 * per-user cache: parsing ~250 YAML files costs ~0.2 s at every start, and again in every worker.
 */
function parsedStore(hash: string): DerivedStore<Array<Omit<Rule, 'source'>>> | undefined {
  if (schemaStamp === undefined) schemaStamp = codeStamp(SCHEMA_FILES.map((f) => new URL(f, import.meta.url))) ?? null
  return schemaStamp === null ? undefined : derivedStore('rules', sha256(hash, schemaStamp))
}
