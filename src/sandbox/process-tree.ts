/** A process tree seen through /proc: its members, their resident memory, and a watchdog on the total. */
import { readdir, readFile } from 'node:fs/promises'

/** Host pids of `rootPid` and all its descendants (Linux /proc; empty elsewhere). */
export async function processTree(rootPid: number): Promise<number[]> {
  const parents = new Map<number, number[]>()
  let entries: string[]
  try {
    entries = await readdir('/proc')
  } catch {
    return []
  }
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const ppid = await parentOf(Number(name))
        if (ppid === undefined) return
        const siblings = parents.get(ppid)
        if (siblings) siblings.push(Number(name))
        else parents.set(ppid, [Number(name)])
      }),
  )
  const tree = new Set<number>()
  const queue = [rootPid]
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (tree.has(pid)) continue
    tree.add(pid)
    queue.push(...(parents.get(pid) ?? []))
  }
  return [...tree]
}

/** Sum of VmRSS of the tree, in bytes. Processes that exit while being read count as zero. */
export async function treeResidentBytes(rootPid: number): Promise<number> {
  const pids = await processTree(rootPid)
  const sizes = await Promise.all(pids.map(residentBytes))
  return sizes.reduce((a, b) => a + b, 0)
}

async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may itself contain spaces or ')'; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[1])
  } catch {
    return undefined
  }
}

async function residentBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
    return kb === undefined ? 0 : Number(kb) * 1024
  } catch {
    return 0
  }
}

export interface MemoryWatchdog {
  stop(): void
}

/**
 * Samples the tree's resident memory every `intervalMs` and calls `onExceeded` once when it passes
 * `limitBytes`. RLIMIT_AS bounds each process; this bounds the sum of many.
 */
export function watchMemory(rootPid: number, limitBytes: number, onExceeded: (bytes: number) => void, intervalMs = 100): MemoryWatchdog {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const tick = async (): Promise<void> => {
    const bytes = await treeResidentBytes(rootPid)
    if (stopped) return
    if (bytes > limitBytes) {
      stopped = true
      onExceeded(bytes)
      return
    }
    schedule()
  }
  const schedule = (): void => {
    timer = setTimeout(() => void tick(), intervalMs)
    timer.unref()
  }
  schedule()
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
