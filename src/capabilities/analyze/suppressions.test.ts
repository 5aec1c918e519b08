/** Inline suppressions: which lines and rules a `codex-ignore` comment covers. */
import { describe, expect, it } from 'vitest'
import { parseSuppressions } from './suppressions.js'

const covered = (source: string, rule: string) => {
  const lines = source.split('\n')
  const suppressions = parseSuppressions(lines)
  return lines.map((_, i) => i + 1).filter((line) => suppressions.isSuppressed(rule, line))
}

describe('parseSuppressions', () => {
  it('covers the next line from a comment alone on its line, and its own line from a trailing one', () => {
    const code = ['// codex-ignore js-eval -- reviewed: constant input', 'eval(a)', 'eval(b) // codex-ignore js-eval', 'eval(c)'].join('\n')
    expect(covered(code, 'js-eval')).toEqual([2, 3])
    expect(covered(code, 'js-other')).toEqual([])
  })

  it('reads lists, `*`, file-wide directives and the comment styles of every language', () => {
    expect(covered('x = 1  # codex-ignore py-a, py-b -- why\ny = 2', 'py-b')).toEqual([1])
    expect(covered('<!-- codex-ignore * -->\n<p>', 'any-rule')).toEqual([2])
    expect(covered('/* codex-ignore js-a */\nf()', 'js-a')).toEqual([2])
    expect(covered('a\n// codex-ignore-file js-a\nb', 'js-a')).toEqual([1, 2, 3])
  })

  it('ignores directives with characters an id cannot have, and text that only mentions the word', () => {
    expect(covered('// codex-ignore js.a\nf()', 'js.a')).toEqual([])
    expect(covered('const codexIgnore = "codex-ignore"\nf()', '*')).toEqual([])
  })

  it('reads a line of thousands of spaces after the directive at once (a single regex took seconds)', () => {
    const line = `# codex-ignore  ${' '.repeat(20_000)}!`
    expect(covered(`${line}\nx = 1`, 'py-a')).toEqual([])
    expect(covered(`# codex-ignore py-a${' '.repeat(20_000)}\nx = 1`, 'py-a')).toEqual([2])
  })
})
