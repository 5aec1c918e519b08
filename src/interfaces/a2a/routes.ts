/**
 * POST /a2a: the A2A JSON-RPC endpoint (protocol 1.0: `SendMessage`, `GetTask`, `CancelTask`,
 * `ListTasks`), through the SDK's JsonRpcTransportHandler and DefaultRequestHandler, mounted on
 * Fastify the way the SDK's Express adapter mounts it. The API-key check runs before (auth.ts);
 * tasks are kept in memory per key.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { A2A_VERSION_HEADER, Extensions, formatSSEErrorEvent, formatSSEEvent, HTTP_EXTENSION_HEADER, SSE_HEADERS } from '@a2a-js/sdk'
import {
  DefaultRequestHandler,
  defaultServerCallContextBuilder,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  validateVersion,
} from '@a2a-js/sdk/server'
import type { RouteDeps } from '../http/capabilities.js'
import { A2A_PATH, buildAgentCard } from './agent-card.js'
import { ApiKeyUser, CodexAgentExecutor } from './executor.js'

type JsonRpcResponse = { jsonrpc: string; id: string | number | null; result?: unknown; error?: unknown }

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

function isStream(value: unknown): value is AsyncGenerator<JsonRpcResponse> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function'
}

export function registerA2a(app: FastifyInstance, deps: RouteDeps): void {
  // The handler's card is used for protocol-version checks; GET /.well-known/agent-card.json serves the
  // card with the URL the caller reached (or server.public_url).
  const server = deps.config.server
  const card = buildAgentCard(server.public_url ?? `http://${server.host}:${server.port}`, deps.config)
  const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new CodexAgentExecutor(deps))
  const transport = new JsonRpcTransportHandler(requestHandler)

  app.post(
    A2A_PATH,
    {
      // JSON-RPC reports a body it cannot parse as a parse error, not as an HTTP 400.
      errorHandler: (error, _request, reply) => {
        const parse = (error as { code?: string }).code?.startsWith('FST_ERR_CTP') && (error as { statusCode?: number }).statusCode === 400
        if (parse) return reply.status(200).send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Invalid JSON payload.' } })
        throw error
      },
    },
    async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined
      const id = (body?.id as string | number | undefined) ?? null
      try {
        const context = defaultServerCallContextBuilder({
          extensions: Extensions.parseServiceParameter(header(request, HTTP_EXTENSION_HEADER)),
          user: new ApiKeyUser(request.apiKey),
          headers: {},
          requestedVersion: header(request, A2A_VERSION_HEADER),
        })
        validateVersion(context.requestedVersion, card, 'JSONRPC')
        const out = await transport.handle(body ?? {}, context)
        if (context.activatedExtensions) reply.header(HTTP_EXTENSION_HEADER, Extensions.toServiceParameter(context.activatedExtensions))
        if (!isStream(out)) return reply.status(200).send(out)
        // An error before the first event (streaming not offered, bad params) is a plain JSON-RPC error.
        const first = await out.next()
        reply.hijack()
        reply.raw.writeHead(200, SSE_HEADERS)
        try {
          if (!first.done) reply.raw.write(formatSSEEvent(first.value))
          for await (const event of out) reply.raw.write(formatSSEEvent(event))
        } catch (streamError) {
          reply.raw.write(formatSSEErrorEvent({ jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(streamError) }))
        } finally {
          reply.raw.end()
        }
        return reply
      } catch (error) {
        const mapped = JsonRpcTransportHandler.mapToJSONRPCError(error)
        return reply.status(mapped.code === -32603 ? 500 : 200).send({ jsonrpc: '2.0', id, error: mapped })
      }
    },
  )
}
