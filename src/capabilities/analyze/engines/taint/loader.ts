/** Loads the taint data: built-in YAML beside the rules plus a project's `.codex/taint/`, validated. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from '../../../../core/errors.js'
import { sha256 } from '../../../../core/hash.js'
import { compileSpec, KindsFile, TaintGroupFile, type CompiledSpec, type KindInfo, type TaintGroup, type TaintLanguage } from './spec.js'
import { listYamlFiles } from '../rule-loader.js'
import { codeStamp, derivedStore } from '../private-cache.js'

/**
 * The built-in data: `dist/capabilities/analyze/taint/` when the build copied it there, else the
 * source tree's `src/capabilities/analyze/taint/` (running from sources, or a build that did not copy it).
 */
function builtinDir(): string {
  const candidates = [
    fileURLToPath(new URL('../../taint/', import.meta.url)),
    fileURLToPath(new URL('../../../../../src/capabilities/analyze/taint/', import.meta.url)),
  ]
  return candidates.find((d) => existsSync(join(d, 'kinds.yml'))) ?? candidates[0]!
}

export const BUILTIN_TAINT_DIR = builtinDir()

export interface TaintSpecs {
  js: CompiledSpec
  python: CompiledSpec
  /** Hash of every data file: part of the analysis cache key. */
  hash: string
}

function parseFile(file: string, text: string): unknown {
  try {
    return parseYaml(text)
  } catch (error) {
    throw new ConfigError(`Taint file ${file} is not valid YAML: ${(error as Error).message}`)
  }
}

function issue(file: string, error: { issues: Array<{ path: PropertyKey[]; message: string }> }): never {
  const first = error.issues[0]!
  const at = first.path.length ? first.path.map(String).join('.') : '(top level)'
  throw new ConfigError(`Taint file ${file}: at "${at}": ${first.message}`)
}

const memo = new Map<string, TaintSpecs>()

/** Parses and validates the data files (errors name the file and the key path). */
function validate(files: string[], texts: string[]): { kinds: KindInfo[]; groups: TaintGroup[] } {
  const kinds: KindInfo[] = []
  const groups: TaintGroup[] = []
  files.forEach((file, i) => {
    const name = relative(process.cwd(), file) || file
    const data = parseFile(name, texts[i]!)
    if (data && typeof data === 'object' && 'kinds' in data) {
      const parsed = KindsFile.safeParse(data)
      if (!parsed.success) issue(name, parsed.error)
      for (const [kind, info] of Object.entries(parsed.data.kinds)) {
        const existing = kinds.findIndex((k) => k.name === kind)
        const entry = { ...info, name: kind, bit: existing >= 0 ? existing : kinds.length }
        if (existing >= 0) kinds[existing] = entry
        else kinds.push(entry)
      }
      return
    }
    const parsed = TaintGroupFile.safeParse(data)
    if (!parsed.success) issue(name, parsed.error)
    groups.push(parsed.data)
  })
  return { kinds, groups }
}

let schemaStamp: string | null | undefined

/**
 * The validated data of these files (by content hash and the schema's code) in the per-user cache:
 * parsing and validating the YAML costs ~50-80 ms at every start, more than most runs' taint work.
 */
function validatedStore(hash: string) {
  if (schemaStamp === undefined)
    schemaStamp = codeStamp([new URL('./spec.js', import.meta.url), new URL('./loader.js', import.meta.url)]) ?? null
  return schemaStamp === null ? undefined : derivedStore<{ kinds: KindInfo[]; groups: TaintGroup[] }>('taint', sha256(hash, schemaStamp))
}

/** Built-in data plus extra directories (a project's `.codex/taint/`); missing directories are ignored. */
export function loadTaintSpecs(extraDirs: string[] = []): TaintSpecs {
  const dirs = [BUILTIN_TAINT_DIR, ...extraDirs.filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory())]
  const files = dirs.flatMap(listYamlFiles)
  const texts = files.map((f) => readFileSync(f, 'utf8'))
  const hash = sha256('taint', ...files.map((f, i) => `${relative(BUILTIN_TAINT_DIR, f)}\0${texts[i]}`))
  const cached = memo.get(hash)
  if (cached) return cached
  const store = validatedStore(hash)
  const stored = store?.read()
  const { kinds, groups } = stored ?? validate(files, texts)
  if (!stored) store?.write({ kinds, groups })
  // Bits 28-30 of a taint's `cleared` mask record prototype-name checks (analyzer.ts).
  if (kinds.length > 28) throw new ConfigError(`Taint data declares ${kinds.length} kinds; at most 28 are supported`)
  for (const group of groups) {
    for (const sink of group.sinks) {
      if (!kinds.some((k) => k.name === sink.kind)) {
        throw new ConfigError(`Taint group "${group.name}": sink ${sink.id} has unknown kind "${sink.kind}"`)
      }
    }
  }
  const build = (language: TaintLanguage) => compileSpec(language, kinds, groups)
  const specs: TaintSpecs = { js: build('js'), python: build('python'), hash }
  memo.set(hash, specs)
  return specs
}
