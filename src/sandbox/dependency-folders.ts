/**
 * Folders outside the workspace that code run in the sandbox must read: the node_modules folders Node
 * searches from `start` upward (the project's dependencies, a test runner installed above it, a
 * node_modules that is a symlink to elsewhere). Under bubblewrap /tmp is private, so a project or its
 * dependencies under the host's /tmp are invisible unless passed as `readOnlyPaths`.
 */
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

export function dependencyFolders(start: string, workspace: string): string[] {
  const root = realpathSync(workspace)
  const out = new Set<string>()
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules')
    if (existsSync(candidate)) {
      const real = realpathSync(candidate)
      const rel = relative(root, real)
      if (rel.startsWith('..') || rel === '') out.add(real)
    }
    if (dirname(dir) === dir) break
  }
  return [...out]
}
