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

/** A part of the analysis ran out of its own allowance (Budget.within): only that part stops. */
class AllowanceExceeded extends Error {}

export class Budget {
  steps = 0
  private readonly deadline: number
  /** The step count at which the current `within` allowance ends. */
  private allowance = Infinity

  constructor(private readonly limits: Limits) {
    this.deadline = performance.now() + limits.maxMillis
  }

  /**
   * Runs `work` with at most `steps` more steps (and the file's own limits); past them only that work
   * stops. Returns whether it finished.
   */
  within(steps: number, work: () => void): boolean {
    const outer = this.allowance
    this.allowance = Math.min(outer, this.steps + steps)
    try {
      work()
      return true
    } catch (error) {
      if (error instanceof AllowanceExceeded && this.allowance < outer) return false
      throw error
    } finally {
      this.allowance = outer
    }
  }

  /** Counts one step; checks the clock every 4096 steps. */
  step(): void {
    this.steps++
    if (this.steps > this.allowance) throw new AllowanceExceeded('allowance exceeded')
    if (this.steps > this.limits.maxSteps) throw new BudgetExceeded(`taint analysis stopped after ${this.limits.maxSteps} steps`)
    if ((this.steps & 4095) === 0 && performance.now() > this.deadline) {
      throw new BudgetExceeded(`taint analysis stopped after ${this.limits.maxMillis} ms`)
    }
  }
}
