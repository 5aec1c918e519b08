/** The on-disk shapes of cached responses and recorded calls, validated when read back. */
import { z } from 'zod'

const ToolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.unknown() })

export const ModelResponseSchema = z.object({
  text: z.string(),
  toolCalls: z.array(ToolCallSchema),
  usage: z.object({ inputTokens: z.number().nonnegative(), outputTokens: z.number().nonnegative() }),
  finishReason: z.enum(['stop', 'length', 'tool-calls', 'content-filter', 'other']),
  costUsd: z.number().nonnegative(),
  cached: z.boolean(),
  model: z.string(),
})

export const CACHE_FORMAT = 1 as const
export const CachedResponseSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  ref: z.string(),
  response: ModelResponseSchema,
})

export const RECORDING_FORMAT = 1 as const
export const RecordedCallSchema = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    /** 1-based position in the session. */
    index: z.number().int().positive(),
    ref: z.string(),
    /** The normalized, redacted request. */
    request: z.record(z.string(), z.unknown()),
    response: ModelResponseSchema.optional(),
    /** A call that failed after its retries is recorded as its error, so replay fails the same way. */
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .refine((call) => (call.response === undefined) !== (call.error === undefined), { message: 'a call holds either a response or an error' })
export type RecordedCall = z.infer<typeof RecordedCallSchema>

/** `call-0001.json`, `call-0002.json`, ... */
export function recordingFileName(index: number): string {
  return `call-${String(index).padStart(4, '0')}.json`
}
export const RECORDING_FILE = /^call-(\d{4,})\.json$/
