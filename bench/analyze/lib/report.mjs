// Prints the benchmark's tables (plain text, also pasted into bench/README.md).
import { FAMILIES } from '../families.mjs'

const s = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '—')
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—')
const n = (x) => (x === undefined || x === null ? '—' : String(x))

/** A plain-text table: the first row is the header. */
export function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  return rows
    .map((r, ri) => {
      const line = r.map((c, i) => String(c).padEnd(w[i])).join(' | ')
      return ri === 0 ? `${line}\n${w.map((x) => '-'.repeat(x)).join('-|-')}` : line
    })
    .join('\n')
}

const TOOL_NAMES = {
  eslint: 'ESLint + security plugins',
  eslintRecommended: 'ESLint recommended + TS + security plugins',
  codex: 'Codex Agent analyze (all types)',
  codexSecurity: 'Codex Agent analyze --type security',
  codexBinding: 'Codex Agent analyze, Node binding only (CODEX_AST_GREP_CLI=0)',
  bandit: 'Bandit',
  shellcheck: 'ShellCheck',
}
const CORPUS_NAMES = { js: 'JS/TS corpus', adv: 'advisory packages', py: 'Python corpus', sh: 'shell corpus' }
const PEER_OF = { js: 'eslint', adv: 'eslint', py: 'bandit', sh: 'shellcheck' }

export function printReport(sum) {
  console.log(
    `\nAnalysis benchmark ${sum.date} — ${sum.machine.cpus} cores (${sum.machine.cpuModel}), ${sum.versions.node}; median of ${sum.runs} runs`,
  )
  for (const [k, v] of Object.entries(sum.inputs)) console.log(`  ${CORPUS_NAMES[k] ?? k}: ${v}`)
  const rows = [
    [
      'corpus',
      'tool',
      'files',
      'median s',
      'runs s',
      'CPU s',
      'unchanged re-run s',
      'findings',
      'security',
      'peer/Codex wall',
      'peer/Codex CPU',
    ],
  ]
  for (const [k, c] of Object.entries(sum.corpora)) {
    const peer = c[PEER_OF[k]]
    const order = [PEER_OF[k], ...Object.keys(TOOL_NAMES).filter((x) => x !== PEER_OF[k])]
    for (const tool of order) {
      const t = c[tool]
      if (!t) continue
      let ratio = ''
      const cpuRatio =
        peer && tool.startsWith('codex') && Number.isFinite(peer.medianCpuMs) && Number.isFinite(t.medianCpuMs)
          ? (peer.medianCpuMs / t.medianCpuMs).toFixed(2)
          : ''
      if (peer && tool.startsWith('codex') && Number.isFinite(peer.medianMs) && Number.isFinite(t.medianMs)) {
        ratio = (peer.medianMs / t.medianMs).toFixed(2)
        if (Number.isFinite(t.pairedRatio) && t.pairedRatios?.length > 1) ratio += ` (paired ${t.pairedRatio.toFixed(2)})`
      }
      rows.push([
        CORPUS_NAMES[k] ?? k,
        TOOL_NAMES[tool],
        n(t.files),
        s(t.medianMs),
        (t.runsMs ?? []).map((x) => s(x)).join(' '),
        s(t.medianCpuMs),
        Number.isFinite(t.warmMedianMs) ? `${s(t.warmMedianMs)}${t.warmCached !== undefined ? ` (${t.warmCached} cached)` : ''}` : '',
        n(t.findings),
        tool === 'shellcheck' ? '—' : n(t.securityFindings),
        ratio,
        cpuRatio,
      ])
    }
  }
  console.log(`\n${table(rows)}`)

  const js = sum.corpora.js
  if (js?.eslint && js?.codex) {
    const ratio = js.eslint.medianMs / js.codex.medianMs
    const paired = js.codex.pairedRatio
    console.log(
      `\nTarget 1 — Codex full analyze of the JS/TS corpus <= 1/4 of ESLint+security plugins' time: ESLint/Codex = ${ratio.toFixed(2)} (ratio of medians)${Number.isFinite(paired) ? `, ${paired.toFixed(2)} (median of per-round ratios)` : ''}; needs >= 4: ${ratio >= 4 ? 'MET' : 'MISSED'}`,
    )
    if (Number.isFinite(js.eslint.medianCpuMs) && Number.isFinite(js.codex.medianCpuMs))
      console.log(
        `         by CPU time (user+sys, less sensitive to other load): ESLint ${s(js.eslint.medianCpuMs)} s / Codex ${s(js.codex.medianCpuMs)} s = ${(js.eslint.medianCpuMs / js.codex.medianCpuMs).toFixed(2)}`,
      )
    if (Number.isFinite(js.codex.warmMedianMs))
      console.log(`Target 2 — unchanged re-run <= 1 s: ${s(js.codex.warmMedianMs)} s: ${js.codex.warmMedianMs <= 1000 ? 'MET' : 'MISSED'}`)
  }

  const adv = sum.corpora.adv
  if (adv) {
    const tools = ['eslint', 'codex'].filter((t) => adv[t]?.score)
    if (tools.length) {
      console.log(`\nAccuracy on the advisory packages (match = same file, same family, |line - label| <= ${sum.lineTolerance}):`)
      const r2 = [
        ['tool', 'labels found', 'recall', 'precision*', 'F1', 'macro R', 'macro P', 'macro F1', 'scored findings on labelled files'],
      ]
      for (const t of tools) {
        const sc = adv[t].score
        r2.push([
          TOOL_NAMES[t],
          `${sc.found}/${sc.labels}`,
          pct(sc.recall),
          pct(sc.precision),
          pct(sc.f1),
          pct(sc.macro.recall),
          pct(sc.macro.precision),
          pct(sc.macro.f1),
          sc.scoredFindingsOnLabelledFiles,
        ])
      }
      console.log(table(r2))
      const fams = Object.keys(FAMILIES).filter((f) => tools.some((t) => adv[t].score.perFamily[f]))
      const r3 = [['family', 'labels', ...tools.flatMap((t) => [`${t} found`, `${t} P (TP/findings)`, `${t} F1`])]]
      for (const f of fams) {
        const row = [FAMILIES[f].name, n(tools.map((t) => adv[t].score.perFamily[f]?.labels).find((x) => x !== undefined))]
        for (const t of tools) {
          const pf = adv[t].score.perFamily[f]
          row.push(
            pf ? `${pf.found}/${pf.labels}` : '—',
            pf ? `${pct(pf.precision)} (${pf.truePositives}/${pf.findings})` : '—',
            pf ? pct(pf.f1) : '—',
          )
        }
        r3.push(row)
      }
      console.log(`\n${table(r3)}`)
      console.log(
        '* precision counts only findings in a scored family on files that carry a label; labels are incomplete, so it is a lower bound.',
      )
    }
  }
  if (sum.notes.length) {
    console.log('\nnotes:')
    for (const x of sum.notes) console.log(`  - ${x}`)
  }
}
