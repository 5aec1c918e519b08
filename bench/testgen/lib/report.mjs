// Prints the test-generation benchmark's tables (plain text, also pasted into bench/README.md).
import { table } from '../../analyze/lib/report.mjs'

const pct = (x) => (Number.isFinite(x) ? `${x.toFixed(1)}%` : '—')
const sec = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '—')
const num = (x) => (Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '—')

const HEAD = [
  'stmt % (loaded)',
  'branch % (loaded)',
  'stmt % (--all)',
  'branch % (--all)',
  'tests',
  'passing %',
  'non-trivial %',
  'mutation score',
  'wall s',
]

function figures(m) {
  return [
    pct(m.statementsLoaded),
    pct(m.branchesLoaded),
    pct(m.statementsAll),
    pct(m.branchesAll),
    num(m.tests),
    pct(m.passingPct),
    pct(m.nonTrivialPct),
    pct(m.mutationScore),
    sec(m.wallMs),
  ]
}

export function printReport(sum) {
  console.log(
    `\nTest-generation benchmark ${sum.date} — ${sum.machine.cpus} cores (${sum.machine.cpuModel}), Node ${sum.versions.node}; seeds ${sum.options.seeds.join(',')}; tests from ${sum.options.testsFrom}`,
  )
  console.log(
    `  tools: mocha ${sum.versions.mocha}, nyc ${sum.versions.nyc}, StrykerJS ${sum.versions['@stryker-mutator/core']} (+ mocha-runner ${sum.versions['@stryker-mutator/mocha-runner']}); Codex ${sum.versions.codex}`,
  )

  const detail = [
    ['package', 'seed', ...HEAD, 'passing/tests', 'non-trivial/passing', 'mutants (killed+timeout/valid)', 'generator claimed'],
  ]
  for (const [id, p] of Object.entries(sum.packages)) {
    for (const [seed, r] of Object.entries(p.seeds)) {
      const m = r.mutation
      detail.push([
        id,
        seed,
        ...figures(r.figures),
        `${r.passing}/${r.tests}`,
        `${r.nonTrivial ?? '—'}/${r.passing}`,
        m?.ok ? `${(m.counts.Killed ?? 0) + (m.counts.Timeout ?? 0)}/${m.mutants}` : m ? 'failed' : '—',
        r.generation?.claimed
          ? `${r.generation.claimed.tests ?? '?'} tests, stmt ${r.generation.claimed.coverage?.statements ?? '?'}, branch ${r.generation.claimed.coverage?.branches ?? '?'}`
          : '',
      ])
    }
  }
  console.log(`\nPer seed:\n${table(detail)}`)

  const rows = [['package', ...HEAD]]
  for (const [id, p] of Object.entries(sum.packages)) rows.push([id, ...figures(p.median)])
  if (sum.overall) rows.push([`median over ${Object.keys(sum.packages).length} packages`, ...figures(sum.overall)])
  console.log(`\nMedians over the seeds (statement/branch: Istanbul via nyc, passing tests only, source maps off):\n${table(rows)}`)
  if (sum.overall) {
    const o = sum.overall
    const t = sum.targets
    const verdict = (x, min) => (Number.isFinite(x) ? (x >= min ? 'MET' : 'MISSED') : 'n/a')
    console.log(
      `\nTargets (median over the packages, loaded files): statement ≥ ${t.statements}%: ${pct(o.statementsLoaded)} ${verdict(o.statementsLoaded, t.statements)}; branch ≥ ${t.branches}%: ${pct(o.branchesLoaded)} ${verdict(o.branchesLoaded, t.branches)}; ` +
        `wall ≤ ${t.wallSeconds} s per package: worst package median ${sec(Math.max(...Object.values(sum.packages).map((p) => p.median.wallMs)))} s`,
    )
    console.log(`For context (TestPilot paper, 25 packages): TestPilot 70.2% / 52.8%, Nessie 51.3% / 25.6% (statement / branch).`)
  }
  if (sum.notes.length) {
    console.log('\nnotes:')
    for (const x of sum.notes) console.log(`  - ${x}`)
  }
}
