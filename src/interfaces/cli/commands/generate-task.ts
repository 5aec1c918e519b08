/**
 * `codex-agent generate --task "..." --language L [--requirements a,b] [--max-lines N] [--style S]
 * [--output DIR] [--dry-run] [--force] [--model REF] [--max-cost USD] [--max-turns N]
 * [--max-attempts N] [--record DIR] [--replay DIR] [--no-cache] [--json]`: flags in, the
 * generate.task capability, a report (or the diff) out, an exit code.
 */
import { createInterface } from 'node:readline/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runCapability } from '../../../core/capability.js'
import { EXIT, UserInputError } from '../../../core/errors.js'
import type { RunEvent } from '../../../core/events.js'
import { describeApproval } from '../../../agents/index.js'
import { createGenerateTaskCapability, type GenerateTaskResult } from '../../../capabilities/generate/task/index.js'
import type { Approver } from '../../../sandbox/index.js'
import { loadCliConfig, withContext, type GlobalOptions } from '../runtime.js'

export const GENERATE_TASK_USAGE = `Usage: codex-agent generate --task "<what to build>" --language <python|typescript|javascript|bash|yaml|json> [options]

Free-form generation with an AI model: an agent writes code and tests, verifies them in the sandbox,
fixes what fails, and writes the verified files (all or nothing).

Options:
  --task <text>            what to build (required)
  --language <language>    python, typescript, javascript, bash, yaml or json (required)
  --requirements <list>    comma-separated requirements, e.g. "OAuth2 authentication,rate limiting"
  --max-lines <n>          most lines of code, tests not counted
  --style <style>          google, pep8, black, airbnb, standard or prettier
  -o, --output <dir>       folder inside the workspace to write to (default: .)
  --dry-run                verify and print the diff; write nothing
  --force                  write even when verification failed (exit code stays 4)
  --model <ref>            e.g. openai:gpt-4.1, anthropic:claude-sonnet-4-5, ollama:qwen2.5-coder:7b
  --max-cost <usd>         stop when the model calls have cost this much
  --max-turns <n>          stop after this many model calls (default 40)
  --max-attempts <n>       verification rounds (default 3)
  --record <dir>           record the model session into a folder
  --replay <dir>           answer from a recorded session; no model is called
  --no-cache               skip the model response cache
  --no-progress            no progress lines on stderr
  --json                   print the result as JSON
`

const FLAGS = {
  task: { type: 'string' },
  language: { type: 'string' },
  requirements: { type: 'string' },
  'max-lines': { type: 'string' },
  style: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  model: { type: 'string' },
  'max-cost': { type: 'string' },
  'max-turns': { type: 'string' },
  'max-attempts': { type: 'string' },
  record: { type: 'string' },
  replay: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // Global options may also follow `generate`.
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  config: { type: 'string' },
  workspace: { type: 'string' },
  'no-store': { type: 'boolean' },
} as const

function number(value: string | undefined): number | undefined {
  // The schema names the field when this is not a number (NaN fails its check).
  return value === undefined ? undefined : value.trim() === '' ? Number.NaN : Number(value)
}

function parseFlags(rawArgs: string[]) {
  try {
    return parseArgs({ args: rawArgs, options: FLAGS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UserInputError(`${(error as Error).message}\n\n${GENERATE_TASK_USAGE}`)
  }
}

/** Asks the person at the terminal; without one, every command needing approval is denied. */
function terminalApprover(): Approver | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined
  return async (request) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr })
    try {
      const answer = await rl.question(`Allow the agent to run: ${describeApproval(request)}? [y/N] `)
      return /^y(es)?$/i.test(answer.trim()) ? 'approve' : 'deny'
    } finally {
      rl.close()
    }
  }
}

function renderEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'step.started':
      return `${event.step}${event.detail ? `: ${event.detail}` : ''}`
    case 'model.call':
      return `  model ${event.model}: ${event.inputTokens} in / ${event.outputTokens} out tokens${event.cacheHit ? ' (cached)' : ''}`
    case 'progress':
      return event.step === 'verify' ? `  ${event.done}/${event.total} checks passed (${event.item ?? ''})` : undefined
    case 'approval.requested':
      return `approval requested: ${event.detail}`
    default:
      return undefined
  }
}

export function renderResult(result: GenerateTaskResult): string {
  const lines: string[] = []
  const outcome = result.verified
    ? `verified in ${result.verification.attempts} attempt${result.verification.attempts === 1 ? '' : 's'}`
    : `NOT verified after ${result.verification.attempts} attempt${result.verification.attempts === 1 ? '' : 's'}`
  lines.push(`Generated ${result.files.length} file${result.files.length === 1 ? '' : 's'} (${result.language}), ${outcome}`)
  for (const file of result.files) {
    lines.push(
      `  ${file.action.padEnd(6)} ${file.path}${file.content === null ? '' : ` (${file.lines} lines${file.test ? ', test' : ''})`}`,
    )
  }
  lines.push('Checks:')
  for (const check of result.verification.checks) {
    const status = check.status === 'passed' ? 'ok     ' : check.status === 'failed' ? 'FAILED ' : 'skipped'
    lines.push(`  ${status} ${check.name.padEnd(10)} ${check.tool}${check.reason ? ` (${check.reason})` : ''}`)
    if (check.status === 'failed' && check.output)
      lines.push(
        ...check.output
          .split('\n')
          .slice(0, 15)
          .map((l) => `      ${l}`),
      )
  }
  for (const warning of result.verification.warnings) lines.push(`warning: ${warning}`)
  const m = result.model
  lines.push(
    `Model: ${m.ref}, ${m.calls} call${m.calls === 1 ? '' : 's'}, ${m.inputTokens} in / ${m.outputTokens} out tokens, $${m.costUsd.toFixed(4)}`,
  )
  if (result.written) lines.push(`Wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${result.output}.`)
  else if (result.dryRun) lines.push('Dry run: nothing was written.')
  else if (!result.verified)
    lines.push('Nothing was written: verification failed (use --force to write anyway, --dry-run to see the diff).')
  else if (result.output === null) lines.push('No output folder: nothing was written.')
  return lines.join('\n')
}

export async function generateTaskCommand(rawArgs: string[], globals: GlobalOptions): Promise<number> {
  const flags = parseFlags(rawArgs)
  if (flags.help) {
    process.stdout.write(GENERATE_TASK_USAGE)
    return EXIT.ok
  }
  const options: GlobalOptions & { progress?: boolean } = {
    ...globals,
    ...(flags.json ? { json: true } : {}),
    ...(flags.debug ? { debug: true } : {}),
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.workspace ? { workspace: flags.workspace } : {}),
    ...(flags['no-store'] ? { store: false } : {}),
  }
  const request: Record<string, unknown> = {
    task: flags.task,
    language: flags.language,
    output: flags.output ?? '.',
    constraints: {
      ...(flags['max-lines'] !== undefined ? { max_lines: number(flags['max-lines']) } : {}),
      ...(flags.style !== undefined ? { style: flags.style } : {}),
    },
    ...(flags.requirements !== undefined ? { requirements: flags.requirements } : {}),
    ...(flags['dry-run'] ? { dry_run: true } : {}),
    ...(flags.force ? { force: true } : {}),
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(flags['max-cost'] !== undefined ? { max_cost: number(flags['max-cost']) } : {}),
    ...(flags['max-turns'] !== undefined ? { max_turns: number(flags['max-turns']) } : {}),
    ...(flags['max-attempts'] !== undefined ? { max_attempts: number(flags['max-attempts']) } : {}),
    // Folders on the command line are relative to where the command runs.
    ...(flags.record !== undefined ? { record_dir: resolve(flags.record) } : {}),
    ...(flags.replay !== undefined ? { replay_dir: resolve(flags.replay) } : {}),
    ...(flags['no-cache'] ? { no_cache: true } : {}),
  }
  const config = loadCliConfig(options)
  const showProgress = !flags['no-progress']
  const approver = terminalApprover()
  const capability = createGenerateTaskCapability(approver ? { approver } : {})
  const result = await withContext(
    options,
    config,
    (event) => {
      const line = showProgress ? renderEvent(event) : undefined
      if (line) process.stderr.write(`${line}\n`)
    },
    (ctx) => runCapability(capability, request, ctx),
  )
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  else if (result.dryRun) {
    process.stdout.write(result.diff)
    process.stderr.write(`${renderResult(result)}\n`)
  } else process.stdout.write(`${renderResult(result)}\n`)
  if (!result.verified && result.written)
    process.stderr.write('warning: the files were written with --force although verification failed.\n')
  return result.verified ? EXIT.ok : EXIT.sandbox
}
