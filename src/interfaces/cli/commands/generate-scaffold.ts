/**
 * `generate <kind> [options]` and `generate --list`: flags in (derived from the generator's zod
 * schema), the scaffold capability, a file list, diff or JSON out.
 */
import pc from 'picocolors'
import { runCapability } from '../../../core/capability.js'
import { UserInputError } from '../../../core/errors.js'
import { findGenerator, GENERATORS, scaffoldCapability, type ScaffoldResult } from '../../../capabilities/generate/scaffolds/index.js'
import { describeOptions, parseOptionFlags, type OptionDoc } from '../../../capabilities/generate/scaffolds/options-doc.js'
import type { ScaffoldGenerator } from '../../../capabilities/generate/scaffolds/generator.js'
import { createProgress } from '../progress.js'
import { loadCliConfig, withContext, withoutGlobalFlags, type GlobalOptions } from '../runtime.js'

const COMMON: OptionDoc[] = [
  { name: 'dry_run', flag: '--dry-run', type: 'boolean', required: false, description: 'show the diff and conflicts; write nothing' },
  { name: 'force', flag: '--force', type: 'boolean', required: false, description: 'overwrite files that exist with other content' },
]

function optionLine(o: OptionDoc): string {
  const value = o.type === 'boolean' ? '' : o.choices ? ` <${o.choices.join('|')}>` : o.type === 'list' ? ' <a,b,...>' : ' <value>'
  const extra = [o.required ? 'required' : '', o.default !== undefined ? `default ${JSON.stringify(o.default)}` : '']
    .filter(Boolean)
    .join(', ')
  return `  ${`${o.flag}${value}`.padEnd(44)} ${o.description}${extra ? ` (${extra})` : ''}`
}

function generatorHelp(generator: ScaffoldGenerator): string {
  const lines = [`${generator.kind}: ${generator.summary}`, '', 'Options:', ...[...describeOptions(generator), ...COMMON].map(optionLine)]
  lines.push('', 'Examples:', ...generator.examples.map((e) => `  codex-agent ${e}`))
  lines.push('', `Templates: generators/${generator.kind}/templates; add or override them in .codex/templates/${generator.kind}/`)
  return `${lines.join('\n')}\n`
}

function listGenerators(json: boolean): string {
  if (json) {
    const list = GENERATORS.map((g) => ({ kind: g.kind, summary: g.summary, options: describeOptions(g), examples: g.examples }))
    return `${JSON.stringify({ generators: list }, null, 2)}\n`
  }
  const blocks = GENERATORS.map((g) => [`${pc.bold(g.kind)}  ${g.summary}`, ...describeOptions(g).map(optionLine)].join('\n'))
  return `${blocks.join('\n\n')}\n\nEvery generator also takes --dry-run and --force. \`codex-agent generate <kind> --help\` shows examples.\n`
}

const ACTION_LABEL: Record<string, string> = { create: 'create', update: 'update', delete: 'delete', unchanged: 'same  ' }

function renderResult(result: ScaffoldResult): string {
  const lines: string[] = []
  if (result.dryRun && result.diff) lines.push(result.diff)
  const verb = result.dryRun ? 'would write' : 'wrote'
  const changed = result.files.filter((f) => f.action !== 'unchanged').length
  lines.push(`${result.kind}: ${verb} ${changed} file${changed === 1 ? '' : 's'}${result.dryRun ? ' (dry run: nothing written)' : ''}`)
  for (const file of result.files) {
    const conflict = file.conflict
      ? pc.yellow(`  conflict: ${file.conflict.message}${result.applied ? ' (overwritten: --force)' : ''}`)
      : ''
    lines.push(`  ${ACTION_LABEL[file.action]}  ${file.path}${conflict}`)
  }
  if (result.dryRun && result.conflicts.length) lines.push(pc.yellow(`${result.conflicts.length} conflict(s): writing needs --force.`))
  if (result.verified.length) lines.push(`verified: ${result.verified.join('; ')}`)
  for (const note of result.notes) lines.push(`note: ${note}`)
  return `${lines.join('\n')}\n`
}

export async function generateScaffoldCommand(rawArgs: string[], globals: GlobalOptions): Promise<number> {
  const args = withoutGlobalFlags(rawArgs)
  if (args.length === 0 || args.includes('--list')) {
    process.stdout.write(listGenerators(globals.json === true))
    return 0
  }
  const [kind = '', ...rest] = args
  if (kind.startsWith('-'))
    throw new UserInputError(
      `Give a generator first: codex-agent generate <kind> [options]. Kinds: ${GENERATORS.map((g) => g.kind).join(', ')}.`,
    )
  const generator = findGenerator(kind)
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(generatorHelp(generator))
    return 0
  }
  const request = { kind, ...parseOptionFlags([...describeOptions(generator), ...COMMON], rest) }
  const config = loadCliConfig(globals)
  const progress = createProgress(process.stderr, { enabled: !globals.json && process.stderr.isTTY === true })
  const result = await withContext(
    globals,
    config,
    (e) => progress.onEvent(e),
    async (ctx) => {
      try {
        return await runCapability(scaffoldCapability, request, ctx)
      } finally {
        progress.done()
      }
    },
  )
  process.stdout.write(globals.json ? `${JSON.stringify(result, null, 2)}\n` : renderResult(result))
  return 0
}
