/**
 * Inline suppressions: `codex-ignore RULE[,RULE...] -- reason` in a comment on the flagged line or the
 * line above it; `codex-ignore-file RULE` anywhere suppresses the rule in the whole file. `*` means all.
 */

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean
}

/** A comment opener and the directive; the rest of the line is read by `parseDirective`. */
const HEAD = /(?:\/\/|#|\/\*|<!--)\s*codex-ignore(-file)?(?=\s)/

/**
 * `codex-ignore[-file] ids [-- reason] [*\/|-->]` on a line. Read in steps rather than with one regex:
 * a single pattern with the optional parts' whitespace took time polynomial in a line of spaces
 * (the ReDoS engine's own finding), and every analyzed line passes through here.
 */
function parseDirective(text: string): { fileWide: boolean; ids: string; index: number } | undefined {
  const head = HEAD.exec(text)
  if (!head) return undefined
  let rest = text.slice(head.index + head[0].length).trimEnd()
  if (rest.endsWith('*/')) rest = rest.slice(0, -2)
  else if (rest.endsWith('-->')) rest = rest.slice(0, -3)
  const reason = rest.search(/\s--\s/)
  const ids = (reason >= 0 ? rest.slice(0, reason) : rest).trim()
  if (!ids || !/^[\w*,\s-]+$/.test(ids)) return undefined
  return { fileWide: head[1] !== undefined, ids, index: head.index }
}

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
    const match = parseDirective(text)
    if (!match) return
    const ids = parseIds(match.ids)
    if (match.fileWide) {
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
