/** Typed errors: each carries a stable code, a message a person can act on, and the CLI exit code. */

export const EXIT = { ok: 0, findings: 1, usage: 2, model: 3, sandbox: 4 } as const

export class CodexError extends Error {
  readonly code: string
  readonly exitCode: number
  /** HTTP status a door should answer with. */
  readonly httpStatus: number

  constructor(message: string, options: { code: string; exitCode: number; httpStatus: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = options.code
    this.exitCode = options.exitCode
    this.httpStatus = options.httpStatus
  }
}

export class UserInputError extends CodexError {
  /** The request field at fault, when there is one (e.g. `analysis_type`). */
  readonly field?: string
  constructor(message: string, options: { field?: string; code?: string; httpStatus?: number; cause?: unknown } = {}) {
    super(message, {
      code: options.code ?? 'invalid_input',
      exitCode: EXIT.usage,
      httpStatus: options.httpStatus ?? 400,
      cause: options.cause,
    })
    if (options.field !== undefined) this.field = options.field
  }
}

export class ForbiddenPathError extends CodexError {
  constructor(path: string) {
    super(`Path "${path}" is outside the workspace; only files inside the workspace can be analyzed.`, {
      code: 'path_outside_workspace',
      exitCode: EXIT.usage,
      httpStatus: 403,
    })
  }
}

export class ConfigError extends CodexError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'invalid_config', exitCode: EXIT.usage, httpStatus: 500, cause: options.cause })
  }
}

export class ModelError extends CodexError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'model_error', exitCode: EXIT.model, httpStatus: 502, cause: options.cause })
  }
}

export class SandboxError extends CodexError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'sandbox_error', exitCode: EXIT.sandbox, httpStatus: 500, cause: options.cause })
  }
}

export class CancelledError extends CodexError {
  constructor() {
    super('The run was cancelled.', { code: 'cancelled', exitCode: 130, httpStatus: 499 })
  }
}

export function toCodexError(error: unknown): CodexError {
  if (error instanceof CodexError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new CodexError(`Internal error: ${message}`, { code: 'internal', exitCode: 70, httpStatus: 500, cause: error })
}
