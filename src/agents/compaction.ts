/**
 * Context compaction: when the transcript no longer fits the model's context window, the oldest
 * turns give way to a short note of what they did. The pinned instructions (system prompt, the task
 * and its requirements) always stay, and a tool result never loses the call it answers.
 */
import type { ModelMessage, ToolSpec } from '../models/index.js'
import { clip } from './tool.js'

/** About four characters a token: close enough for English and code, and deterministic. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '')
  return Math.ceil(text.length / 4)
}

export interface CompactionInput {
  system: string
  /** The first user message: the task, requirements and constraints. Never dropped or shortened. */
  pinned: string
  /** Everything after the pinned message, oldest first. */
  history: ModelMessage[]
  tools: readonly ToolSpec[]
  /** Tokens the request may use (the context window minus room for the answer). */
  budgetTokens: number
}

export interface CompactionResult {
  messages: ModelMessage[]
  /** Messages of the history left out of this request. */
  dropped: number
  /** Estimated tokens of the request. */
  tokens: number
}

/** A turn: an assistant message with the results of its tool calls, or a lone user message. */
function groupTurns(history: ModelMessage[]): ModelMessage[][] {
  const groups: ModelMessage[][] = []
  for (const message of history) {
    if (message.role === 'tool' && groups.length > 0) groups.at(-1)!.push(message)
    else groups.push([message])
  }
  return groups
}

function noteFor(group: ModelMessage[]): string[] {
  const notes: string[] = []
  const first = group[0]!
  if (first.role === 'user') notes.push(`- feedback: ${firstLine(first.content)}`)
  if (first.role === 'assistant') {
    const results = new Map(group.filter((m) => m.role === 'tool').map((m) => [m.toolCallId, m]))
    for (const call of first.toolCalls ?? []) {
      const result = results.get(call.id)
      notes.push(`- ${call.name} ${describeArguments(call.arguments)} → ${result ? firstLine(result.content) : 'no result'}`)
    }
    if (!first.toolCalls?.length && first.content) notes.push(`- you said: ${firstLine(first.content)}`)
  }
  return notes
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? ''
  return line.length > 120 ? `${line.slice(0, 117)}...` : line
}

function describeArguments(args: unknown): string {
  if (!args || typeof args !== 'object') return ''
  const record = args as Record<string, unknown>
  const parts = ['operation', 'path', 'command', 'language', 'query']
    .filter((key) => typeof record[key] === 'string')
    .map((key) => String(record[key]))
  return firstLine(parts.join(' '))
}

function withNote(pinned: string, notes: string[], dropped: number): string {
  if (dropped === 0) return pinned
  return (
    `${pinned}\n\n[Context note: ${dropped} earlier messages were removed to fit the context window. What they did:\n` +
    `${notes.join('\n')}\nRead files again with file_system if you need their current content.]`
  )
}

/**
 * The messages to send: the pinned task, a note for dropped turns, and as many recent turns as fit.
 * When even the latest turn does not fit, its tool results are clipped.
 */
export function compactMessages(input: CompactionInput): CompactionResult {
  const fixed = estimateTokens(input.system) + estimateTokens(input.tools)
  const full: ModelMessage[] = [{ role: 'user', content: input.pinned }, ...input.history]
  const fullTokens = fixed + estimateTokens(full)
  if (fullTokens <= input.budgetTokens) return { messages: full, dropped: 0, tokens: fullTokens }

  const groups = groupTurns(input.history)
  // Room for the note itself: a line per dropped call, bounded.
  const noteReserve = Math.min(600, Math.floor(input.budgetTokens / 8))
  let available = input.budgetTokens - fixed - estimateTokens(input.pinned) - noteReserve
  const kept: ModelMessage[][] = []
  for (let i = groups.length - 1; i >= 0; i--) {
    const cost = estimateTokens(groups[i])
    if (cost > available && kept.length > 0) break
    kept.unshift(groups[i]!)
    available -= cost
    if (available < 0) break
  }
  const droppedGroups = groups.slice(0, groups.length - kept.length)
  const dropped = droppedGroups.reduce((n, g) => n + g.length, 0)
  const notes: string[] = []
  let noteChars = 0
  let omitted = false
  for (const group of droppedGroups) {
    for (const note of noteFor(group)) {
      if (noteChars + note.length > noteReserve * 4) {
        omitted = true
        continue
      }
      notes.push(note)
      noteChars += note.length + 1
    }
  }
  if (omitted) notes.push('- (more steps omitted)')

  let keptMessages = kept.flat()
  // The latest turn alone is too big (a huge file read): clip its tool results to what is left.
  if (available < 0) {
    const tools = keptMessages.filter((m) => m.role === 'tool').length || 1
    const room = Math.max(200, Math.floor(((available + estimateTokens(keptMessages)) * 4) / tools) - 200)
    keptMessages = keptMessages.map((m) => (m.role === 'tool' ? { ...m, content: clip(m.content, room) } : m))
  }
  let pinned = withNote(input.pinned, notes, dropped)
  // After the pinned user message the transcript must go on with the assistant: fold a leading user turn in.
  while (keptMessages[0]?.role === 'user') {
    pinned = `${pinned}\n\n${keptMessages[0].content}`
    keptMessages = keptMessages.slice(1)
  }
  // A tool result whose call was dropped cannot be sent (providers reject it).
  while (keptMessages[0]?.role === 'tool') keptMessages = keptMessages.slice(1)
  const messages: ModelMessage[] = [{ role: 'user', content: pinned }, ...keptMessages]
  return { messages, dropped, tokens: fixed + estimateTokens(messages) }
}
