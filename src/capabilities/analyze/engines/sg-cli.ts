/**
 * The batch path of the ast-grep engine: ast-grep's own command-line scanner (`ast-grep scan`, the
 * `@ast-grep/cli` package) runs every YAML rule over a whole batch of files in one multi-threaded
 * process that compiles each rule once, where the Node binding recompiles and re-walks per rule and
 * file. Its matches go through the same selection, pre-filter and Finding assembly as the binding's
 * (see `astGrepScanMatches` in ast-grep.ts), so the findings are the same.
 *
 * Rules are written once per rule set to a content-hashed folder in the per-user cache under the OS
 * temp dir (private-cache.ts): one file per rule and grammar, with its conjunctions ordered cheap-first
 * (rule-order.ts), plus `sgconfig.yml`. A rule the scanner refuses is left out and stays on the
 * binding. Anything else (no binary for this platform, a file whose extension ast-grep maps to
 * another grammar, a BOM, an `ast-grep-ignore` comment, a failed or cancelled scan) leaves the file
 * on the binding. `CODEX_AST_GREP_CLI=0` turns the batch path off; `CODEX_AST_GREP_CLI=always` uses it
 * for any number of files (see batch-scan.ts).
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { sha256 } from '../../../core/hash.js'
import { ruleLanguageCovers, type Language } from '../languages.js'
import { asciiRegexes } from './ascii-regex.js'
import { privateCacheDir } from './private-cache.js'
import { metricScanRules } from './metrics.js'
import { orderRuleSet } from './rule-order.js'
import type { Rule } from './rule-schema.js'

const require = createRequire(import.meta.url)

/** The grammars the batch path serves, by our language name, with ast-grep's name for each. */
export const SG_LANGUAGES: Partial<Record<Language, string>> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  tsx: 'Tsx',
  python: 'Python',
}

/** ast-grep's own extension → grammar table for those grammars (a file must land on the same one). */
const SG_EXTENSIONS: Record<string, Language> = {
  '.js': 'javascript',
  '.cjs': 'javascript',
  '.mjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.cts': 'typescript',
  '.mts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.pyi': 'python',
}

/** One match as the scanner reports it: 0-based lines, columns in code points. */
export interface ScanMatch {
  ruleId: string
  line: number
  column: number
  endLine: number
  endColumn: number
  /** The matched text, kept for helper rules only. */
  text?: string
}

/**
 * Helper rules (ids start with `codex:`, which rule ids cannot): the first syntax error, and the
 * metrics engine's (metrics.ts `metricScanRules`), so files need no tree of their own for those.
 */
export const SCAN_SYNTAX = 'codex:syntax'
const isHelper = (id: string) => id.startsWith('codex:')

/** The rules the scanner runs, per language: rule id set. */
export type ScanRuleIds = Partial<Record<Language, string[]>>

export interface ScanRuleSet {
  dir: string
  config: string
  binary: string
  ruleIds: ScanRuleIds
  /** Helper rules per language. */
  helpers: ScanRuleIds
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@ast-grep/cli-linux-x64-gnu',
  'linux-arm64': '@ast-grep/cli-linux-arm64-gnu',
  'darwin-x64': '@ast-grep/cli-darwin-x64',
  'darwin-arm64': '@ast-grep/cli-darwin-arm64',
  'win32-x64': '@ast-grep/cli-win32-x64-msvc',
  'win32-ia32': '@ast-grep/cli-win32-ia32-msvc',
  'win32-arm64': '@ast-grep/cli-win32-arm64-msvc',
}

function isMusl(): boolean {
  if (process.platform !== 'linux') return false
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined
  return !report?.header?.glibcVersionRuntime
}

let binaryMemo: { path: string; version: string } | null | undefined

/**
 * The platform's ast-grep binary from its npm package (resolved directly: npm may not run the
 * `@ast-grep/cli` postinstall script that would link it), or undefined when there is none.
 */
export function sgBinary(): { path: string; version: string } | undefined {
  if (binaryMemo !== undefined) return binaryMemo ?? undefined
  binaryMemo = null
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`]
  if (!pkg || isMusl()) return undefined
  try {
    const manifest = require.resolve(`${pkg}/package.json`)
    const path = join(dirname(manifest), process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep')
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
    if (statSync(path, { throwIfNoEntry: false })?.isFile()) binaryMemo = { path, version }
  } catch {
    // Not installed for this platform: the Node binding does the work.
  }
  return binaryMemo ?? undefined
}

function helperDocument(id: string, language: Language, rule: Record<string, unknown>): string {
  return JSON.stringify({ id: `${id}@${language}`, language: SG_LANGUAGES[language], severity: 'hint', message: id, rule })
}

/** The scanner's rule document for one rule in one grammar (JSON is YAML). */
function ruleDocument(rule: Rule, language: Language): string {
  const doc: Record<string, unknown> = {
    id: `${rule.id}@${language}`,
    language: SG_LANGUAGES[language],
    severity: 'hint',
    message: rule.id,
  }
  const ordered = orderRuleSet(asciiRegexes(rule.rule!), rule.utils ? asciiRegexes(rule.utils) : undefined)
  doc.rule = ordered.rule
  if (rule.constraints) doc.constraints = asciiRegexes(rule.constraints)
  if (ordered.utils) doc.utils = ordered.utils
  return JSON.stringify(doc)
}

const ruleSetMemo = new Map<string, ScanRuleSet | null>()

/** Where the generated rule folders live (one per rule set and binary version), if anywhere. */
export function scanCacheRoot(): string | undefined {
  const dir = privateCacheDir()
  return dir && join(dir, 'ast-grep')
}

/**
 * The scanner's rule folder for these rules (created on first use, validated by the scanner itself),
 * or undefined when there is no binary or the scanner cannot load the rules at all.
 */
export function prepareScanRules(rules: Rule[]): ScanRuleSet | undefined {
  const binary = sgBinary()
  if (!binary) return undefined
  // Keyed by what the documents are made from (rules and the code that translates them), so an
  // existing folder is found without translating every rule again.
  const stamp = translationStamp()
  const source = JSON.stringify(rules.map((r) => [r.id, r.language, r.rule, r.constraints, r.utils, r.metric]))
  const key = sha256(binary.path, binary.version, stamp ?? '', stamp ? source : JSON.stringify(scanDocuments(rules))).slice(0, 24)
  const memo = ruleSetMemo.get(key)
  if (memo !== undefined) return memo ?? undefined
  const root = scanCacheRoot()
  if (!root) return undefined
  const dir = join(root, key)
  const config = join(dir, 'sgconfig.yml')
  let set: ScanRuleSet | undefined
  try {
    const manifestFile = join(dir, 'manifest.json')
    if (!existsSync(manifestFile)) {
      const docs = scanDocuments(rules)
      if (!docs.some((d) => !isHelper(d.id))) throw new Error('no pattern rule for the scanner')
      build(root, dir, docs, binary.path)
    } else {
      // In use: not pruned as old by another rule set's build.
      const now = new Date()
      utimesSync(dir, now, now)
    }
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { ruleIds: ScanRuleIds; helpers: ScanRuleIds }
    set = { dir, config, binary: binary.path, ruleIds: manifest.ruleIds, helpers: manifest.helpers }
  } catch {
    set = undefined
  }
  ruleSetMemo.set(key, set ?? null)
  return set
}

let codeStamp: string | null | undefined

/** Hash of the compiled code that turns rules into scanner documents (undefined when run from sources). */
function translationStamp(): string | undefined {
  if (codeStamp === undefined) {
    try {
      const files = ['./sg-cli.js', './rule-order.js', './ascii-regex.js', './metrics.js']
      codeStamp = sha256(...files.map((f) => readFileSync(new URL(f, import.meta.url), 'utf8')))
    } catch {
      codeStamp = null
    }
  }
  return codeStamp ?? undefined
}

/** The file of a rule's document for one grammar in a rule folder. */
const documentFile = (id: string, language: Language) => `${sha256(id, language).slice(0, 16)}.yml`

/** The scanner's rule documents: each pattern rule per grammar, and the helper rules. */
function scanDocuments(rules: Rule[]): ScanDocument[] {
  const docs: ScanDocument[] = []
  const add = (id: string, language: Language, text: string) => docs.push({ id, language, file: documentFile(id, language), text })
  for (const language of Object.keys(SG_LANGUAGES) as Language[]) {
    const helpers = new Map<string, Record<string, unknown>>([[SCAN_SYNTAX, { kind: 'ERROR' }]])
    for (const rule of rules) {
      if (!ruleLanguageCovers(rule.language, language)) continue
      if (rule.rule !== undefined) add(rule.id, language, ruleDocument(rule, language))
      for (const [id, helper] of Object.entries(metricScanRules(rule, language))) helpers.set(id, helper)
    }
    for (const [id, helper] of helpers) add(id, language, helperDocument(id, language, helper))
  }
  return docs
}

/** Writes the rule folder under a staging name, drops rules the scanner refuses, then renames it into place. */
interface ScanDocument {
  id: string
  language: Language
  file: string
  text: string
}

function build(root: string, dir: string, docs: ScanDocument[], binary: string) {
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`
  mkdirSync(join(staging, 'rules'), { recursive: true })
  try {
    for (const d of docs) writeFileSync(join(staging, 'rules', d.file), `${d.text}\n`)
    writeFileSync(join(staging, 'sgconfig.yml'), 'ruleDirs:\n  - rules\n')
    const probe = join(staging, 'probe.js')
    writeFileSync(probe, '\n')
    const kept = new Map(docs.map((d) => [d.file, d]))
    // The scanner checks every rule when it loads them and stops at the first it cannot use.
    for (let loaded = false; !loaded;) {
      const result = spawnSync(binary, ['scan', '-c', join(staging, 'sgconfig.yml'), '--json=compact', probe], {
        cwd: staging,
        encoding: 'utf8',
        timeout: 60_000,
      })
      loaded = result.status === 0
      if (loaded) break
      const refused = /Cannot parse rule (.+\.yml)/.exec(result.stderr ?? '')?.[1]
      const name = refused ? refused.trim().split(/[\\/]/).pop()! : undefined
      if (!name || !kept.has(name))
        throw new Error(`ast-grep scan cannot load the rules: ${(result.stderr ?? result.error?.message ?? '').slice(0, 200)}`)
      kept.delete(name)
      rmSync(join(staging, 'rules', name))
    }
    rmSync(probe)
    const ruleIds: ScanRuleIds = {}
    const helpers: ScanRuleIds = {}
    for (const d of kept.values()) ((isHelper(d.id) ? helpers : ruleIds)[d.language] ??= []).push(d.id)
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify({ ruleIds, helpers }))
    try {
      renameSync(staging, dir)
    } catch (error) {
      // Another process built the same folder first: theirs is identical.
      if (!existsSync(join(dir, 'manifest.json'))) throw error
    }
    pruneOld(root, dir)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Rule folders of other rule sets not used for a week are removed. */
function pruneOld(root: string, keep: string): void {
  const cutoff = Date.now() - 7 * 24 * 3600 * 1000
  for (const name of readdirSync(root)) {
    const full = join(root, name)
    if (full === keep) continue
    const stat = statSync(full, { throwIfNoEntry: false })
    if (stat && stat.mtimeMs < cutoff) rmSync(full, { recursive: true, force: true })
  }
}

export interface ScanFile {
  /** Workspace-relative path (the key of the result). */
  path: string
  /** Absolute path on disk. */
  absolute: string
  language: Language
  /** The text the other engines analyze; the file on disk must hold exactly this. */
  text: string
}

/**
 * Whether the scanner would read this file exactly as the other engines see it: same grammar by
 * extension, the same bytes on disk (no BOM stripped, not changed since read), and no
 * `ast-grep-ignore` comment (the scanner honours those; the binding does not).
 */
export function scannable(file: ScanFile): boolean {
  if (SG_EXTENSIONS[extname(file.absolute).toLowerCase()] !== file.language) return false
  if (extname(file.absolute) !== extname(file.absolute).toLowerCase()) return false
  if (file.text.includes('ast-grep-ignore')) return false
  const size = statSync(file.absolute, { throwIfNoEntry: false })?.size
  return size === Buffer.byteLength(file.text, 'utf8')
}

export interface ScanResult {
  /** Matches by workspace-relative path, for every file the scanner reported as scanned. */
  matches: Map<string, ScanMatch[]>
}

/** Longest command line per scanner run (Windows allows 32k characters; elsewhere far more). */
const MAX_ARGS_CHARS = process.platform === 'win32' ? 24_000 : 200_000

/**
 * Runs the scanner over the files (in as few processes as the command line allows) with the rules
 * and helper rules in `ruleIds` (all when undefined). Files it did not report as scanned are absent from the result.
 */
export async function runScan(
  set: ScanRuleSet,
  files: ScanFile[],
  ruleIds: Set<string> | undefined,
  signal?: AbortSignal,
  config: string = set.config,
): Promise<ScanResult> {
  const byAbsolute = new Map(files.map((f) => [f.absolute, f.path]))
  const result: ScanResult = { matches: new Map() }
  const args = ['scan', '-c', config, '--json=stream', '--inspect', 'entity', '--color', 'never']
  if (ruleIds) {
    const escaped = [...ruleIds].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    args.push('--filter', `^(${escaped.join('|')})@`)
  }
  const base = args.reduce((n, a) => n + a.length + 1, set.binary.length)
  let chunk: string[] = []
  let length = base
  const chunks: string[][] = []
  for (const f of files) {
    if (chunk.length > 0 && length + f.absolute.length + 1 > MAX_ARGS_CHARS) {
      chunks.push(chunk)
      chunk = []
      length = base
    }
    chunk.push(f.absolute)
    length += f.absolute.length + 1
  }
  if (chunk.length) chunks.push(chunk)
  for (const paths of chunks) await scanChunk(set, [...args, '--', ...paths], byAbsolute, result, signal)
  return result
}

function scanChunk(
  set: ScanRuleSet,
  args: string[],
  byAbsolute: Map<string, string>,
  result: ScanResult,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'))
    // Output goes to files, not pipes: with pipes the scanner waits whenever the main thread is busy
    // with other engines and has not drained them (it measured 2-3× slower).
    const scratch = mkdtempSync(join(tmpdir(), 'codex-sg-'))
    const outFile = join(scratch, 'out.jsonl')
    const errFile = join(scratch, 'err.txt')
    const out = openSync(outFile, 'w')
    const err = openSync(errFile, 'w')
    let child
    try {
      child = spawn(set.binary, args, { cwd: set.dir, stdio: ['ignore', out, err], signal })
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true })
      return reject(error as Error)
    } finally {
      closeSync(out)
      closeSync(err)
    }
    const finish = (error?: Error) => {
      rmSync(scratch, { recursive: true, force: true })
      if (error) reject(error)
      else resolve()
    }
    child.on('error', finish)
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`ast-grep scan exited with ${code}`)
        collect(readFileSync(outFile, 'utf8'), readFileSync(errFile, 'utf8'), byAbsolute, result)
        finish()
      } catch (error) {
        finish(error as Error)
      }
    })
  })
}

/** Reads the scanner's `--json=stream` output and `--inspect entity` lines into `result`. */
function collect(stdout: string, stderr: string, byAbsolute: Map<string, string>, result: ScanResult): void {
  const scanned = new Set<string>()
  for (const line of stderr.split('\n')) {
    // "sg: entity|file|<path>: language=...,appliedRuleCount=N"
    if (line.startsWith('sg: entity|file|')) {
      const end = line.lastIndexOf(': language=')
      if (end > 0) scanned.add(line.slice('sg: entity|file|'.length, end))
    } else if (line && !line.startsWith('sg: ')) {
      throw new Error(`ast-grep scan: ${line}`)
    }
  }
  const found = new Map<string, ScanMatch[]>()
  for (const line of stdout.split('\n')) {
    if (!line) continue
    const m = JSON.parse(line) as {
      ruleId: string
      text: string
      file: string
      range: { start: { line: number; column: number }; end: { line: number; column: number } }
    }
    const path = byAbsolute.get(m.file)
    const at = m.ruleId.lastIndexOf('@')
    if (path === undefined || at < 0) throw new Error(`unexpected match for ${m.file} (${m.ruleId})`)
    const ruleId = m.ruleId.slice(0, at)
    const match: ScanMatch = {
      ruleId,
      line: m.range.start.line,
      column: m.range.start.column,
      endLine: m.range.end.line,
      endColumn: m.range.end.column,
    }
    if (isHelper(ruleId)) match.text = m.text
    const list = found.get(path)
    if (list) list.push(match)
    else found.set(path, [match])
  }
  for (const absolute of scanned) {
    const path = byAbsolute.get(absolute)
    if (path !== undefined) result.matches.set(path, found.get(path) ?? [])
  }
}

/** Glob syntax in a path: such a path cannot be listed in a rule's `files:` as it is. */
const GLOB_SYNTAX = /[*?[\]{}\\]/

/**
 * A per-run copy of the rule folder in which each pattern rule lists, as ast-grep `files:` (or
 * `ignores:`, whichever list is shorter), the files `runsOn` allows it: the scanner then evaluates a
 * rule only on files that can match it (about a quarter of the rule-file pairs on a large code base),
 * where otherwise it tries every rule on every node of its kinds. A rule allowed nowhere is left out.
 * `runsOn` must be permissive: a file it refuses loses that rule's matches. Undefined when the paths
 * cannot be listed exactly (Windows, glob syntax in a path) or there is no private folder to write to.
 */
export function restrictedRuleFolder(
  set: ScanRuleSet,
  files: ScanFile[],
  ruleIds: Set<string> | undefined,
  runsOn: (ruleId: string, file: ScanFile) => boolean,
): { config: string; dispose(): void } | undefined {
  if (process.platform === 'win32' || files.some((f) => GLOB_SYNTAX.test(f.absolute))) return undefined
  const root = privateCacheDir()
  if (!root) return undefined
  let dir: string | undefined
  try {
    const runs = join(root, 'scan-runs')
    mkdirSync(runs, { recursive: true })
    // Folders of runs that ended without cleaning up (killed): gone after an hour.
    const cutoff = Date.now() - 3600_000
    for (const name of readdirSync(runs)) {
      const stat = statSync(join(runs, name), { throwIfNoEntry: false })
      if (stat && stat.mtimeMs < cutoff) rmSync(join(runs, name), { recursive: true, force: true })
    }
    dir = mkdtempSync(join(runs, 'run-'))
    mkdirSync(join(dir, 'rules'))
    writeFileSync(join(dir, 'sgconfig.yml'), 'ruleDirs:\n  - rules\n')
    const byLanguage = new Map<Language, ScanFile[]>()
    for (const f of files) {
      const list = byLanguage.get(f.language)
      if (list) list.push(f)
      else byLanguage.set(f.language, [f])
    }
    for (const [language, languageFiles] of byLanguage) {
      const copy = (id: string, edit?: (doc: Record<string, unknown>) => void) => {
        const file = documentFile(id, language)
        const text = readFileSync(join(set.dir, 'rules', file), 'utf8')
        let out = text
        if (edit) {
          const doc = JSON.parse(text) as Record<string, unknown>
          edit(doc)
          out = `${JSON.stringify(doc)}\n`
        }
        writeFileSync(join(dir!, 'rules', file), out)
      }
      for (const id of set.helpers[language] ?? []) if (!ruleIds || ruleIds.has(id)) copy(id)
      for (const id of set.ruleIds[language] ?? []) {
        if (ruleIds && !ruleIds.has(id)) continue
        const allowed = languageFiles.filter((f) => runsOn(id, f))
        if (allowed.length === 0) continue
        if (allowed.length === languageFiles.length) copy(id)
        else if (allowed.length * 2 <= languageFiles.length) copy(id, (doc) => (doc.files = allowed.map((f) => f.absolute)))
        else {
          const kept = new Set(allowed)
          const refused = languageFiles.filter((f) => !kept.has(f))
          copy(id, (doc) => (doc.ignores = refused.map((f) => f.absolute)))
        }
      }
    }
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  const folder = dir
  return { config: join(folder, 'sgconfig.yml'), dispose: () => rmSync(folder, { recursive: true, force: true }) }
}
