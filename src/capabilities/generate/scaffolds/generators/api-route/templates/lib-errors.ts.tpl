---
to: <%= files.errors %>
---
/** Typed API errors: every failure answers with the same JSON shape, `{ error: { code, message, details? } }`. */

export type ApiErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | 'internal'

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode
    message: string
    details?: unknown
  }
}

export class ApiError extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  readonly details: unknown
  readonly headers: Record<string, string>

  constructor(status: number, code: ApiErrorCode, message: string, options: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

export const ErrorResponses = {
  badRequest: (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, { details }),
  unauthorized: (message = 'Authentication required') => new ApiError(401, 'unauthorized', message),
  forbidden: (message = 'Not allowed') => new ApiError(403, 'forbidden', message),
  notFound: (message = 'Not found') => new ApiError(404, 'not_found', message),
  rateLimited: (headers: Record<string, string>) => new ApiError(429, 'rate_limited', 'Rate limit exceeded', { headers }),
  internal: () => new ApiError(500, 'internal', 'Internal server error'),
}

export interface ErrorReply {
  status: number
  body: ApiErrorBody
  headers: Record<string, string>
}

/** Turns anything thrown into a reply; unexpected errors become a 500 that reveals nothing internal. */
export function toErrorReply(error: unknown): ErrorReply {
  const apiError = error instanceof ApiError ? error : ErrorResponses.internal()
  if (!(error instanceof ApiError)) console.error('Unhandled API error:', error)
  const body: ApiErrorBody = { error: { code: apiError.code, message: apiError.message } }
  if (apiError.details !== undefined) body.error.details = apiError.details
  return { status: apiError.status, body, headers: apiError.headers }
}
