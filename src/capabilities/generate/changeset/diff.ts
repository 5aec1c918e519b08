/** Unified diffs (git style, a/ and b/ prefixes) of a change set's files. */
import { createTwoFilesPatch } from 'diff'

export interface DiffInput {
  path: string
  before: string | null
  after: string | null
}

/** One file's unified diff; empty when nothing changed. */
export function unifiedDiff({ path, before, after }: DiffInput): string {
  if (before === after) return ''
  const header = [`diff --git a/${path} b/${path}`]
  if (before === null) header.push('new file mode 100644')
  if (after === null) header.push('deleted file mode 100644')
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${path}`,
    after === null ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 },
  )
  // The library starts with a line of `=`; git's format has the `diff --git` header instead.
  const body = patch.replace(/^=+\n/, '').replace(/(^|\n)(---|\+\+\+) (\S+)\t\n/g, '$1$2 $3\n')
  return `${header.join('\n')}\n${body.endsWith('\n') ? body : `${body}\n`}`
}
