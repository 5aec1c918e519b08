/** The `code_interpreter` tool: a JavaScript, TypeScript, Python or Bash snippet run in the sandbox. */
import { z } from 'zod'
import { CODE_LANGUAGES, runCode } from '../../sandbox/index.js'
import { defineTool, type AgentTool } from '../tool.js'
import { failed, formatRun, sandboxRunOptions, type AgentSandbox } from './sandbox-options.js'

const CodeArgs = z.object({
  language: z.enum(CODE_LANGUAGES).describe('Language of the snippet'),
  code: z.string().min(1).describe('The snippet; it runs with the workspace root as its working folder (no network)'),
})

export function createCodeInterpreterTool(sandbox: AgentSandbox): AgentTool {
  return defineTool({
    name: 'code_interpreter',
    description:
      'Run a short JavaScript, TypeScript, Python or Bash snippet in a sandbox (no network, time and memory limits) and get its output. ' +
      'Use it to try an idea or check a computation; write lasting code with file_system.',
    args: CodeArgs,
    async run(args, ctx) {
      const result = await runCode({
        language: args.language,
        code: args.code,
        ...sandboxRunOptions(sandbox, ctx.signal),
      })
      for (const warning of result.warnings) sandbox.onWarning?.(warning)
      return { content: formatRun(result), isError: failed(result) }
    },
    describe: (args) => `run a ${args.language} snippet (${args.code.split('\n').length} lines)`,
  })
}
