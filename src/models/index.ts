/** The model layer's public surface: the contract, the factory, the wrappers and the test double. */
export type {
  FinishReason,
  GenerateOptions,
  JsonSchema,
  ModelClient,
  ModelMessage,
  ModelRequest,
  ModelResponse,
  RetryEvent,
  TokenUsage,
  ToolCall,
  ToolSpec,
} from './model.js'
export { createModelClient, DEFAULT_TIMEOUT_MS, modelRedactor, type CreateModelClientOptions } from './create-model-client.js'
export { formatModelRef, isLocalProvider, parseModelRef, PROVIDERS, type ModelRef, type ProviderName } from './model-ref.js'
export { defaultCapabilities, probeCapabilities, type ModelCapabilities, type ProbeOptions } from './capabilities.js'
export { Budget, type BudgetLimits, type BudgetState } from './budget.js'
export { costOf, DEFAULT_PRICES, priceFor, type Price, type PriceTable } from './prices.js'
export { ModelCallError, isRetryable } from './model-call-error.js'
export { createRedactor, redactingLogger, secretsFromEnv, REDACTED, type Redactor } from './redact.js'
export { createReplayClient, type ReplayOptions } from './session/replay-client.js'
export { createScriptedModel, type ScriptedModel, type ScriptedReply } from './scripted-model.js'
export { NO_MODEL_MESSAGE } from './providers/builtin.js'
export { providerBaseUrl } from './providers/base-url.js'
export { withAccounting, type ModelCallInfo } from './wrappers/accounting.js'
export { withRecording } from './session/recording.js'
export { withResponseCache } from './session/response-cache.js'
export { withRetry, type RetryOptions } from './wrappers/retry.js'
export { withTimeout } from './wrappers/timeout.js'
export { withToolShim } from './wrappers/tool-shim.js'
