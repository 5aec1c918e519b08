/**
 * The agent tool contract: a name, a description and an argument schema the model sees, and a run
 * function the loop calls. Arguments are validated here, so a tool never sees a malformed call; a
 * bad call or a failing tool becomes an error result the model can read and correct.
 */
import { z } from 'zod'
import type { JsonSchema, ToolCall, ToolSpec } from '../models/index.js'

export interface ToolOutput {
  content: string
  isError?: boolean
}

export interface ToolRunContext {
  signal: AbortSignal
}

export interface AgentTool {
  spec: ToolSpec
  /** Runs one validated call. Throwing is fine: the loop reports the error to the model. */
  run(args: unknown, ctx: ToolRunContext): Promise<ToolOutput>
  /** A one-line description of a call, for progress events (`write src/client.py`). */
  describe(args: unknown): string
}

/** Builds an AgentTool whose JSON Schema comes from its zod schema (one source for both). */
export function defineTool<Schema extends z.ZodType>(definition: {
  name: string
  description: string
  args: Schema
  run(args: z.output<Schema>, ctx: ToolRunContext): Promise<ToolOutput>
  describe(args: z.output<Schema>): string
}): AgentTool {
  const parameters = z.toJSONSchema(definition.args, { io: 'input' }) as JsonSchema
  // Providers take the schema object itself; the meta-schema URL only confuses some of them.
  delete parameters.$schema
  const parse = (args: unknown) => {
    const parsed = definition.args.safeParse(args)
    if (parsed.success) return parsed.data
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ')
    throw new ToolArgumentsError(`Invalid arguments for ${definition.name}: ${issues}.`)
  }
  return {
    spec: { name: definition.name, description: definition.description, parameters },
    run: async (args, ctx) => definition.run(parse(args), ctx),
    describe: (args) => {
      const parsed = definition.args.safeParse(args)
      return parsed.success ? definition.describe(parsed.data) : `${definition.name} (invalid arguments)`
    },
  }
}

export class ToolArgumentsError extends Error {
  override name = 'ToolArgumentsError'
}

/** Runs one call against the tool set; never throws except on cancellation. */
export async function runToolCall(tools: readonly AgentTool[], call: ToolCall, ctx: ToolRunContext): Promise<ToolOutput> {
  const tool = tools.find((t) => t.spec.name === call.name)
  if (!tool)
    return { content: `There is no tool "${call.name}". The tools are: ${tools.map((t) => t.spec.name).join(', ')}.`, isError: true }
  if (typeof call.arguments === 'string') {
    return { content: `The arguments for ${call.name} are not valid JSON: ${call.arguments.slice(0, 200)}`, isError: true }
  }
  try {
    return await tool.run(call.arguments, ctx)
  } catch (error) {
    if (ctx.signal.aborted) throw error
    return { content: error instanceof Error ? error.message : String(error), isError: true }
  }
}

/** Keeps the head and the tail of a long text, saying how much was cut. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  const head = Math.floor(maxChars * 0.6)
  const tail = maxChars - head
  return `${text.slice(0, head)}\n[... ${text.length - maxChars} characters cut ...]\n${text.slice(text.length - tail)}`
}
