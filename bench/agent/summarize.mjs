#!/usr/bin/env node
// Medians over several bench/agent result files (the machine is noisy: run.mjs 3 times, quote this).
//
//   node bench/agent/summarize.mjs bench/.work/agent-results-*.json
import { readFileSync } from 'node:fs'

const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: node bench/agent/summarize.mjs RESULTS.json...')
  process.exit(2)
}
const results = files.map((file) => JSON.parse(readFileSync(file, 'utf8')))

function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const f = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—')
const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj)
/** Median over the files of the value at `path`, with the range when the files disagree. */
function agg(path, digits = 2, range = true) {
  const xs = results.map((r) => get(r, path)).filter((x) => typeof x === 'number')
  if (!xs.length) return ''
  const m = median(xs)
  if (xs.length === 1 || !range) return f(m, digits)
  return `${f(m, digits)} (${f(Math.min(...xs), digits)}–${f(Math.max(...xs), digits)})`
}

const first = results[0]
const out = []
const p = (s = '') => out.push(s)
p(`Medians of ${results.length} runs (range in brackets): ${results.map((r) => r.date).join(', ')}`)
p(
  `Node ${first.versions.node}, ai ${first.versions.ai}, @ai-sdk/openai-compatible ${first.versions.aiSdkOpenAICompatible}; load at start ${results.map((r) => r.load.start[0].toFixed(1)).join(', ')}`,
)

function loopTable(section) {
  const rows = first[section]
  if (!rows) return
  const o = first.options
  p()
  p(
    `### ${section === 'loop' ? `Agent loop, ${o.runs} runs × ${o.turns} turns` : `Long runs, ${o.longRuns} runs × ${o.longTurns} turns`}; ms per turn, median over runs`,
  )
  p()
  p(
    '| configuration | wall | HTTP (client-seen) | overhead = wall − HTTP | raw-fetch floor | overhead = wall − floor | single-turn overhead p95 | first → last quarter | GC (inside HTTP) | compactions |',
  )
  p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const [id, row] of Object.entries(rows)) {
    const k = `${section}.${id}`
    const inst = row.instrumented
    p(
      `| ${row.label} | ${agg(`${k}.wallPerTurn.median`)} | ${inst ? agg(`${k}.httpPerTurn.median`) : ''} | ${inst ? `**${agg(`${k}.overheadPerTurn.median`)}**` : ''} | ` +
        `${agg(`${k}.floorPerTurn`)} | ${row.overheadOverFloorPerTurn ? `**${agg(`${k}.overheadOverFloorPerTurn.median`)}**` : ''} | ${inst ? agg(`${k}.turnOverhead.p95`) : ''} | ` +
        `${inst ? `${agg(`${k}.firstQuarterTurnOverhead`, 2, false)} → ${agg(`${k}.lastQuarterTurnOverhead`, 2, false)}` : ''} | ` +
        `${inst && row.gcPerTurn ? `${agg(`${k}.gcPerTurn.median`, 2, false)} (${agg(`${k}.gcInHttpPerTurn.median`, 2, false)})` : ''} | ${inst ? agg(`${k}.compactionsPerRun`, 0, false) : ''} |`,
    )
  }
}
loopTable('loop')
p()
p(
  `Codex / AI SDK loop: overhead (wall − HTTP) ${agg('verdict.codexOverPeerOverhead')}, overhead (wall − floor) ${agg('verdict.codexOverPeerOverheadOverFloor')}, ` +
    `wall with the production fetch ${agg('verdict.codexOverPeerWallPlain')}`,
)
loopTable('long')
p()
p(`### One model call; ms, median over calls`)
p()
p('| request | bytes | raw fetch (floor) | bare AI SDK streamText | Codex generate | SDK − floor | Codex − floor | Codex − SDK |')
p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const name of Object.keys(first.single)) {
  const k = `single.${name}`
  p(
    `| ${name} | ${first.single[name].requestBytes} | ${agg(`${k}.rawFetch.median`)} | ${agg(`${k}.bareSdk.median`)} | ${agg(`${k}.codex.median`)} | ` +
      `${agg(`${k}.bareSdkOverFloor`)} | ${agg(`${k}.codexOverFloor`)} | ${agg(`${k}.codexOverBareSdk`)} |`,
  )
}
p()
p('### Response cache; ms')
p()
p('| request | hit median | hit p95 | miss median | same call, no cache | miss − no cache | miss / hit |')
p('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const name of Object.keys(first.cache)) {
  const k = `cache.${name}`
  p(
    `| ${name} (${first.cache[name].requestBytes} B) | **${agg(`${k}.hit.median`, 3)}** | ${agg(`${k}.hit.p95`, 3)} | ${agg(`${k}.miss.median`)} | ${agg(`${k}.noCache.median`)} | ` +
      `${agg(`${k}.missOverNoCache`)} | ${agg(`${k}.missOverHit`, 0)}× |`,
  )
}
p()
p(
  `Target ≤ ${first.verdict.targetMs} ms per turn (Codex native tools): wall − HTTP ${agg('verdict.overheadPerTurnMs')}, wall − floor ${agg('verdict.overheadOverFloorPerTurnMs')}, ` +
    `production fetch wall − floor ${agg('verdict.productionOverheadOverFloorPerTurnMs')}; met in ${results.filter((r) => r.verdict.met).length} of ${results.length} runs; ` +
    `${first.options.longTurns}-turn runs ${agg('verdict.longOverheadPerTurnMs')} (met in ${results.filter((r) => r.verdict.longMet).length} of ${results.length}).`,
)
console.log(out.join('\n'))
