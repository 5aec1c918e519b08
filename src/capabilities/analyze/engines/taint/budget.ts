/** Per-file limits: pathological code stops the taint analysis of that file, never the run. */

export class BudgetExceeded extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'BudgetExceeded'
  }
}

export interface Limits {
  /** IR nodes built per file; larger files are not taint-analyzed. */
  maxNodes: number
  /** Abstract-interpretation steps per file. */
  maxSteps: number
  /** Wall-clock milliseconds per file. */
  maxMillis: number
}

export const DEFAULT_LIMITS: Limits = { maxNodes: 250_000, maxSteps: 1_500_000, maxMillis: 3_000 }

export class Budget {
  steps = 0
  private readonly deadline: number

  constructor(private readonly limits: Limits) {
    this.deadline = performance.now() + limits.maxMillis
  }

  /** Counts one step; checks the clock every 4096 steps. */
  step(): void {
    this.steps++
    if (this.steps > this.limits.maxSteps) throw new BudgetExceeded(`taint analysis stopped after ${this.limits.maxSteps} steps`)
    if ((this.steps & 4095) === 0 && performance.now() > this.deadline) {
      throw new BudgetExceeded(`taint analysis stopped after ${this.limits.maxMillis} ms`)
    }
  }
}
