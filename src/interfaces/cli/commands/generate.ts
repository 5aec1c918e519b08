/**
 * `codex-agent generate ...`: one entry, two kinds of generation. `--task "..."` is free-form
 * generation with a model (generate-task.ts); `generate <kind> ...` runs an offline scaffold
 * (generate-scaffold.ts); `generate tests|test-suite` generates tests (generate-tests.ts); `generate --list` lists the scaffolds. Each parses its own options.
 */
import { withoutGlobalFlags, type GlobalOptions } from '../runtime.js'

export async function generateCommand(rawArgs: string[], globals: GlobalOptions): Promise<number> {
  if (rawArgs.includes('--task') || rawArgs.some((a) => a.startsWith('--task='))) {
    const { generateTaskCommand } = await import('./generate-task.js')
    return generateTaskCommand(rawArgs, globals)
  }
  if (rawArgs[0] === 'tests' || rawArgs[0] === 'test-suite') {
    const { generateTestsCommand } = await import('./generate-tests.js')
    return generateTestsCommand(rawArgs[0], withoutGlobalFlags(rawArgs.slice(1)), globals)
  }
  const { generateScaffoldCommand } = await import('./generate-scaffold.js')
  if (rawArgs.length === 0 || rawArgs[0] === '--help' || rawArgs[0] === '-h' || rawArgs[0] === 'help') {
    process.stdout.write(
      [
        'Usage: codex-agent generate <kind> [options]          an offline scaffold, verified before it is written',
        '       codex-agent generate tests <module...>           unit tests, offline, each run 5 times before it is kept (tests --help)',
        '       codex-agent generate --task "..." --language L   free-form code and tests with a model (--task --help)',
        '       codex-agent generate --list                      the scaffolds and their options',
        '',
        '',
      ].join('\n'),
    )
    return generateScaffoldCommand(['--list'], globals)
  }
  return generateScaffoldCommand(rawArgs, globals)
}
