/** Runs a capability for an MCP tool call: progress notifications, cancellation, errors as tool errors. */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import type { z } from 'zod'
import { runCapability, type Capability } from '../../core/capability.js'
import { createContext } from '../../core/context.js'
import { CodexError, toCodexError } from '../../core/errors.js'
import type { RunEvent } from '../../core/events.js'
import type { CodexConfig } from '../../config/schema.js'
import type { Store } from '../../store/store.js'

export interface McpOptions {
  workspace: string
  config: CodexConfig
  store?: Store
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>

export async function runAsTool<Schema extends z.ZodType, Result>(
  capability: Capability<Schema, Result>,
  args: unknown,
  extra: Extra,
  options: McpOptions,
  toReport: (result: Result, runId: string) => Record<string, unknown>,
) {
  const token = extra._meta?.progressToken
  const onEvent = (event: RunEvent) => {
    if (token === undefined || event.type !== 'progress') return
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: event.done, total: event.total, message: event.item ?? event.step },
      })
      .catch(() => undefined)
  }
  const ctx = createContext({
    workspace: options.workspace,
    config: options.config,
    onEvent,
    signal: extra.signal,
    ...(options.store ? { store: options.store } : {}),
  })
  try {
    const report = toReport(await runCapability(capability, args, ctx), ctx.runId)
    return { content: [{ type: 'text' as const, text: JSON.stringify(report) }], structuredContent: report }
  } catch (error) {
    const e = error instanceof CodexError ? error : toCodexError(error)
    return { isError: true, content: [{ type: 'text' as const, text: `${e.code}: ${e.message}` }] }
  }
}
