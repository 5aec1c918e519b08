/** The human report: findings grouped by file, each with a code frame; colour when the terminal has it. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pc from 'picocolors'
import type { Finding, Severity } from '../../../core/finding.js'
import type { AnalyzeResult } from '../index.js'

type Colors = ReturnType<typeof pc.createColors>

function severityLabel(c: Colors, severity: Severity): string {
  const label = severity.toUpperCase().padEnd(8)
  switch (severity) {
    case 'critical':
      return c.bold(c.magenta(label))
    case 'high':
      return c.red(label)
    case 'medium':
      return c.yellow(label)
    case 'low':
      return c.cyan(label)
    default:
      return c.dim(label)
  }
}

/** Two lines of context around the finding, with a caret line under the first marked line. */
export function codeFrame(lines: string[], finding: Finding, c: Colors): string {
  const from = Math.max(1, finding.line - 2)
  const to = Math.min(lines.length, finding.line + 2)
  const width = String(to).length
  const out: string[] = []
  for (let n = from; n <= to; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ')
    const marked = n === finding.line
    out.push(`${marked ? c.red('>') : ' '} ${c.dim(String(n).padStart(width))} | ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`)
    if (marked) {
      const start = Math.max(1, finding.column)
      const end = finding.endLine === finding.line ? Math.max(start + 1, finding.endColumn) : text.length + 1
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(start - 1)}${c.red('^'.repeat(Math.max(1, Math.min(end - start, 80))))}`)
    }
  }
  return out.join('\n')
}

/** A taint finding's path, source first: `1. file:line:col  message`, the file only when it changes. */
export function flowText(finding: Finding, c: Colors): string {
  const steps = finding.flow ?? []
  const out = [`    ${c.cyan('path:')} ${c.dim(`(confidence ${finding.confidence})`)}`]
  const width = String(steps.length).length
  steps.forEach((step, i) => {
    const where = step.file === finding.file ? `${step.line}:${step.column}` : `${step.file}:${step.line}:${step.column}`
    const label = i === 0 ? c.yellow('source') : i === steps.length - 1 ? c.red('sink  ') : c.dim('step  ')
    out.push(`      ${String(i + 1).padStart(width)}. ${label} ${c.dim(where.padEnd(10))} ${step.message}`)
  })
  return out.join('\n')
}

export function toText(result: AnalyzeResult, options: { color: boolean; sources?: Map<string, string> }): string {
  const c = pc.createColors(options.color)
  const out: string[] = []
  const byFile = new Map<string, Finding[]>()
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f])
  for (const [file, findings] of byFile) {
    out.push(c.underline(c.bold(file)))
    let lines: string[] = []
    try {
      lines = (options.sources?.get(file) ?? readFileSync(join(result.root, file), 'utf8')).split('\n')
    } catch {
      // The file may be inline content (code/files in the request); print without a frame.
    }
    for (const f of findings) {
      const cwe = f.cwe.length ? c.dim(` [${f.cwe.map((n) => `CWE-${n}`).join(', ')}]`) : ''
      out.push(`  ${severityLabel(c, f.severity)} ${c.dim(`${f.line}:${f.column}`)}  ${f.message} ${c.dim(f.ruleId)}${cwe}`)
      if (lines.length) out.push(codeFrame(lines, f, c).replace(/^/gm, '    '))
      if (f.flow?.length) out.push(flowText(f, c))
      if (f.fix) out.push(`    ${c.green('fix:')} ${f.fix}`)
      out.push('')
    }
  }
  for (const d of result.diagnostics) out.push(`${c.dim('note:')} ${d.file}${d.line ? `:${d.line}` : ''} ${d.message}`)
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
  const s = result.stats
  out.push(
    `${c.bold(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`)}${counts.length ? ` (${counts.join(', ')})` : ''} in ${s.files} file${s.files === 1 ? '' : 's'}` +
      c.dim(
        ` · ${s.analyzed} analyzed, ${s.cached} cached, ${s.skipped} skipped · ${s.rules} rules${s.shellcheck ? ' + ShellCheck' : ''} · ${s.durationMs} ms`,
      ),
  )
  if (result.failed) out.push(c.red(`Failing: findings at or above "${result.failOn}" (change with --fail-on).`))
  return out.join('\n')
}
