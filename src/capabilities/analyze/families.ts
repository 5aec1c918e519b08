/**
 * Security families: normalized CWE groups used to score accuracy (../shared/BENCHMARKS.md §1) and
 * shown in the rule catalog. A finding belongs to the first family one of its CWEs maps to.
 */

export const FAMILIES = {
  'command-injection': { title: 'Command injection', cwe: [77, 78, 88] },
  'code-injection': { title: 'Code injection', cwe: [94, 95] },
  sql: { title: 'SQL injection', cwe: [89] },
  xss: { title: 'Cross-site scripting', cwe: [79, 80, 116] },
  'path-traversal': { title: 'Path traversal', cwe: [22, 23, 36, 73] },
  deserialization: { title: 'Unsafe deserialization', cwe: [502] },
  'weak-crypto': { title: 'Weak cryptography', cwe: [326, 327, 328, 916] },
  'weak-random': { title: 'Weak randomness', cwe: [330, 338] },
  xxe: { title: 'XML external entities', cwe: [611] },
  redos: { title: 'Regular-expression DoS', cwe: [400, 1333, 730] },
  'prototype-pollution': { title: 'Prototype pollution / mass assignment', cwe: [1321, 915] },
  secrets: { title: 'Hard-coded secrets', cwe: [798, 259, 321] },
  'open-redirect': { title: 'Open redirect', cwe: [601] },
  ssrf: { title: 'Server-side request forgery', cwe: [918] },
  'ci-injection': { title: 'CI workflow injection', cwe: [] },
  tls: { title: 'Disabled TLS verification', cwe: [295] },
} as const satisfies Record<string, { title: string; cwe: readonly number[] }>

export type Family = keyof typeof FAMILIES

const BY_CWE = new Map<number, Family>()
for (const [family, { cwe }] of Object.entries(FAMILIES) as Array<[Family, { cwe: readonly number[] }]>) {
  for (const n of cwe) BY_CWE.set(n, family)
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
