/**
 * A scripted HTTP server on 127.0.0.1 for provider tests: it records every request exactly as received
 * and answers each with the next scripted reply (JSON, an SSE stream, a dropped connection, a hang).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  method: string
  /** Path with query string, as sent. */
  path: string
  headers: IncomingHttpHeaders
  /** The raw body text. */
  rawBody: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown
}

export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** A JSON body (objects are serialized) or raw text. */
  body?: unknown
  /** SSE frames, each a complete event including its trailing blank line. */
  sse?: string[]
  /** Destroy the socket after this many SSE frames (a connection dropped mid-stream). */
  dropAfterFrames?: number
  /** Wait this long between SSE frames. */
  frameDelayMs?: number
  /** Never answer (for timeouts); the socket is closed when the server stops. */
  hang?: boolean
}

export type ReplyFn = (request: RecordedRequest) => Reply

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  requests: RecordedRequest[]
  /** Queue replies; each request takes the next one. Routes handled by `route` are not counted. */
  enqueue(...replies: Array<Reply | ReplyFn>): void
  /** A fixed answer for one method+path (e.g. a capability probe), independent of the queue. */
  route(method: string, path: string, reply: Reply | ReplyFn): void
  close(): Promise<void>
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = []
  const queue: Array<Reply | ReplyFn> = []
  const routes = new Map<string, Reply | ReplyFn>()
  const sockets = new Set<Socket>()

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined
      } catch {
        body = undefined
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body }
      const routed = routes.get(`${recorded.method} ${recorded.path.split('?')[0]}`)
      if (!routed) requests.push(recorded)
      const next = routed ?? queue.shift()
      if (!next) {
        res.writeHead(599, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: 'test server: no scripted reply left' } }))
        return
      }
      void send(res, typeof next === 'function' ? next(recorded) : next)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    route: (method, path, reply) => routes.set(`${method} ${path}`, reply),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.hang) return
  const status = reply.status ?? 200
  if (reply.sse) {
    res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers })
    // Headers go out at once, as a real streaming server does, before the first event.
    res.flushHeaders()
    for (const [index, frame] of reply.sse.entries()) {
      if (reply.dropAfterFrames !== undefined && index >= reply.dropAfterFrames) {
        res.socket?.destroy()
        return
      }
      if (reply.frameDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.frameDelayMs))
      res.write(frame)
    }
    if (reply.dropAfterFrames !== undefined && reply.dropAfterFrames >= reply.sse.length) {
      res.socket?.destroy()
      return
    }
    res.end()
    return
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
  const contentType = typeof reply.body === 'string' ? 'text/plain' : 'application/json'
  res.writeHead(status, { 'content-type': contentType, ...reply.headers })
  res.end(text)
}

/** One SSE frame with only a data line (OpenAI Chat Completions style). */
export function dataFrame(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`
}

/** One SSE frame with an event name and a data line (OpenAI Responses and Anthropic style). */
export function eventFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}
