/**
 * `codex-agent generate ...`: one entry, two kinds of generation. `--task "..."` is free-form
 * generation with a model (generate-task.ts); `generate <kind> ...` runs an offline scaffold
 * (generate-scaffold.ts); `generate --list` lists the scaffolds. Each parses its own options.
 */
import type { GlobalOptions } from '../runtime.js'

export async function generateCommand(rawArgs: string[], globals: GlobalOptions): Promise<number> {
  if (rawArgs.includes('--task') || rawArgs.some((a) => a.startsWith('--task='))) {
    const { generateTaskCommand } = await import('./generate-task.js')
    return generateTaskCommand(rawArgs, globals)
  }
  const { generateScaffoldCommand } = await import('./generate-scaffold.js')
  return generateScaffoldCommand(rawArgs, globals)
}
