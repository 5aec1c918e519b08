/**
 * `codex-agent cloud <command>`: the spec's cloud-prefixed commands. DESIGN.md: the prefix selects
 * the cloud agent's model; the command is the same one as without it. Scaffolds need no model, so
 * `cloud build-pipeline` is `generate pipeline` and `cloud generate-migration` is `generate migration`.
 */
import { UserInputError } from '../../../core/errors.js'
import type { GlobalOptions } from '../runtime.js'
import { generateCommand } from './generate.js'

const ALIASES: Record<string, string[]> = {
  'build-pipeline': ['pipeline'],
  'generate-migration': ['migration'],
}

export async function cloudCommand(name: string, rawArgs: string[], globals: GlobalOptions): Promise<number> {
  const target = ALIASES[name]
  if (!target) {
    throw new UserInputError(
      `\`cloud ${name}\` is not available yet. Available: ${Object.keys(ALIASES)
        .map((n) => `cloud ${n}`)
        .join(', ')}.`,
    )
  }
  return generateCommand([...target, ...rawArgs], globals)
}
