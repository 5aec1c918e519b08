#!/usr/bin/env node
// What the taint (data-flow) and ReDoS engine adds to `codex-agent analyze`: the same build on the
// same corpus with `analyze.taint` on and off (CODEX_AGENT_ANALYZE__TAINT=false), runs interleaved
// (off, on, off, on...) so both see the same machine, cold each time (`--no-cache`, `.codex/` deleted).
// Both `--type security` (where taint is the largest share) and all four types. Uses the corpora that
// run.mjs installs (run it once first). See bench/README.md, "Taint overhead".
//
//   node bench/analyze/taint-overhead.mjs [--runs N] [--only js,adv] [--cli PATH]
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './lib/proc.mjs'
import { clearCodexState, runCodex } from './lib/tools.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const WORK = join(ROOT, 'bench', '.work')
const CORPORA = { js: join(WORK, 'corpora', 'js-ts'), adv: join(WORK, 'advisories') }

const options = { runs: 5, only: ['js', 'adv'], cli: join(ROOT, 'dist', 'interfaces', 'cli', 'main.js') }
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--runs') options.runs = Math.max(1, Number(argv[++i]))
  else if (argv[i] === '--only') options.only = argv[++i].split(',')
  else if (argv[i] === '--cli') options.cli = resolve(argv[++i])
  else {
    console.error('usage: node bench/analyze/taint-overhead.mjs [--runs N] [--only js,adv] [--cli PATH]')
    process.exit(2)
  }
}

const out = join(WORK, 'out')
mkdirSync(out, { recursive: true })
const rows = []
for (const corpus of options.only) {
  const root = CORPORA[corpus]
  if (!root || !existsSync(root)) {
    console.error(`[bench] no corpus "${corpus}" at ${root}: run node bench/analyze/run.mjs first`)
    process.exit(2)
  }
  for (const types of ['security', undefined]) {
    const times = { off: { ms: [], cpuMs: [] }, on: { ms: [], cpuMs: [] } }
    const findings = {}
    for (let i = 0; i < options.runs; i++) {
      for (const mode of ['off', 'on']) {
        clearCodexState(root)
        const env = mode === 'off' ? { CODEX_AGENT_ANALYZE__TAINT: 'false' } : {}
        const r = await runCodex({
          cli: options.cli,
          root,
          outFile: join(out, `overhead-${corpus}-${mode}.json`),
          timeoutMs: 600_000,
          types,
          env,
        })
        if (!r.ok) throw new Error(`codex failed on ${corpus} (${mode}): ${r.stderr.slice(-500)}`)
        times[mode].ms.push(r.ms)
        times[mode].cpuMs.push(r.cpuMs)
        findings[mode] = r.json.findings.length
      }
      clearCodexState(root)
    }
    const med = (list) => median(list) / 1000
    const row = {
      corpus,
      types: types ?? 'all',
      off: med(times.off.ms),
      on: med(times.on.ms),
      offCpu: med(times.off.cpuMs),
      onCpu: med(times.on.cpuMs),
      findings,
    }
    rows.push(row)
    console.error(`[bench] ${corpus} ${row.types}: off ${row.off.toFixed(2)} s, on ${row.on.toFixed(2)} s`)
  }
}

console.log(`Taint overhead, ${new Date().toISOString()}, ${options.runs} interleaved runs each (median):`)
console.log('| corpus | types | taint off s | taint on s | on/off wall | off CPU s | on CPU s | on/off CPU | findings off → on |')
console.log('| ------ | ----- | ----------- | ---------- | ----------- | --------- | -------- | ---------- | ----------------- |')
for (const r of rows) {
  console.log(
    `| ${r.corpus} | ${r.types} | ${r.off.toFixed(2)} | ${r.on.toFixed(2)} | ${(r.on / r.off).toFixed(2)} | ${r.offCpu.toFixed(2)} | ${r.onCpu.toFixed(2)} | ${(r.onCpu / r.offCpu).toFixed(2)} | ${r.findings.off} → ${r.findings.on} |`,
  )
}
