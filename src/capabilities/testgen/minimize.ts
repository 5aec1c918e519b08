/**
 * A small suite that covers what the whole search covered: greedy set cover over each case's own
 * coverage (from the replay), plus the cases kept for another reason (a new behaviour, an edge case,
 * an error path), in the order they were found.
 */
import type { CoverageKey, TestCase } from './plan.js'

export interface Replayed {
  testCase: TestCase
  covers: CoverageKey[]
}

export function minimize<T extends Replayed>(cases: readonly T[], max: number): T[] {
  const chosen = new Set<number>()
  const covered = new Set<CoverageKey>()
  const bySize = cases.map((c, i) => i).sort((a, b) => (cases[b]?.covers.length ?? 0) - (cases[a]?.covers.length ?? 0))
  // Greedy: repeatedly take the case adding the most uncovered keys.
  const remaining = new Set(bySize)
  while (chosen.size < max) {
    let best = -1
    let bestGain = 0
    for (const i of remaining) {
      let gain = 0
      for (const key of cases[i]?.covers ?? []) if (!covered.has(key)) gain++
      if (gain > bestGain) {
        best = i
        bestGain = gain
      }
    }
    if (best < 0) break
    chosen.add(best)
    remaining.delete(best)
    for (const key of cases[best]?.covers ?? []) covered.add(key)
  }
  cases.forEach((c, i) => {
    if (chosen.size < max && c.testCase.reason !== 'coverage') chosen.add(i)
  })
  return [...chosen].sort((a, b) => a - b).map((i) => cases[i] as T)
}
