/**
 * The scaffold capability: `generate <kind>`. A generator plans template variables (and may write
 * computed files), its templates render into a change set, the output is verified, and the change
 * set is committed atomically, or shown as a diff on a dry run.
 */
import { z } from 'zod'
import type { Capability } from '../../../core/capability.js'
import { throwIfCancelled, type Context } from '../../../core/context.js'
import { UserInputError } from '../../../core/errors.js'
import { ChangeSet, type CommitResult } from '../changeset/index.js'
import type { ScaffoldGenerator } from './generator.js'
import { GENERATORS } from './generators/index.js'
import { readProject } from './project.js'
import { loadTemplateFiles, renderTemplateFiles } from './template-files.js'

export { GENERATORS } from './generators/index.js'
export type { ScaffoldGenerator } from './generator.js'

const Common = {
  dry_run: z.boolean().optional().describe('Show the diff and conflicts; write nothing'),
  force: z.boolean().optional().describe('Overwrite files that exist with other content'),
}

/** One request schema for every scaffold: `kind` selects the generator's own options. */
export const ScaffoldRequest = z.discriminatedUnion(
  'kind',
  GENERATORS.map((g) => g.options.extend({ kind: z.literal(g.kind), ...Common })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ kind: z.ZodLiteral<string> }>[],
  ],
)
export type ScaffoldRequest = { kind: string; dry_run?: boolean; force?: boolean } & Record<string, unknown>

export interface ScaffoldResult extends CommitResult {
  kind: string
  /** Checks the output passed before it was written (e.g. "workflow schema", "cron expression"). */
  verified: string[]
  notes: string[]
}

export function findGenerator(kind: string): ScaffoldGenerator {
  const generator = GENERATORS.find((g) => g.kind === kind)
  if (!generator) {
    throw new UserInputError(`Unknown generator "${kind}". Available: ${GENERATORS.map((g) => g.kind).join(', ')}.`, { field: 'kind' })
  }
  return generator as unknown as ScaffoldGenerator
}

export async function runScaffold(request: ScaffoldRequest, ctx: Context): Promise<ScaffoldResult> {
  const { kind, dry_run: dryRun, force, ...options } = request
  const generator = findGenerator(kind)
  const tree = new ChangeSet(ctx.workspace)
  const project = readProject(ctx.workspace)

  ctx.emit({ type: 'step.started', step: 'plan', detail: kind })
  const plan = await generator.plan(options, { workspace: ctx.workspace, tree, project, signal: ctx.signal })
  try {
    throwIfCancelled(ctx.signal)
    ctx.emit({ type: 'step.started', step: 'render' })
    for (const file of renderTemplateFiles(loadTemplateFiles(kind, ctx.workspace), plan.vars)) {
      tree.create(file.path, file.content, file.mode === undefined ? {} : { mode: file.mode })
    }

    // A scaffold writes project files, never the repository's or codex-agent's own state.
    const inside = tree.staged().find((f) => /^(\.git|\.codex)(\/|$)/.test(f.path))
    if (inside)
      throw new UserInputError(`${inside.path}: scaffolds do not write into .git/ or .codex/.`, { code: 'path_forbidden', httpStatus: 403 })

    ctx.emit({ type: 'step.started', step: 'verify' })
    const outputs = tree.staged().flatMap((f) => (f.content === null ? [] : [{ path: f.path, content: f.content }]))
    const verified = plan.verify ? await plan.verify(outputs) : []
    throwIfCancelled(ctx.signal)

    ctx.emit({ type: 'step.started', step: dryRun ? 'diff' : 'commit' })
    const result = tree.commit({ dryRun: dryRun === true, force: force === true })
    if (result.applied) {
      for (const file of result.files) {
        if (file.action === 'create' || file.action === 'update') ctx.emit({ type: 'artifact', path: file.path, kind, bytes: file.bytes })
      }
    }
    return { kind, ...result, verified, notes: plan.notes ?? [] }
  } finally {
    await plan.dispose?.()
  }
}

export const scaffoldCapability: Capability<typeof ScaffoldRequest, ScaffoldResult> = {
  name: 'generate.scaffold',
  description: 'Generate a scaffold (api-route, env-config, ci-cd, component, types, ...) through one atomic change set',
  request: ScaffoldRequest,
  run: (request, ctx) => runScaffold(request as ScaffoldRequest, ctx),
  summarize: (result) => ({
    kind: result.kind,
    applied: result.applied,
    dryRun: result.dryRun,
    files: result.files.filter((f) => f.action !== 'unchanged').length,
    conflicts: result.conflicts.length,
    verified: result.verified,
  }),
}
