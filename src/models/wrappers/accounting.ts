/**
 * Accounting around every call: the budget check before it, the charge after it, and the `onCall`
 * hook the caller turns into a `model.call` RunEvent.
 */
import type { Logger } from '../../core/context.js'
import type { Budget } from '../budget.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'

/** Exactly the fields of the `model.call` RunEvent. */
export interface ModelCallInfo {
  model: string
  inputTokens: number
  outputTokens: number
  costUsd: number
  cacheHit: boolean
}

export interface AccountingOptions {
  budget?: Budget
  onCall?: (info: ModelCallInfo) => void
  logger?: Logger
}

export function withAccounting(inner: ModelClient, options: AccountingOptions): ModelClient {
  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    options.budget?.begin(inner.ref)
    const response = await inner.generate(request, callOptions)
    options.budget?.charge(response)
    const info: ModelCallInfo = {
      model: inner.ref,
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
      costUsd: response.costUsd,
      cacheHit: response.cached,
    }
    options.logger?.debug(
      `model call ${info.model}: ${info.inputTokens} in / ${info.outputTokens} out tokens, $${info.costUsd.toFixed(6)}${info.cacheHit ? ', cache hit' : ''}`,
    )
    options.onCall?.(info)
    return response
  }

  return { ref: inner.ref, generate }
}
