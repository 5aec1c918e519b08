/**
 * A generator's options as a list (for `generate --list`, `generate <kind> --help`, and flag
 * parsing), derived from its zod schema so the schema stays the single source.
 */
import { z } from 'zod'
import { UserInputError } from '../../../core/errors.js'
import type { ScaffoldGenerator } from './generator.js'

export interface OptionDoc {
  /** Request key, e.g. `rate_limit`. */
  name: string
  /** CLI flag, e.g. `--rate-limit`. */
  flag: string
  type: 'string' | 'number' | 'boolean' | 'list'
  required: boolean
  description: string
  choices?: string[]
  default?: unknown
}

interface JsonSchemaProperty {
  type?: string
  description?: string
  enum?: unknown[]
  default?: unknown
  items?: JsonSchemaProperty
}

export function describeOptions(generator: ScaffoldGenerator): OptionDoc[] {
  const schema = z.toJSONSchema(generator.options, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>
    required?: string[]
  }
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const type =
      property.type === 'array'
        ? 'list'
        : property.type === 'boolean'
          ? 'boolean'
          : property.type === 'integer' || property.type === 'number'
            ? 'number'
            : 'string'
    const choices = (property.enum ?? property.items?.enum)?.map(String)
    const doc: OptionDoc = {
      name,
      flag: `--${name.replace(/_/g, '-')}`,
      type,
      required: schema.required?.includes(name) ?? false,
      description: property.description ?? '',
    }
    if (choices) doc.choices = choices
    if (property.default !== undefined) doc.default = property.default
    return doc
  })
}

/** `--rate-limit "30/minute" --features auth,validation --no-test` → `{ rate_limit, features, test }`. */
export function parseOptionFlags(options: OptionDoc[], args: string[]): Record<string, unknown> {
  const byFlag = new Map(options.map((o) => [o.flag, o]))
  const out: Record<string, unknown> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) throw new UserInputError(`Unexpected argument "${arg}": options are --name value.`)
    const eq = arg.indexOf('=')
    const flag = eq < 0 ? arg : arg.slice(0, eq)
    let inline: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1)
    const option = byFlag.get(flag)
    if (!option && flag.startsWith('--no-')) {
      const positive = byFlag.get(`--${flag.slice(5)}`)
      if (positive?.type === 'boolean' && inline === undefined) {
        out[positive.name] = false
        continue
      }
    }
    if (!option) {
      const known = options.map((o) => o.flag).join(', ')
      throw new UserInputError(`Unknown option ${flag}. Options: ${known}.`)
    }
    if (option.type === 'boolean') {
      const value = inline ?? (args[i + 1] === 'true' || args[i + 1] === 'false' ? args[++i] : 'true')
      out[option.name] = value !== 'false'
      continue
    }
    if (inline === undefined) {
      inline = args[++i]
      if (inline === undefined) throw new UserInputError(`${flag} needs a value.`)
    }
    if (option.type === 'number') {
      const n = Number(inline)
      out[option.name] = Number.isFinite(n) && inline.trim() !== '' ? n : inline
    } else if (option.type === 'list') {
      const items = inline
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      out[option.name] = [...((out[option.name] as string[] | undefined) ?? []), ...items]
    } else {
      out[option.name] = inline
    }
  }
  return out
}
