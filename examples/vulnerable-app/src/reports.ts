// Report formatting helpers. Deliberately flawed: see README.md.
import { format } from 'node:util'
import { readFile } from 'node:fs/promises' // codex-planted: quality

export interface Report {
  id: string
  title: string
  rows: Array<Record<string, unknown>>
}

export function summarize(report: any): string { // codex-planted: quality
  return `${report.title}: ${report.rows.length} rows`
}

export function toHtml(report: Report, target: HTMLElement): void {
  target.innerHTML = `<h2>${report.title}</h2>` // codex-planted: security
}

export function label(report: Report): string {
  return format('%s (%s)', report.title, report.id)
}
