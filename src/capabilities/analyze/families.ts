/**
 * Security families: normalized CWE groups used to score accuracy (../shared/BENCHMARKS.md §1) and
 * shown in the rule catalog. The table is data (families.yml), shared with bench/analyze.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'

export type Family = string

export const FAMILIES: Record<Family, { title: string; cwe: readonly number[] }> = parseYaml(
  readFileSync(new URL('./families.yml', import.meta.url), 'utf8'),
) as Record<Family, { title: string; cwe: number[] }>

const BY_CWE = new Map<number, Family>()
for (const [family, { cwe }] of Object.entries(FAMILIES)) {
  for (const n of cwe) if (!BY_CWE.has(n)) BY_CWE.set(n, family)
}

/** The family of a rule or finding; GitHub Actions injections form their own family. */
export function familyOf(item: { ruleId?: string; id?: string; cwe: readonly number[] }): Family | undefined {
  const id = item.ruleId ?? item.id ?? ''
  if (id.startsWith('gha-') && item.cwe.some((n) => n === 78 || n === 94 || n === 77)) return 'ci-injection'
  for (const n of item.cwe) {
    const family = BY_CWE.get(n)
    if (family) return family
  }
  return undefined
}
