/**
 * The budget of a run: money (`--max-cost`, USD) and model calls (`--max-turns`). One Budget can be
 * shared by several clients (a designer and an implementer agent spend from the same purse).
 */
import { ModelError } from '../core/errors.js'
import type { ModelResponse } from './model.js'

export interface BudgetLimits {
  maxCostUsd?: number
  maxTurns?: number
}

export interface BudgetState {
  spentUsd: number
  turns: number
  inputTokens: number
  outputTokens: number
}

export class Budget {
  readonly limits: BudgetLimits
  private readonly state: BudgetState = { spentUsd: 0, turns: 0, inputTokens: 0, outputTokens: 0 }

  constructor(limits: BudgetLimits = {}) {
    this.limits = limits
  }

  get spent(): Readonly<BudgetState> {
    return { ...this.state }
  }

  /** Takes a turn before a call; throws when the run is out of turns or money. */
  begin(ref: string): void {
    const { maxTurns, maxCostUsd } = this.limits
    if (maxTurns !== undefined && this.state.turns >= maxTurns) {
      throw new ModelError(
        `The run reached its limit of ${maxTurns} model call${maxTurns === 1 ? '' : 's'} (--max-turns) before calling ${ref}. Raise --max-turns or narrow the task.`,
        { code: 'model_budget_exceeded' },
      )
    }
    if (maxCostUsd !== undefined && this.state.spentUsd >= maxCostUsd) {
      throw new ModelError(
        `The run spent $${this.state.spentUsd.toFixed(4)} of its $${maxCostUsd.toFixed(4)} budget (--max-cost) in ${this.state.turns} model calls; ` +
          `${ref} was not called. Raise --max-cost or use a cheaper or local model.`,
        { code: 'model_budget_exceeded' },
      )
    }
    this.state.turns++
  }

  /** Books what a finished call used. */
  charge(response: ModelResponse): void {
    this.state.spentUsd += response.costUsd
    this.state.inputTokens += response.usage.inputTokens
    this.state.outputTokens += response.usage.outputTokens
  }
}
