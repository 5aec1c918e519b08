/** A deadline per call: the call is aborted with a ModelError when it runs longer than `timeoutMs`. */
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { ModelCallError } from '../model-call-error.js'

export function withTimeout(inner: ModelClient, options: { timeoutMs: number }): ModelClient {
  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      controller.abort(
        new ModelCallError(
          `${inner.ref}: no complete answer within ${options.timeoutMs / 1000} s; the call was stopped. Raise the timeout for slow models.`,
          {
            code: 'model_timeout',
          },
        ),
      )
    }, options.timeoutMs)
    const onCallerAbort = () => controller.abort(callOptions.signal?.reason)
    if (callOptions.signal?.aborted) onCallerAbort()
    callOptions.signal?.addEventListener('abort', onCallerAbort, { once: true })
    try {
      return await inner.generate(request, { ...callOptions, signal: controller.signal })
    } finally {
      clearTimeout(timer)
      callOptions.signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  return { ref: inner.ref, generate }
}
