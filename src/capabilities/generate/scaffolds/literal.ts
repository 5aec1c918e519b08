/** TypeScript source literals for generated code, in the common house style (single quotes, bare keys). */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** A value that TypeScript output writes as code (an enum member such as `Visibility.Public`) and JSON as the value. */
export class TsCode {
  constructor(
    readonly code: string,
    readonly value: unknown,
  ) {}

  toJSON(): unknown {
    return this.value
  }
}

export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
}

/** A JSON-like value (Dates too) as a TypeScript literal on one line: `{ name: 'x', tags: ['a'] }`. */
export function tsLiteral(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'string') return tsString(value)
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 10_000 ? groupDigits(value) : String(value)
  if (typeof value === 'boolean') return String(value)
  if (value instanceof Date) return `new Date(${tsString(value.toISOString())})`
  if (value instanceof TsCode) return value.code
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : tsString(k)}: ${tsLiteral(v)}`).join(', ')} }`
}

/** 86400000 → 86_400_000 */
export function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '_')
}
