import { tsLiteral } from '../../literal.js'

/** Input fields of a generated route: `name:type` specs → zod expressions and test samples. */

export type FieldType = 'string' | 'int' | 'number' | 'boolean' | 'email' | 'url' | 'uuid' | 'datetime'

export interface FieldSpec {
  name: string
  type: FieldType
  optional: boolean
}

export function parseFields(specs: string[]): FieldSpec[] {
  return specs.map((spec) => {
    const [rawName = '', type = 'string'] = spec.split(':')
    const optional = rawName.endsWith('?')
    return { name: optional ? rawName.slice(0, -1) : rawName, type: type as FieldType, optional }
  })
}

/** The zod expression for a field; query strings arrive as text, so numbers and booleans are coerced. */
function zodFor(field: FieldSpec, options: { query: boolean; zod4: boolean }): string {
  const { query, zod4 } = options
  const base: Record<FieldType, string> = {
    string: 'z.string().min(1)',
    int: query ? 'z.coerce.number().int()' : 'z.number().int()',
    number: query ? 'z.coerce.number()' : 'z.number()',
    boolean: query ? "z.enum(['true', 'false']).transform((v) => v === 'true')" : 'z.boolean()',
    email: zod4 ? 'z.email()' : 'z.string().email()',
    url: zod4 ? 'z.url()' : 'z.string().url()',
    uuid: zod4 ? 'z.uuid()' : 'z.string().uuid()',
    datetime: zod4 ? 'z.iso.datetime()' : 'z.string().datetime()',
  }
  return field.optional ? `${base[field.type]}.optional()` : base[field.type]
}

export function describeFields(fields: FieldSpec[], options: { query: boolean; zod4: boolean }) {
  return fields.map((field) => ({ name: field.name, zod: zodFor(field, options) }))
}

const VALID: Record<FieldType, unknown> = {
  string: 'example',
  int: 42,
  number: 1.5,
  boolean: true,
  email: 'user@example.com',
  url: 'https://example.com/',
  uuid: '3f2c8a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  datetime: '2024-01-31T12:00:00Z',
}

/** A value the field's schema rejects (as JSON in a body, or as text in a query string). */
const INVALID: Record<FieldType, unknown> = {
  string: '',
  int: 'not-a-number',
  number: 'not-a-number',
  boolean: 'maybe',
  email: 'not-an-email',
  url: 'not a url',
  uuid: 'not-a-uuid',
  datetime: 'yesterday',
}

/** JSON literals for the generated test: a valid input, what the route parses it to, an invalid one. */
export function samplesFor(fields: FieldSpec[], hasBody: boolean) {
  const valid = Object.fromEntries(fields.map((f) => [f.name, VALID[f.type]]))
  // Through a query string everything is text; the schema turns it back into numbers and booleans.
  const sent = hasBody ? valid : Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, String(v)]))
  const target = fields[0]
  const invalid = target ? { ...sent, [target.name]: INVALID[target.type] } : {}
  return {
    valid: tsLiteral(sent),
    parsed: tsLiteral(valid),
    invalid: tsLiteral(invalid),
    invalidField: target?.name ?? '',
  }
}
