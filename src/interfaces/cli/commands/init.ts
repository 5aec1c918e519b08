/** `codex-agent init`: writes the commented starter config, never over an existing one unless --force. */
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { writeFileAtomic } from '../../../core/atomic-write.js'
import { UserInputError } from '../../../core/errors.js'
import { STARTER_CONFIG } from '../../../config/starter.js'
import { workspaceOf, type GlobalOptions } from '../runtime.js'

export function initCommand(flags: GlobalOptions & { force?: boolean; dryRun?: boolean }): number {
  const workspace = workspaceOf(flags)
  const file = join(workspace, '.codex', 'config.yml')
  const shown = relative(process.cwd(), file) || file
  if (flags.dryRun) {
    process.stdout.write(STARTER_CONFIG)
    return 0
  }
  if (existsSync(file) && !flags.force) {
    throw new UserInputError(`${shown} already exists; pass --force to replace it (or edit it).`)
  }
  writeFileAtomic(file, STARTER_CONFIG)
  if (flags.json) process.stdout.write(`${JSON.stringify({ written: shown })}\n`)
  else process.stdout.write(`wrote ${shown}\n`)
  return 0
}
