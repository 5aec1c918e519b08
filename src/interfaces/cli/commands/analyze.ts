/** `codex-agent analyze [paths]`: flags in, the analyze capability, a report out, an exit code. */
import { resolve } from 'node:path'
import { runCapability } from '../../../core/capability.js'
import { writeFileAtomic } from '../../../core/atomic-write.js'
import { UserInputError } from '../../../core/errors.js'
import { VERSION } from '../../../core/version.js'
import { analyzeCapability, type AnalyzeResult } from '../../../capabilities/analyze/index.js'
import { toJsonReport } from '../../../capabilities/analyze/reporters/json.js'
import { toSarif } from '../../../capabilities/analyze/reporters/sarif.js'
import { toText } from '../../../capabilities/analyze/reporters/text.js'
import { createProgress } from '../progress.js'
import { loadCliConfig, withContext, workspaceOf, type GlobalOptions } from '../runtime.js'

export interface AnalyzeFlags extends GlobalOptions {
  type?: string
  standards?: string
  format?: string
  output?: string
  failOn?: string
  baseline?: string
  cache?: boolean
  language?: string
  code?: string
  color?: boolean
  progress?: boolean
}

export function renderReport(result: AnalyzeResult, format: string, color: boolean): string {
  switch (format) {
    case 'json':
      return JSON.stringify(toJsonReport(result, VERSION), null, 2)
    case 'sarif':
      return JSON.stringify(toSarif(result, VERSION), null, 2)
    case 'text':
      return toText(result, { color })
    default:
      throw new UserInputError(`Unknown --format "${format}": use text, json or sarif.`)
  }
}

export async function analyzeCommand(paths: string[], flags: AnalyzeFlags): Promise<number> {
  const format = flags.format ?? (flags.json ? 'json' : 'text')
  if (!['text', 'json', 'sarif'].includes(format)) throw new UserInputError(`Unknown --format "${format}": use text, json or sarif.`)
  const config = loadCliConfig(flags)
  const request: Record<string, unknown> = {}
  if (flags.code !== undefined) request.code = flags.code
  else request.path = paths.length ? paths : ['.']
  if (flags.type) request.analysis_type = flags.type
  if (flags.standards)
    request.standards = flags.standards
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  if (flags.failOn) request.fail_on = flags.failOn
  if (flags.baseline) request.baseline = flags.baseline
  if (flags.language) request.language = flags.language
  if (flags.cache === false) request.cache = false

  const machine = format !== 'text' && !flags.output
  const progress = createProgress(process.stderr, { enabled: flags.progress !== false && !(machine && !process.stderr.isTTY) })
  const result = await withContext(
    flags,
    config,
    (e) => progress.onEvent(e),
    async (ctx) => {
      try {
        return await runCapability(analyzeCapability, request, ctx)
      } finally {
        progress.done()
      }
    },
  )
  // commander's --no-color makes `color` true by default, so only an explicit false counts.
  const color = flags.color !== false && process.stdout.isTTY === true && !process.env.NO_COLOR
  const report = renderReport(result, format, format === 'text' && !flags.output ? color : false)
  if (flags.output) {
    writeFileAtomic(resolve(workspaceOf(flags), flags.output), `${report}\n`)
    process.stderr.write(`wrote ${flags.output}: ${result.findings.length} findings\n`)
  } else {
    process.stdout.write(`${report}\n`)
  }
  return result.failed ? 1 : 0
}
