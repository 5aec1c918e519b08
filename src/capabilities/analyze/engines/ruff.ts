/** The Ruff engine (WebAssembly build): Python style, pyflakes, bandit-derived security, PERF and UP. */
import { createRequire } from 'node:module'
import type { RawMatch } from './raw-match.js'
import { loadExternalMapping, type ExternalMapping } from './external-mapping.js'

const require = createRequire(import.meta.url)

interface RuffDiagnostic {
  code: string | null
  message: string
  start_location: { row: number; column: number }
  end_location: { row: number; column: number }
}

interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[]
}

let workspace: RuffWorkspace | undefined
let mapping: ExternalMapping | undefined

function getWorkspace(): { workspace: RuffWorkspace; mapping: ExternalMapping } {
  mapping ??= loadExternalMapping('ruff')
  if (!workspace) {
    // Loaded lazily: the WebAssembly module costs ~30 ms and only Python files need it.
    const { Workspace } = require('@astral-sh/ruff-wasm-nodejs') as {
      Workspace: new (options: unknown, encoding: number) => RuffWorkspace
    }
    workspace = new Workspace({ 'line-length': 100, lint: { select: mapping.select } }, 1 /* UTF-16 columns */)
  }
  return { workspace, mapping }
}

export interface RuffOutcome {
  matches: Array<RawMatch & { standards: string[] }>
  syntaxError?: { line: number; message: string }
}

export function runRuff(text: string): RuffOutcome {
  const { workspace, mapping } = getWorkspace()
  const outcome: RuffOutcome = { matches: [] }
  for (const d of workspace.check(text)) {
    if (d.code === null) {
      outcome.syntaxError ??= { line: d.start_location.row, message: d.message }
      continue
    }
    const rule = mapping.lookup(d.code, d.message)
    if (!rule) continue
    outcome.matches.push({
      rule,
      standards: rule.standards,
      engine: 'ruff',
      line: d.start_location.row,
      column: d.start_location.column,
      endLine: d.end_location.row,
      endColumn: d.end_location.column,
    })
  }
  return outcome
}
