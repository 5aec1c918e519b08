/** The ShellCheck engine, used when the `shellcheck` binary is installed; one process for all files. */
import { execFile } from 'node:child_process'
import type { RawMatch } from './raw-match.js'
import { loadExternalMapping } from './external-mapping.js'

interface ShellCheckComment {
  file: string
  line: number
  endLine: number
  column: number
  endColumn: number
  level: 'error' | 'warning' | 'info' | 'style'
  code: number
  message: string
}

let available: Promise<boolean> | undefined

export function shellcheckAvailable(): Promise<boolean> {
  available ??= new Promise((resolve) => {
    execFile('shellcheck', ['--version'], (error) => resolve(!error))
  })
  return available
}

export type ShellCheckMatches = Map<string, Array<RawMatch & { standards: string[] }>>

/**
 * Runs ShellCheck over files given by absolute path, or over one text through stdin (`inline`).
 * Returns matches keyed by the path that was passed in.
 */
export async function runShellCheck(input: { paths: string[] } | { inline: string }): Promise<ShellCheckMatches> {
  const mapping = loadExternalMapping('shellcheck')
  const args = ['-f', 'json1', '-s', 'bash', '-S', 'style', '--']
  const result = new Map<string, Array<RawMatch & { standards: string[] }>>()
  const files = 'paths' in input ? input.paths : ['-']
  if (files.length === 0) return result
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile('shellcheck', [...args, ...files], { maxBuffer: 256 * 1024 * 1024 }, (error, out) => {
      // Exit 1 means "found something"; anything else with no output is a real failure.
      if (error && out.length === 0) reject(error)
      else resolve(out)
    })
    if ('inline' in input) child.stdin?.end(input.inline)
  })
  const parsed = JSON.parse(stdout) as { comments: ShellCheckComment[] }
  for (const c of parsed.comments) {
    const rule = mapping.lookup(`SC${c.code}`, c.message)
    if (!rule) continue
    // ShellCheck's own level outranks a catch-all mapping entry for errors (real parse/logic bugs).
    if (c.level === 'error' && rule.severity === 'low') rule.severity = 'medium'
    const list = result.get(c.file) ?? []
    list.push({
      rule,
      standards: rule.standards,
      engine: 'shellcheck',
      line: c.line,
      column: c.column,
      endLine: c.endLine,
      endColumn: c.endColumn,
    })
    result.set(c.file, list)
  }
  return result
}
