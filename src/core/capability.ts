/**
 * The capability contract: one request schema, one function. Every door (CLI, HTTP, MCP, library)
 * goes through runCapability, so validation, run records and run.* events are the same everywhere.
 */
import type { z } from 'zod'
import type { Context } from './context.js'
import { toCodexError, UserInputError } from './errors.js'
import { redactRequest } from './redact-request.js'

export interface Capability<Schema extends z.ZodType, Result> {
  name: string
  description: string
  request: Schema
  run(request: z.output<Schema>, ctx: Context): Promise<Result>
  /** A short summary of a result for run records and `run.completed`. */
  summarize(result: Result): Record<string, unknown>
}

/** Validates with the capability's schema; the error names the first offending field. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const path = issue?.path.map(String) ?? []
  // The field is the request key at fault; the full path (e.g. `analysis_type.0`) goes in the message.
  const field = path[0]
  const where = path.length ? `"${path.join('.')}"` : 'the request'
  throw new UserInputError(`Invalid ${where}: ${issue?.message ?? 'invalid request'}`, field ? { field } : {})
}

export async function runCapability<Schema extends z.ZodType, Result>(
  capability: Capability<Schema, Result>,
  input: unknown,
  ctx: Context,
): Promise<Result> {
  const request = parseRequest(capability.request, input)
  // The record keeps what was asked, never a credential that came with it.
  const recorded = redactRequest(request)
  await ctx.store?.startRun({ id: ctx.runId, capability: capability.name, request: recorded, workspace: ctx.workspace })
  ctx.emit({ type: 'run.started', capability: capability.name, request: recorded })
  try {
    const result = await capability.run(request, ctx)
    const summary = capability.summarize(result)
    ctx.emit({ type: 'run.completed', summary })
    await ctx.store?.finishRun(ctx.runId, { status: 'completed', summary })
    return result
  } catch (error) {
    const codexError = toCodexError(error)
    ctx.emit({ type: 'run.failed', error: { code: codexError.code, message: codexError.message } })
    await ctx.store?.finishRun(ctx.runId, { status: 'failed', summary: { error: codexError.message } })
    throw codexError
  }
}
