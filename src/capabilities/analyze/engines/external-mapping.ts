/**
 * Maps an external tool's codes (Ruff, ShellCheck) into our rule metadata. The mapping is data
 * (rules/external/*.yml): entries are matched by longest code prefix.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { CATEGORIES, CONFIDENCES, SEVERITIES } from '../../../core/finding.js'
import type { RuleMeta } from './raw-match.js'

const Entry = z.strictObject({
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  confidence: z.enum(CONFIDENCES).default('high'),
  cwe: z.array(z.number().int()).default([]),
  owasp: z.string().optional(),
  standards: z.array(z.string()).default([]),
  title: z.string().optional(),
  fix: z.string().optional(),
})

const MappingFile = z.strictObject({
  tool: z.string(),
  /** Rule id prefix, e.g. `py-ruff-` → `py-ruff-S605`. */
  id_prefix: z.string(),
  reference: z.string().describe('URL template; {code} is replaced'),
  codes: z.record(z.string(), Entry),
})

export interface ExternalMapping {
  tool: string
  /** Code prefixes the tool should be asked to report. */
  select: string[]
  /** Every mapped code prefix with its metadata (for catalogs and coverage checks). */
  entries: Array<{ code: string; category: string; cwe: number[] }>
  lookup(code: string, message: string): (RuleMeta & { standards: string[] }) | undefined
}

export function loadExternalMapping(name: 'ruff' | 'shellcheck'): ExternalMapping {
  const file = fileURLToPath(new URL(`../mappings/${name}.yml`, import.meta.url))
  const data = MappingFile.parse(parseYaml(readFileSync(file, 'utf8')))
  const prefixes = Object.keys(data.codes).sort((a, b) => b.length - a.length)
  return {
    tool: data.tool,
    select: Object.keys(data.codes),
    entries: Object.entries(data.codes).map(([code, e]) => ({ code, category: e.category, cwe: e.cwe })),
    lookup(code, message) {
      const prefix = prefixes.find((p) => code.startsWith(p))
      if (prefix === undefined) return undefined
      const entry = data.codes[prefix]!
      return {
        id: `${data.id_prefix}${code}`,
        title: entry.title ?? `${data.tool} ${code}`,
        category: entry.category,
        severity: entry.severity,
        confidence: entry.confidence,
        cwe: entry.cwe,
        owasp: entry.owasp,
        message,
        fix: entry.fix,
        references: [data.reference.replace('{code}', code)],
        standards: entry.standards,
      }
    },
  }
}
