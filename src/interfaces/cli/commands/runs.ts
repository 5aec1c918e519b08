/** `codex-agent runs list|show ID`: the recorded runs (audit trail) from the store. */
import pc from 'picocolors'
import { UserInputError } from '../../../core/errors.js'
import { openStore, workspaceOf, type GlobalOptions } from '../runtime.js'

export async function runsListCommand(flags: GlobalOptions & { limit?: string }): Promise<number> {
  const store = await openStore(workspaceOf(flags))
  if (!store) return 2
  try {
    const runs = await store.listRuns({ limit: Number(flags.limit ?? 20) })
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`)
      return 0
    }
    if (runs.length === 0) process.stdout.write('No runs recorded yet.\n')
    for (const run of runs) {
      const summary = run.summary ?? {}
      const findings = typeof summary.findings === 'number' ? `${summary.findings} findings` : ''
      const status = run.status === 'completed' ? pc.green(run.status) : run.status === 'failed' ? pc.red(run.status) : run.status
      process.stdout.write(`${run.id.slice(0, 8)}  ${run.startedAt}  ${run.capability.padEnd(9)} ${status}  ${findings}\n`)
    }
    return 0
  } finally {
    await store.close()
  }
}

export async function runsShowCommand(id: string, flags: GlobalOptions): Promise<number> {
  const store = await openStore(workspaceOf(flags))
  if (!store) return 2
  try {
    const run = await store.getRun(id)
    if (!run) throw new UserInputError(`No single run matches "${id}"; list them with \`codex-agent runs list\`.`)
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(run, null, 2)}\n`)
      return 0
    }
    process.stdout.write(
      `run ${run.id}\ncapability ${run.capability}\nstatus ${run.status}\nstarted ${run.startedAt}\nfinished ${run.finishedAt ?? '-'}\n`,
    )
    process.stdout.write(`request ${JSON.stringify(run.request)}\nsummary ${JSON.stringify(run.summary)}\n`)
    process.stdout.write(`events ${run.events.length}\n`)
    for (const f of run.findings) process.stdout.write(`  ${f.severity.padEnd(8)} ${f.file}:${f.line}  ${f.ruleId}  ${f.message}\n`)
    return 0
  } finally {
    await store.close()
  }
}
