/**
 * Inline suppressions: `codex-ignore RULE[,RULE...] -- reason` in a comment on the flagged line or the
 * line above it; `codex-ignore-file RULE` anywhere suppresses the rule in the whole file. `*` means all.
 */

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean
}

const DIRECTIVE = /(?:\/\/|#|\/\*|<!--)\s*codex-ignore(-file)?\s+([\w*,\s-]+?)(?:\s+--\s+.*)?\s*(?:\*\/|-->)?$/

function parseIds(list: string): Set<string> {
  return new Set(
    list
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  )
}

export function parseSuppressions(lines: string[]): Suppressions {
  const byLine = new Map<number, Set<string>>()
  const fileWide = new Set<string>()
  lines.forEach((text, i) => {
    if (!text.includes('codex-ignore')) return
    const match = DIRECTIVE.exec(text)
    if (!match) return
    const ids = parseIds(match[2]!)
    if (match[1]) {
      for (const id of ids) fileWide.add(id)
      return
    }
    const lineNo = i + 1
    // A directive alone on its line covers the next line; a trailing one covers its own line.
    const standalone = text.slice(0, match.index).trim() === ''
    const target = standalone ? lineNo + 1 : lineNo
    const set = byLine.get(target) ?? new Set<string>()
    for (const id of ids) set.add(id)
    byLine.set(target, set)
  })
  return {
    isSuppressed(ruleId, line) {
      if (fileWide.has('*') || fileWide.has(ruleId)) return true
      const ids = byLine.get(line)
      return ids !== undefined && (ids.has('*') || ids.has(ruleId))
    },
  }
}
