/** Raised when generated output fails its own checks: nothing is written (HTTP 422, as an unverified generate result). */
import { CodexError, EXIT } from '../../../core/errors.js'

export class ScaffoldVerificationError extends CodexError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`Generated output failed verification, nothing was written: ${message}`, {
      code: 'verification_failed',
      exitCode: EXIT.sandbox,
      httpStatus: 422,
      cause: options.cause,
    })
  }
}
