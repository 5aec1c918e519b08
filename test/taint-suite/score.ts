/**
 * Scores `analyze` on the labelled taint suite: per language and family, the true-positive rate on
 * `vuln:` lines and the false-positive rate on `safe:` lines (a finding counts on the labelled line
 * with the labelled family, the family coming from the finding's CWE as in families.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAnalyze, type AnalyzeResult } from '../../src/capabilities/analyze/index.js'
import { familyOf } from '../../src/capabilities/analyze/families.js'
import { defaultConfig } from '../../src/config/schema.js'
import { createContext } from '../../src/core/context.js'

export const SUITE = fileURLToPath(new URL('./cases', import.meta.url))

export interface Label {
  file: string
  line: number
  family: string
  kind: 'vuln' | 'safe'
  language: 'js' | 'py'
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

export function readLabels(root = SUITE): Label[] {
  const labels: Label[] = []
  for (const file of listFiles(root)) {
    const rel = relative(root, file).split('\\').join('/')
    const language = rel.startsWith('js/') ? 'js' : 'py'
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const match = /^\s*(?:\/\/|#) (vuln|safe): ([a-z-]+)\s*$/.exec(text)
        if (match) labels.push({ file: rel, line: i + 2, family: match[2]!, kind: match[1] as 'vuln' | 'safe', language })
      })
  }
  return labels
}

export async function analyzeSuite(taint: boolean, root = SUITE): Promise<AnalyzeResult> {
  const config = defaultConfig()
  config.analyze.taint = taint
  const ctx = createContext({ workspace: root, config })
  return runAnalyze({ path: '.', analysis_type: ['security'], cache: false, fail_on: 'none' }, ctx)
}

export interface FamilyScore {
  family: string
  vuln: number
  safe: number
  tp: number
  fp: number
}

export interface LanguageScore {
  language: 'js' | 'py'
  families: FamilyScore[]
  vuln: number
  safe: number
  tp: number
  fp: number
  tpr: number
  fpr: number
  /** TPR − FPR over every twin of the language. */
  score: number
  /** Labels missed (vuln) or wrongly flagged (safe), for debugging. */
  misses: Label[]
  falseAlarms: Label[]
}

/** `engine` = count only that engine's findings (e.g. 'taint' for the data-flow engine on its own). */
export function score(labels: Label[], result: AnalyzeResult, engine?: string): LanguageScore[] {
  const hits = new Set<string>()
  for (const f of result.findings) {
    if (engine !== undefined && f.engine !== engine) continue
    const family = familyOf(f)
    if (family) hits.add(`${f.file}:${f.line}:${family}`)
  }
  const out: LanguageScore[] = []
  for (const language of ['js', 'py'] as const) {
    const mine = labels.filter((l) => l.language === language)
    const byFamily = new Map<string, FamilyScore>()
    const misses: Label[] = []
    const falseAlarms: Label[] = []
    for (const label of mine) {
      const entry = byFamily.get(label.family) ?? { family: label.family, vuln: 0, safe: 0, tp: 0, fp: 0 }
      byFamily.set(label.family, entry)
      const flagged = hits.has(`${label.file}:${label.line}:${label.family}`)
      if (label.kind === 'vuln') {
        entry.vuln++
        if (flagged) entry.tp++
        else misses.push(label)
      } else {
        entry.safe++
        if (flagged) {
          entry.fp++
          falseAlarms.push(label)
        }
      }
    }
    const families = [...byFamily.values()].sort((a, b) => a.family.localeCompare(b.family))
    const vuln = families.reduce((n, f) => n + f.vuln, 0)
    const safe = families.reduce((n, f) => n + f.safe, 0)
    const tp = families.reduce((n, f) => n + f.tp, 0)
    const fp = families.reduce((n, f) => n + f.fp, 0)
    const tpr = vuln ? tp / vuln : 0
    const fpr = safe ? fp / safe : 0
    out.push({ language, families, vuln, safe, tp, fp, tpr, fpr, score: tpr - fpr, misses, falseAlarms })
  }
  return out
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5)

export function table(scores: LanguageScore[], title: string): string {
  const lines = [title]
  for (const s of scores) {
    lines.push(
      `  ${s.language === 'js' ? 'JavaScript/TypeScript' : 'Python'}: TPR ${pct(s.tpr)}  FPR ${pct(s.fpr)}  TPR−FPR ${s.score.toFixed(2)}  (${s.vuln} vulnerable, ${s.safe} safe)`,
    )
    lines.push(`    ${'family'.padEnd(22)} ${'twins'.padStart(5)} ${'TPR'.padStart(5)} ${'FPR'.padStart(5)}`)
    for (const f of s.families) {
      lines.push(
        `    ${f.family.padEnd(22)} ${String(f.vuln).padStart(5)} ${pct(f.vuln ? f.tp / f.vuln : 0)} ${pct(f.safe ? f.fp / f.safe : 0)}`,
      )
    }
  }
  return lines.join('\n')
}
