/**
 * The staging folder the agent works in: a temporary copy of the output folder (so the agent sees
 * and may change what is there, and checks run against the whole), with nothing reaching the real
 * output folder until the change set is verified and committed.
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { listFiles } from '../../../agents/index.js'
import { CodexError, EXIT, UserInputError } from '../../../core/errors.js'
import type { ChangeSet } from '../changeset/index.js'

const MAX_SEED_FILES = 2000
const MAX_SEED_BYTES = 20 * 1024 * 1024

export class OutputOutsideWorkspaceError extends CodexError {
  constructor(path: string) {
    super(`Output folder "${path}" is outside the workspace; generated files can only be written inside it.`, {
      code: 'path_outside_workspace',
      exitCode: EXIT.usage,
      httpStatus: 403,
    })
  }
}

export interface OutputFolder {
  /** Absolute path (it may not exist yet). */
  absolute: string
  /** POSIX path relative to the workspace; `.` for the workspace root. */
  relative: string
}

/** Resolves `--output` inside the workspace, following symlinks of the part that exists. */
export function resolveOutputFolder(workspace: string, output: string): OutputFolder {
  const root = realpathSync(workspace)
  const absolute = resolve(root, output)
  let probe = absolute
  while (!existsSync(probe)) probe = dirname(probe)
  const real = join(realpathSync(probe), relative(probe, absolute))
  const rel = relative(root, real)
  if (rel.startsWith('..') || isAbsolute(rel)) throw new OutputOutsideWorkspaceError(output)
  if (existsSync(absolute) && !statSync(absolute).isDirectory()) {
    throw new UserInputError(`Output "${output}" is a file; give a folder.`, { field: 'output' })
  }
  return { absolute: real, relative: rel === '' ? '.' : rel.split(sep).join('/') }
}

export interface Staging {
  /** Absolute path of the temporary folder. */
  dir: string
  /** Relative paths of the files copied in from the output folder. */
  seeded: Set<string>
  /** Host folders linked into the staging folder (node_modules) that sandboxed commands must be able to read. */
  readOnlyPaths: string[]
  remove(): void
}

/**
 * Creates the staging folder. Text files of the output folder are copied in through the change set,
 * which remembers what they held, so a file changed on disk during the run is a conflict at commit.
 * A `node_modules` of the output folder or the workspace is linked in, for type checks and tests.
 */
export function createStaging(options: { workspace: string; output?: OutputFolder; changes?: ChangeSet }): Staging {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'codex-generate-')))
  const seeded = new Set<string>()
  const readOnlyPaths: string[] = []
  try {
    const { output } = options
    if (output && existsSync(output.absolute)) {
      const files = listFiles(output.absolute, '', MAX_SEED_FILES + 1)
      if (files.length > MAX_SEED_FILES) {
        throw new UserInputError(
          `The output folder "${output.relative}" holds more than ${MAX_SEED_FILES} files; choose a narrower --output for the generated code.`,
          { field: 'output' },
        )
      }
      let bytes = 0
      for (const file of files) {
        const workspacePath = output.relative === '.' ? file : `${output.relative}/${file}`
        bytes += statSync(join(output.absolute, file)).size
        if (bytes > MAX_SEED_BYTES) {
          throw new UserInputError(`The output folder "${output.relative}" holds more than 20 MB; choose a narrower --output.`, {
            field: 'output',
          })
        }
        const content = options.changes?.read(workspacePath)
        if (content === null || content === undefined || content.includes('\0')) continue
        mkdirSync(dirname(join(dir, file)), { recursive: true })
        writeFileSync(join(dir, file), content)
        seeded.add(file)
      }
    }
    const modules = [output && join(output.absolute, 'node_modules'), join(options.workspace, 'node_modules')].find(
      (candidate): candidate is string => !!candidate && existsSync(candidate),
    )
    if (modules) {
      symlinkSync(modules, join(dir, 'node_modules'), 'dir')
      // A workspace under /tmp is hidden by the sandbox's private /tmp unless mounted explicitly.
      readOnlyPaths.push(realpathSync(modules))
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return { dir, seeded, readOnlyPaths, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
