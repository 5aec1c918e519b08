/** `--changed-files`: the JavaScript modules git sees as changed (staged, unstaged, untracked), tests excluded. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { UserInputError } from '../../core/errors.js'

const run = promisify(execFile)

export async function changedModules(workspace: string): Promise<string[]> {
  const git = async (args: string[]): Promise<string[]> => {
    try {
      const { stdout } = await run('git', args, { cwd: workspace, maxBuffer: 16 * 1024 * 1024 })
      return stdout.split('\n').filter(Boolean)
    } catch (error) {
      throw new UserInputError(
        `--changed-files needs a git repository at the workspace: ${(error as Error).message.split('\n')[0] ?? ''}`,
        { field: 'changed_files' },
      )
    }
  }
  await git(['rev-parse', '--is-inside-work-tree'])
  const hasHead = await git(['rev-parse', '--verify', '--quiet', 'HEAD']).then(
    () => true,
    () => false,
  )
  const lists = await Promise.all([
    hasHead ? git(['diff', '--name-only', '--relative', 'HEAD']) : Promise.resolve([]),
    git(['diff', '--name-only', '--relative', '--cached']),
    git(['ls-files', '--others', '--exclude-standard']),
  ])
  return [...new Set(lists.flat())]
    .filter(
      (file) =>
        /\.(c|m)?jsx?$/.test(file) && !/\.(test|spec)\.(c|m)?jsx?$/.test(file) && !/(^|\/)(node_modules|dist|coverage)\//.test(file),
    )
    .filter((file) => existsSync(join(workspace, file)))
    .sort()
}
