/** The `terminal` tool: one shell command, run by bash inside the sandbox, in the agent's workspace. */
import { z } from 'zod'
import { runSandboxed } from '../../sandbox/index.js'
import { defineTool, type AgentTool } from '../tool.js'
import { failed, formatRun, sandboxRunOptions, type AgentSandbox } from './sandbox-options.js'

const TerminalArgs = z.object({
  command: z.string().min(1).describe('A shell command line, run by bash in the workspace root (no network)'),
  timeout_seconds: z.number().int().positive().max(600).optional().describe('Wall-clock limit (default 120)'),
})

export function createTerminalTool(sandbox: AgentSandbox): AgentTool {
  return defineTool({
    name: 'terminal',
    description:
      'Run a shell command (bash) in the workspace root inside a sandbox: no network, time and memory limits. ' +
      'Use it to run tests or inspect the environment. Returns the exit code, stdout and stderr.',
    args: TerminalArgs,
    async run(args, ctx) {
      const result = await runSandboxed({
        command: 'bash',
        args: ['--noprofile', '--norc', '-c', args.command],
        ...sandboxRunOptions(sandbox, ctx.signal),
        ...(sandbox.readOnlyPaths?.length ? { readOnlyPaths: sandbox.readOnlyPaths } : {}),
        limits: { ...sandbox.limits, ...(args.timeout_seconds ? { timeoutMs: args.timeout_seconds * 1000 } : {}) },
      })
      for (const warning of result.warnings) sandbox.onWarning?.(warning)
      return { content: formatRun(result), isError: failed(result) }
    },
    describe: (args) => `run ${args.command.length > 60 ? `${args.command.slice(0, 57)}...` : args.command}`,
  })
}
