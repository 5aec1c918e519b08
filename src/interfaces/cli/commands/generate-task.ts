/** `generate --task`: placeholder until the free-form generator lands (issue 4). */
import { ModelError } from '../../../core/errors.js'
import type { GlobalOptions } from '../runtime.js'

export async function generateTaskCommand(_rawArgs: string[], _globals: GlobalOptions): Promise<number> {
  throw new ModelError('generate --task is not available in this build yet.')
}
