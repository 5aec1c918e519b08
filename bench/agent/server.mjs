#!/usr/bin/env node
// An instantly answering model server for bench/agent: OpenAI Chat Completions (`POST
// /v1/chat/completions`, as Ollama, llama.cpp server, vLLM and LM Studio serve it at `/v1`), streaming
// (`chat.completion.chunk` SSE frames, tool_calls deltas, the usage chunk, `data: [DONE]`) or not.
// It runs in its own process (bench/agent/run.mjs forks it) so its work never shares the client's
// event loop, and it times itself: from the request event to the response's `finish`, body parse
// and reply building included. The parent reads those times over IPC ({ type: 'stats' }).
//
// Scripted replies, decided from the request alone (no state between requests):
// - a conversation whose first user message holds `[bench turns=N]` is an agent run of N model calls:
//   call 1 lists ".", call k+1 reads `src/f<k>.ts`, call N answers with text. Which call this is comes
//   from the latest tool call in the transcript (its arguments), so it survives context compaction.
//   Native tool calling when the request has `tools`; the JSON tool-call shim's protocol
//   (`{"tool": ..., "arguments": ...}` / `{"final": ...}` as text) when it asks for a JSON object.
// - anything else gets a short text answer.
import { createServer } from 'node:http'

const times = []
let requests = 0

function textOf(content) {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('')
  return ''
}

/** The arguments of the latest tool call in the transcript (native or shim), or undefined. */
function latestCallArguments(messages, shim) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]
    if (m.role !== 'assistant') continue
    try {
      if (!shim && m.tool_calls?.length) return JSON.parse(m.tool_calls.at(-1).function.arguments)
      if (shim) {
        const lines = textOf(m.content).trim().split('\n')
        const parsed = JSON.parse(lines.at(-1))
        if (parsed && typeof parsed === 'object' && 'tool' in parsed) return parsed.arguments
      }
    } catch {
      // not a call we made: keep looking
    }
  }
  return undefined
}

/** Calls made so far in this agent run: 0 before the first, k+1 after `read src/f<k>.ts`. */
function callsDone(args) {
  if (!args) return 0
  if (args.operation === 'list') return 1
  const k = /f(\d+)\.ts$/.exec(args.path ?? '')
  return k ? Number(k[1]) + 1 : 0
}

function decide(body) {
  const messages = Array.isArray(body.messages) ? body.messages : []
  const firstUser = messages.find((m) => m.role === 'user')
  const turns = /\[bench turns=(\d+)\]/.exec(textOf(firstUser?.content))
  const shim = body.response_format?.type === 'json_object' && !body.tools
  if (!turns) return { text: shim ? '{"final":"Hello from the bench server."}' : 'Hello from the bench server.' }
  const done = callsDone(latestCallArguments(messages, shim))
  if (done >= Number(turns[1]) - 1) return { text: shim ? '{"final":"Done: the workspace was read."}' : 'Done: the workspace was read.' }
  const args = done === 0 ? { operation: 'list', path: '.' } : { operation: 'read', path: `src/f${done}.ts` }
  if (shim) return { text: JSON.stringify({ tool: 'file_system', arguments: args }) }
  return { call: { id: `call_${done}`, name: 'file_system', arguments: JSON.stringify(args) } }
}

function promptTokens(raw) {
  return Math.ceil(raw.length / 4)
}

function sse(reply, model, raw) {
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_750_000_000, model, system_fingerprint: 'fp_bench' }
  const chunk = (delta, finish = null) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`
  let out = chunk({ role: 'assistant', content: '' })
  if (reply.text) out += chunk({ content: reply.text })
  if (reply.call) {
    out += chunk({ tool_calls: [{ index: 0, id: reply.call.id, type: 'function', function: { name: reply.call.name, arguments: '' } }] })
    out += chunk({ tool_calls: [{ index: 0, function: { arguments: reply.call.arguments } }] })
  }
  out += chunk({}, reply.call ? 'tool_calls' : 'stop')
  const prompt = promptTokens(raw)
  out += `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: prompt, completion_tokens: 12, total_tokens: prompt + 12 } })}\n\n`
  out += 'data: [DONE]\n\n'
  return out
}

function completion(reply, model, raw) {
  const prompt = promptTokens(raw)
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_750_000_000,
    model,
    system_fingerprint: 'fp_bench',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? null,
          ...(reply.call
            ? {
                tool_calls: [{ id: reply.call.id, type: 'function', function: { name: reply.call.name, arguments: reply.call.arguments } }],
              }
            : {}),
        },
        logprobs: null,
        finish_reason: reply.call ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: 12, total_tokens: prompt + 12 },
  })
}

const server = createServer((req, res) => {
  const started = process.hrtime.bigint()
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    requests++
    res.on('finish', () => times.push(Number(process.hrtime.bigint() - started) / 1e6))
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: `bench server: no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }))
      return
    }
    const raw = Buffer.concat(chunks).toString('utf8')
    let body
    try {
      body = JSON.parse(raw)
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: 'bench server: the body is not JSON', type: 'invalid_request_error' } }))
      return
    }
    const reply = decide(body)
    const model = typeof body.model === 'string' ? body.model : 'bench-model'
    // An instant answer: every frame in one write, as a server that already has the whole answer would.
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
      res.end(sse(reply, model, raw))
    } else {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(completion(reply, model, raw))
    }
  })
})

process.on('message', (message) => {
  if (message?.type === 'stats') process.send({ type: 'stats', times: times.splice(0), requests })
  if (message?.type === 'stop') server.close(() => process.exit(0))
})
process.on('disconnect', () => process.exit(0))

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }))
