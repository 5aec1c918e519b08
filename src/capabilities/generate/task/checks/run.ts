/** Runs one check command in the sandbox and turns its output into stable text for the model and the report. */
import { fileURLToPath } from 'node:url'
import { clip } from '../../../../agents/index.js'
import { runSandboxed, type SandboxResult } from '../../../../sandbox/index.js'
import type { CheckInput, CheckResult } from './types.js'

const MAX_OUTPUT_CHARS = 5000

/** The codex-agent package root (this file is src|dist/capabilities/generate/task/checks/run.*). */
const TOOL_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))

/**
 * Output a model can act on and a recording can match on every machine: ANSI colours stripped, the
 * staging folder's path replaced by `.`, timings blanked, trailing space trimmed.
 */
export function normalizeOutput(text: string, dir: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters by definition
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .split(`file://${dir}/`)
      .join('')
      .split(`${dir}/`)
      .join('')
      .split(dir)
      .join('.')
      .replace(/\b\d+(?:\.\d+)?(?:ms|s)\b/g, '<time>')
      .replace(/[ \t]+$/gm, '')
      .trim()
  )
}

export async function sandboxRun(input: CheckInput, command: string, args: string[], env?: Record<string, string>): Promise<SandboxResult> {
  const result = await runSandboxed({
    command,
    args,
    workspace: input.dir,
    // Checks are our own fixed commands in our own staging copy: they may write there, and are not put to an approver.
    policy: { ...input.sandbox.policy, sandbox: input.sandbox.policy.sandbox === 'full' ? 'full' : 'workspace-write', approval: 'never' },
    limits: input.sandbox.limits,
    backend: input.sandbox.backend,
    allowEnv: input.sandbox.allowEnv,
    signal: input.signal,
    // Our own install (tsc, @types/node, the test reporter's runtime) must stay visible even when it
    // lives under /tmp, which the sandbox replaces with a private one.
    readOnlyPaths: [...(input.sandbox.readOnlyPaths ?? []), TOOL_ROOT],
    ...(env ? { env } : {}),
  })
  for (const warning of result.warnings) input.onWarning(warning)
  return result
}

export function succeeded(result: SandboxResult): boolean {
  return result.exitCode === 0 && result.signal === null && !result.timedOut
}

/** A check's result from a finished command: passed on exit 0, else failed with its output. */
export function fromRun(input: CheckInput, name: string, tool: string, result: SandboxResult): CheckResult {
  if (succeeded(result)) return { name, tool, status: 'passed' }
  const why = result.timedOut ? 'It timed out and was killed.\n' : result.killedForMemory ? 'It ran out of memory.\n' : ''
  const text = `${why}${[result.stdout, result.stderr].filter((s) => s.trim()).join('\n')}`
  return {
    name,
    tool,
    status: 'failed',
    output: clip(normalizeOutput(text, input.dir) || `exit code ${result.exitCode}`, MAX_OUTPUT_CHARS),
  }
}

export function failedWith(input: CheckInput, name: string, tool: string, output: string): CheckResult {
  return { name, tool, status: 'failed', output: clip(normalizeOutput(output, input.dir), MAX_OUTPUT_CHARS) }
}

const probes = new Map<string, Promise<boolean>>()

/** Whether a tool answers `--version` inside the sandbox; asked once per process. */
export function available(input: CheckInput, command: string, args: string[]): Promise<boolean> {
  const key = [command, ...args].join(' ')
  let probe = probes.get(key)
  if (!probe) {
    probe = sandboxRun(input, command, args).then(succeeded, () => false)
    probes.set(key, probe)
  }
  return probe
}
