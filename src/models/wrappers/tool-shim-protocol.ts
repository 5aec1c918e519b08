/**
 * The JSON tool-call protocol for models without native tool calling: the instructions that teach
 * it, the history rewritten into plain turns, and the parsing and schema validation of a reply.
 */
import { z } from 'zod'
import { sha256 } from '../../core/hash.js'
import type { ModelMessage, ToolCall, ToolSpec } from '../model.js'

export const REPLY_FORMAT = '{"tool": "<tool name>", "arguments": {...}} to call a tool, or {"final": "<your answer>"} when you are done'

export function toolInstructions(tools: ToolSpec[]): string {
  const list = tools.map((t) => `- ${t.name}: ${t.description}\n  arguments (JSON Schema): ${JSON.stringify(t.parameters)}`).join('\n')
  return [
    'You can use these tools:',
    list,
    `Reply with exactly one JSON object and nothing else, either ${REPLY_FORMAT}.`,
    'Call one tool at a time; its result comes back in the next message.',
  ].join('\n')
}

/** Tool calls and results become ordinary turns; adjacent turns of one role are merged (some templates require alternation). */
export function toPlainMessages(messages: ModelMessage[]): ModelMessage[] {
  const out: ModelMessage[] = []
  for (const message of messages) {
    let plain: ModelMessage
    if (message.role === 'tool') {
      plain = { role: 'user', content: `Result of tool "${message.toolName}"${message.isError ? ' (it failed)' : ''}:\n${message.content}` }
    } else if (message.role === 'assistant' && message.toolCalls?.length) {
      plain = {
        role: 'assistant',
        content: message.toolCalls.map((call) => JSON.stringify({ tool: call.name, arguments: call.arguments })).join('\n'),
      }
    } else {
      plain = { role: message.role, content: message.content }
    }
    const previous = out.at(-1)
    if (previous && previous.role === plain.role && previous.role !== 'tool') previous.content = `${previous.content}\n\n${plain.content}`
    else out.push(plain)
  }
  return out
}

/**
 * The body of the first ``` fence (an optional `json` tag dropped), by index: the regex
 * /```(?:json)?\s*([\s\S]*?)```/ is quadratic on a long run of spaces after an unclosed fence.
 */
function fencedBlock(text: string): string | undefined {
  const open = text.indexOf('```')
  if (open < 0) return undefined
  let start = open + 3
  if (text.startsWith('json', start)) start += 4
  const close = text.indexOf('```', start)
  return close < 0 ? undefined : text.slice(start, close)
}

/** The JSON object in a reply, tolerating code fences and prose around it. */
export function extractJsonObject(text: string): unknown {
  const fenced = fencedBlock(text)
  const candidate = (fenced ?? text).trim()
  const start = candidate.indexOf('{')
  const end = candidate.lastIndexOf('}')
  if (start < 0 || end < start) throw new Error('the reply holds no JSON object')
  return JSON.parse(candidate.slice(start, end + 1))
}

const Reply = z.union([
  z.object({ tool: z.string().min(1), arguments: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ final: z.string() }),
])

export type ShimReply = { kind: 'final'; text: string } | { kind: 'tool'; call: ToolCall }

const schemaCache = new WeakMap<object, z.ZodType | null>()

function argumentsSchema(tool: ToolSpec): z.ZodType | null {
  if (!schemaCache.has(tool.parameters)) {
    let schema: z.ZodType | null
    try {
      schema = z.fromJSONSchema(tool.parameters as Parameters<typeof z.fromJSONSchema>[0])
    } catch {
      // A schema zod cannot translate is still a valid schema: the arguments are then checked only for being an object.
      schema = null
    }
    schemaCache.set(tool.parameters, schema)
  }
  return schemaCache.get(tool.parameters) ?? null
}

/** Parses and validates one reply; throws an Error whose message tells the model what to fix. */
export function parseShimReply(text: string, tools: ToolSpec[], turn: number): ShimReply {
  let json: unknown
  try {
    json = extractJsonObject(text)
  } catch (error) {
    throw new Error(`it is not valid JSON (${(error as Error).message})`)
  }
  const reply = Reply.safeParse(json)
  if (!reply.success) throw new Error(`it must be ${REPLY_FORMAT}`)
  if ('final' in reply.data) return { kind: 'final', text: reply.data.final }
  const { tool: name, arguments: args } = reply.data
  const tool = tools.find((t) => t.name === name)
  if (!tool) throw new Error(`there is no tool "${name}"; the tools are ${tools.map((t) => t.name).join(', ')}`)
  const check = argumentsSchema(tool)?.safeParse(args)
  if (check && !check.success) {
    const issues = check.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ')
    throw new Error(`the arguments for "${name}" do not match its schema (${issues})`)
  }
  // Deterministic ids keep later requests identical across runs, so caching and replay still match.
  const id = `call_${sha256(String(turn), name, JSON.stringify(args)).slice(0, 16)}`
  return { kind: 'tool', call: { id, name, arguments: check?.success ? check.data : args } }
}
