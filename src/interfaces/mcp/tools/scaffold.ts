/**
 * The MCP `scaffold` tool. A tool's input must be one object, so the generators' options are
 * merged into one strict object: `kind` picks the generator, every other property is optional here
 * and described with the kinds that take it; the capability then validates the request against that
 * kind's own schema, exactly as the CLI and HTTP doors do.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { GENERATORS, scaffoldCapability } from '../../../capabilities/generate/scaffolds/index.js'
import { checkRemoteScaffoldRequest } from '../../../capabilities/generate/scaffolds/remote.js'
import { CodexError } from '../../../core/errors.js'
import { runAsTool, type McpOptions } from '../run-tool.js'

/** The inner type of an option (no default, not optional): defaults belong to one kind, not to the merged input. */
function bare(schema: z.ZodType): z.ZodType {
  let inner = schema
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
  return inner
}

/** What a schema accepts, descriptions aside: two kinds with the same `from: string` share one type. */
function shapeKey(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }), (key, value: unknown) =>
    key === 'description' ? undefined : value,
  )
}

export function scaffoldToolInput() {
  const byName = new Map<string, { kinds: string[]; schemas: z.ZodType[]; descriptions: Map<string, string[]> }>()
  for (const generator of GENERATORS) {
    for (const [name, schema] of Object.entries(generator.options.shape as Record<string, z.ZodType>)) {
      const entry = byName.get(name) ?? { kinds: [], schemas: [], descriptions: new Map<string, string[]>() }
      byName.set(name, entry)
      entry.kinds.push(generator.kind)
      const inner = bare(schema)
      if (!entry.schemas.some((s) => shapeKey(s) === shapeKey(inner))) entry.schemas.push(inner)
      const description = schema.description ?? ''
      entry.descriptions.set(description, [...(entry.descriptions.get(description) ?? []), generator.kind])
    }
  }
  const shape: Record<string, z.ZodType> = {
    kind: z.enum(GENERATORS.map((g) => g.kind) as [string, ...string[]]).describe('The generator (codex-agent generate --list)'),
  }
  for (const [name, entry] of byName) {
    const type = entry.schemas.length === 1 ? entry.schemas[0]! : z.union(entry.schemas as [z.ZodType, z.ZodType, ...z.ZodType[]])
    const description = [...entry.descriptions].map(([text, kinds]) => `${kinds.join(', ')}: ${text}`).join('; ')
    shape[name] = type.optional().describe(description)
  }
  shape.dry_run = z.boolean().optional().describe('Show the diff and conflicts; write nothing')
  shape.force = z.boolean().optional().describe('Overwrite files that exist with other content')
  return z.strictObject(shape)
}

export function registerScaffoldTool(server: McpServer, options: McpOptions): void {
  server.registerTool(
    'scaffold',
    {
      title: 'Generate a scaffold',
      description: `${scaffoldCapability.description}. Kinds: ${GENERATORS.map((g) => `${g.kind} (${g.summary})`).join('; ')}.`,
      inputSchema: scaffoldToolInput(),
    },
    async (args, extra) => {
      try {
        checkRemoteScaffoldRequest(args)
      } catch (error) {
        const e = error as CodexError
        return { isError: true, content: [{ type: 'text' as const, text: `${e.code}: ${e.message}` }] }
      }
      return runAsTool(scaffoldCapability, args, extra, options, (result, runId) => ({ runId, ...result }))
    },
  )
}
