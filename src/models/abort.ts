/** Cancellation: the error an aborted signal stands for, and a sleep that wakes on abort. */
import { CancelledError, CodexError } from '../core/errors.js'

/** A timeout aborts with a ModelError as its reason; anything else is the caller cancelling. */
export function abortError(signal: AbortSignal): CodexError {
  return signal.reason instanceof CodexError ? signal.reason : new CancelledError()
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError(signal as AbortSignal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
