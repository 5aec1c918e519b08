/**
 * OpenAI Responses API wire format (`POST /v1/responses`, `stream: true`): named SSE events
 * `response.created` … `response.output_text.delta` … function_call items … `response.completed`
 * carrying the usage.
 */
import { eventFrame, type Reply } from './loopback-server.js'

export interface ResponsesStreamScript {
  model?: string
  text?: string[]
  functionCalls?: Array<{ callId: string; name: string; argumentPieces: string[] }>
  usage?: { input: number; output: number }
}

export function responsesStream(script: ResponsesStreamScript): Reply {
  const model = script.model ?? 'gpt-4.1-2025-04-14'
  const responseId = 'resp_68a1b2c3d4e5f6'
  let sequence = 0
  const frames: string[] = []
  const emit = (type: string, data: Record<string, unknown>) =>
    frames.push(eventFrame(type, { type, sequence_number: sequence++, ...data }))
  const envelope = (status: string, output: unknown[], usage: unknown) => ({
    id: responseId,
    object: 'response',
    created_at: 1_750_000_000,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  })

  emit('response.created', { response: envelope('in_progress', [], null) })
  emit('response.in_progress', { response: envelope('in_progress', [], null) })
  const output: unknown[] = []
  let outputIndex = 0
  if (script.text?.length) {
    const itemId = 'msg_68a1b2c3d4e5f6'
    const fullText = script.text.join('')
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    })
    emit('response.content_part.added', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    })
    for (const delta of script.text) {
      emit('response.output_text.delta', { item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] })
    }
    emit('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text: fullText, logprobs: [] })
    const part = { type: 'output_text', text: fullText, annotations: [] }
    emit('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part })
    const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] }
    emit('response.output_item.done', { output_index: outputIndex, item })
    output.push(item)
    outputIndex++
  }
  for (const call of script.functionCalls ?? []) {
    const itemId = `fc_${call.callId}`
    const args = call.argumentPieces.join('')
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: { id: itemId, type: 'function_call', status: 'in_progress', arguments: '', call_id: call.callId, name: call.name },
    })
    for (const delta of call.argumentPieces) {
      emit('response.function_call_arguments.delta', { item_id: itemId, output_index: outputIndex, delta })
    }
    emit('response.function_call_arguments.done', { item_id: itemId, output_index: outputIndex, arguments: args })
    const item = { id: itemId, type: 'function_call', status: 'completed', arguments: args, call_id: call.callId, name: call.name }
    emit('response.output_item.done', { output_index: outputIndex, item })
    output.push(item)
    outputIndex++
  }
  const usage = script.usage ?? { input: 20, output: 7 }
  emit('response.completed', {
    response: envelope('completed', output, {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    }),
  })
  return { sse: frames, headers: { 'x-request-id': 'req_test_responses' } }
}
