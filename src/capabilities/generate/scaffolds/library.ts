/**
 * The library door of scaffolds: `import { scaffold } from 'codex-agent'`. Same capability, request
 * schema and result as `codex-agent generate <kind>`, POST /api/codex/scaffold and the MCP tool.
 */
import { runInWorkspace, type LibraryOptions } from '../../../core/library.js'
import { scaffoldCapability, type ScaffoldRequest, type ScaffoldResult } from './index.js'

export type ScaffoldOptions = LibraryOptions

/** `kind` and that generator's options, as `generate --list` shows them (defaults may be left out). */
export function scaffold(request: ScaffoldRequest, options: ScaffoldOptions = {}): Promise<ScaffoldResult> {
  return runInWorkspace(scaffoldCapability, request, options)
}

export { GENERATORS, ScaffoldRequest, type ScaffoldResult } from './index.js'
