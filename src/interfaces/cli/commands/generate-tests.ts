/**
 * `generate tests [files...]` and `generate test-suite --module FILE`: the test-generation capability
 * from the command line. Accepts the spec's spellings (`--file`, `--module`, `--coverage 95` or
 * `--coverage functions`, `--include edge-cases,error-handling`, `--changed-files`, `--framework jest`).
 */
import { relative, resolve } from 'node:path'
import { Command, CommanderError, Option } from 'commander'
import pc from 'picocolors'
import { runCapability } from '../../../core/capability.js'
import { UserInputError } from '../../../core/errors.js'
import { testgenCapability, type TestgenResult } from '../../../capabilities/testgen/index.js'
import { FRAMEWORKS } from '../../../capabilities/testgen/writer/render.js'
import { createProgress } from '../progress.js'
import { loadCliConfig, withContext, workspaceOf, type GlobalOptions } from '../runtime.js'

interface TestsFlags {
  file?: string[]
  module?: string
  changedFiles?: boolean
  framework?: string
  coverage?: string
  include?: string
  budget?: string
  seed?: string
  out?: string
  dryRun?: boolean
  model?: string
  progress?: boolean
}

function parser(kind: string): Command {
  return new Command(`codex-agent generate ${kind}`)
    .description(
      'generate unit tests for JavaScript modules, offline: coverage-guided search, real assertions, each test run 5 times before it is kept',
    )
    .argument('[files...]', 'modules to test (paths in the workspace)')
    .option('--file <file...>', 'a module to test (same as a positional path)')
    .option('--module <file>', 'the module to test (spec spelling of test-suite)')
    .option('--changed-files', 'test the JavaScript modules changed in git')
    .addOption(
      new Option('--framework <name>', 'test framework (default: the one the project uses, else node:test)').choices([...FRAMEWORKS]),
    )
    .option(
      '--coverage <target>',
      'stop early at this statement and branch coverage, in percent (default 100: use the budget); "functions" means 100',
    )
    .option('--include <list>', 'edge-cases,error-handling')
    .option('--budget <time>', 'time budget per module, e.g. 60s, 2m, 90000 (ms) (default 60s)')
    .option('--seed <n>', 'random seed (default 1); the same seed gives the same tests')
    .option('-o, --out <file>', 'test file to write (one module); merged into it when it exists')
    .option('--dry-run', 'print the test file instead of writing it')
    .option(
      '--model <ref>',
      'provider:model that proposes inputs for code the search leaves uncovered (default: from the config; none: offline)',
    )
    .option('--no-progress', 'no progress output on stderr')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (text) => process.stdout.write(text) })
}

export function parseBudget(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim())
  if (!match)
    throw new UserInputError(`--budget "${text}" is not a duration: use e.g. 60s, 2m or 90000 (milliseconds).`, { field: 'budget_ms' })
  const value = Number(match[1])
  const unit = match[2] ?? 'ms'
  return Math.round(unit === 'm' ? value * 60_000 : unit === 's' ? value * 1000 : value)
}

function parseCoverage(text: string): number {
  if (/^(functions|statements|branches|lines|full)$/i.test(text)) return 100
  const value = Number(text.replace(/%$/, ''))
  if (!Number.isFinite(value) || value < 1 || value > 100) {
    throw new UserInputError(`--coverage "${text}" must be a percentage from 1 to 100 (or "functions").`, { field: 'coverage_target' })
  }
  return value
}

export async function generateTestsCommand(kind: string, rawArgs: string[], globals: GlobalOptions): Promise<number> {
  const command = parser(kind)
  try {
    command.parse(rawArgs, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return 0
      throw new UserInputError(`${error.message.replace(/^error: /, '')} (run \`codex-agent generate ${kind} --help\`)`)
    }
    throw error
  }
  const flags = command.opts<TestsFlags>()
  const files = [...command.args, ...(flags.file ?? []), ...(flags.module ? [flags.module] : [])]
  // Paths on the command line are relative to where the command runs; the request's to the workspace.
  const workspace = workspaceOf(globals)
  const fromCwd = (path: string) => relative(workspace, resolve(process.cwd(), path)) || '.'
  const request: Record<string, unknown> = {}
  if (files.length > 0) request.files = files.map(fromCwd)
  if (flags.changedFiles) request.changed_files = true
  if (flags.framework) request.framework = flags.framework
  if (flags.coverage) request.coverage_target = parseCoverage(flags.coverage)
  if (flags.include)
    request.include = flags.include
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  if (flags.budget) request.budget_ms = parseBudget(flags.budget)
  if (flags.seed !== undefined) request.seed = Number(flags.seed)
  if (flags.out) request.out = fromCwd(flags.out)
  if (flags.dryRun) request.write = false
  if (flags.model) request.model = flags.model
  if (files.length === 0 && !flags.changedFiles) {
    throw new UserInputError(`Give the module to test: \`codex-agent generate ${kind} src/module.js\` (or --changed-files).`, {
      field: 'files',
    })
  }
  const config = loadCliConfig(globals)
  const progress = createProgress(process.stderr, { enabled: flags.progress !== false && !(globals.json && !process.stderr.isTTY) })
  let runId = ''
  const result = await withContext(
    globals,
    config,
    (e) => progress.onEvent(e),
    async (ctx) => {
      runId = ctx.runId
      try {
        return await runCapability(testgenCapability, request, ctx)
      } finally {
        progress.done()
      }
    },
  )
  if (globals.json) {
    process.stdout.write(`${JSON.stringify({ runId, ...result }, null, 2)}\n`)
  } else {
    process.stdout.write(renderText(result, Boolean(flags.dryRun)))
  }
  return result.files.some((file) => file.tests === 0) ? 1 : 0
}

function renderText(result: TestgenResult, dryRun: boolean): string {
  if (result.files.length === 0) return 'No changed JavaScript modules to test.\n'
  const lines: string[] = []
  for (const file of result.files) {
    if (dryRun && file.content) lines.push(file.content)
    const check = file.validated ? `each passed ${5} runs with ${file.framework}` : `not run with ${file.framework}`
    const mark = file.tests > 0 ? pc.green('✔') : pc.red('✘')
    const where = file.written ? `wrote ${file.testFile}` : dryRun ? `would write ${file.testFile}` : `not written (${file.testFile})`
    lines.push(
      `${mark} ${file.module}: ${file.tests} tests (${check}${file.dropped ? `, ${file.dropped} dropped` : ''}); ` +
        `coverage: statements ${file.coverage.statements}%, branches ${file.coverage.branches}%, functions ${file.coverage.functions}%, lines ${file.coverage.lines}%; ${where}`,
    )
    for (const warning of file.warnings) lines.push(`  ${pc.yellow('warning:')} ${warning}`)
  }
  lines.push(`(${(result.durationMs / 1000).toFixed(1)} s)`)
  return `${lines.join('\n')}\n`
}
