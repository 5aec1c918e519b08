/**
 * Anthropic Messages API wire format (`POST /v1/messages`, `stream: true`): message_start,
 * content_block_start/delta/stop (text_delta and input_json_delta for tool_use), ping,
 * message_delta with the stop reason and usage, message_stop; and its JSON error bodies.
 */
import { eventFrame, type Reply } from './loopback-server.js'

export interface MessagesStreamScript {
  model?: string
  text?: string[]
  toolUses?: Array<{ id: string; name: string; jsonPieces: string[] }>
  usage?: { input: number; output: number }
  stopReason?: 'end_turn' | 'max_tokens' | 'tool_use'
}

export function messagesStream(script: MessagesStreamScript): Reply {
  const model = script.model ?? 'claude-sonnet-4-5-20250929'
  const usage = script.usage ?? { input: 25, output: 9 }
  const frames: string[] = []
  const emit = (type: string, data: Record<string, unknown>) => frames.push(eventFrame(type, { type, ...data }))

  emit('message_start', {
    message: {
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    },
  })
  let index = 0
  if (script.text?.length) {
    emit('content_block_start', { index, content_block: { type: 'text', text: '' } })
    emit('ping', {})
    for (const text of script.text) emit('content_block_delta', { index, delta: { type: 'text_delta', text } })
    emit('content_block_stop', { index })
    index++
  }
  for (const use of script.toolUses ?? []) {
    emit('content_block_start', { index, content_block: { type: 'tool_use', id: use.id, name: use.name, input: {} } })
    emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } })
    for (const partial_json of use.jsonPieces) emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } })
    emit('content_block_stop', { index })
    index++
  }
  emit('message_delta', {
    delta: { stop_reason: script.stopReason ?? (script.toolUses?.length ? 'tool_use' : 'end_turn'), stop_sequence: null },
    usage: { output_tokens: usage.output },
  })
  emit('message_stop', {})
  return { sse: frames, headers: { 'request-id': 'req_011CTestAnthropic' } }
}

export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'request-id': 'req_011CTestError', ...headers }, body: { type: 'error', error: { type, message } } }
}
