/** `generate <kind>`: placeholder until the scaffolds land (issue 5). */
import { UserInputError } from '../../../core/errors.js'
import type { GlobalOptions } from '../runtime.js'

export async function generateScaffoldCommand(_rawArgs: string[], _globals: GlobalOptions): Promise<number> {
  throw new UserInputError('Scaffold generators are not available in this build yet.')
}
