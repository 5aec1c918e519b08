/**
 * Cross-module taint: joins what each file reported on its own (in parallel, cached) — exported
 * functions whose parameters reach a sink, and calls into the project's own modules with untrusted
 * arguments — into findings at the call sites. Pure data: no file is parsed again.
 */
import { posix } from 'node:path'
import type { FlowStep } from '../../../../core/finding.js'
import type { ModuleTaintInfo, TaintMatch } from './index.js'
import { taintRuleMeta } from './index.js'
import type { TaintSpecs } from './loader.js'

const JS_EXTENSIONS = [
  '',
  '.js',
  '.ts',
  '.mjs',
  '.cjs',
  '.tsx',
  '.jsx',
  '.mts',
  '.cts',
  '/index.js',
  '/index.ts',
  '/index.mjs',
  '/index.tsx',
]

/** The analyzed file a module specifier names, relative to the importing file. */
export function resolveModule(from: string, specifier: string, language: 'js' | 'python', files: Set<string>): string | undefined {
  const dir = posix.dirname(from)
  if (language === 'js') {
    if (!specifier.startsWith('.')) return undefined
    const base = posix.normalize(posix.join(dir, specifier))
    const stripped = base.replace(/\.(js|mjs|cjs|jsx)$/, '')
    for (const candidate of [base, stripped]) {
      for (const ext of JS_EXTENSIONS) if (files.has(candidate + ext)) return candidate + ext
    }
    return undefined
  }
  // Python: `.db`, `..pkg.mod`, or an absolute `app.db` (tried from the root and beside the importer).
  const dots = /^\.*/.exec(specifier)![0].length
  const rest = specifier.slice(dots).replace(/\./g, '/')
  const bases: string[] = []
  if (dots > 0) {
    let up = dir
    for (let i = 1; i < dots; i++) up = posix.dirname(up)
    bases.push(posix.normalize(posix.join(up, rest)))
  } else {
    bases.push(rest)
    if (dir !== '.') bases.push(posix.normalize(posix.join(dir, rest)))
  }
  for (const base of bases) {
    for (const candidate of [`${base}.py`, `${base}/__init__.py`])
      if (files.has(candidate.replace(/^\.\//, ''))) return candidate.replace(/^\.\//, '')
  }
  if (dots === 0) {
    const suffix = `/${rest}.py`
    for (const f of files) if (f.endsWith(suffix)) return f
  }
  return undefined
}

/**
 * Exported functions that receive untrusted data from another module but were not summarized when
 * their own file was analyzed (nothing in that file reached them): file -> export names.
 */
export function missingExports(infos: Map<string, ModuleTaintInfo>, files: Set<string>): Map<string, string[]> {
  const out = new Map<string, Set<string>>()
  for (const [caller, info] of infos) {
    for (const call of info.calls) {
      const target = resolveModule(caller, call.module, info.language, files)
      if (!target || target === caller) continue
      const name = call.name === '*' ? 'default' : call.name
      const known = infos.get(target)
      if (name.includes('.') || (known && Object.hasOwn(known.exports, name)) || known?.summarized?.includes(name)) continue
      out.set(target, (out.get(target) ?? new Set()).add(name))
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]))
}

/** Matches (for toFindings) at the call sites of calls that pass untrusted data into another module's sink. */
export function crossModuleMatches(
  infos: Map<string, ModuleTaintInfo>,
  specs: TaintSpecs,
  files = new Set(infos.keys()),
): Map<string, TaintMatch[]> {
  const out = new Map<string, TaintMatch[]>()
  for (const [caller, info] of infos) {
    const seen = new Set<string>()
    for (const call of info.calls) {
      const target = resolveModule(caller, call.module, info.language, files)
      if (!target || target === caller) continue
      const exportsOf = infos.get(target)?.exports ?? {}
      const name = call.name === '*' ? 'default' : call.name
      // Own properties only: a call named `constructor` or `toString` is not an export.
      const own = (n: string) => (Object.hasOwn(exportsOf, n) ? exportsOf[n] : undefined)
      const facts = own(name) ?? (name.includes('.') ? own(name.split('.').pop()!) : undefined)
      if (!facts) continue
      for (const fact of facts) {
        const kind = (info.language === 'js' ? specs.js : specs.python).kindByName.get(fact.kind)
        if (!kind) continue
        for (const arg of call.args) {
          if (arg.index !== fact.param) continue
          // A library caller's argument is untrusted for some kinds only, and not for shallow property writes.
          if (arg.kinds && !arg.kinds.includes(fact.kind)) continue
          if (arg.library && fact.shallow) continue
          const key = `${call.line}:${call.column}:${fact.kind}`
          if (seen.has(key)) continue
          seen.add(key)
          const flow: FlowStep[] = [
            ...arg.flow,
            { file: caller, line: call.line, column: call.column, message: `passed to ${name}() (${target})` },
            ...fact.flow,
          ]
          const meta = taintRuleMeta(info.language, kind)
          const rule = arg.confidence === 'high' ? { ...meta, confidence: 'medium' as const } : { ...meta, confidence: arg.confidence }
          const list = out.get(caller) ?? []
          list.push({
            rule,
            engine: 'taint',
            line: call.line,
            column: call.column,
            endLine: call.endLine,
            endColumn: call.endColumn,
            message: `Untrusted input from ${arg.source} is passed to ${name}() in ${target}, where it reaches ${fact.sink} (line ${fact.line}): ${kind.title.toLowerCase()}. ${kind.message}`,
            flow,
          })
          out.set(caller, list)
        }
      }
    }
  }
  return out
}
