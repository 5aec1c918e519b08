/**
 * The `file_system` tool: read, list, search and write files and apply unified-diff patches, all
 * confined to one folder (see workspace-path.ts). It remembers what it wrote: that is the agent's
 * change set.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { applyPatch, parsePatch, type StructuredPatch } from 'diff'
import { z } from 'zod'
import { clip, defineTool, type AgentTool } from '../tool.js'
import { listFiles } from '../walk.js'
import { confinePath, PathEscapeError } from '../workspace-path.js'

const MAX_READ_CHARS = 60_000
const MAX_LIST_ENTRIES = 400
const MAX_SEARCH_MATCHES = 100

const FileSystemArgs = z.object({
  operation: z
    .enum(['read', 'list', 'search', 'write', 'patch'])
    .describe('read a file, list a folder (recursively), search file contents, write a whole file, or apply a unified diff'),
  path: z.string().optional().describe('File or folder, relative to the workspace root (read, write; list and search: default ".")'),
  content: z.string().optional().describe('write: the complete new content of the file'),
  patch: z
    .string()
    .optional()
    .describe('patch: a unified diff (---/+++ headers, @@ hunks); paths relative to the workspace root, a/ and b/ prefixes allowed'),
  query: z.string().optional().describe('search: text to find (case-sensitive); a line matches when it contains it'),
})
type FileSystemArgs = z.output<typeof FileSystemArgs>

export interface FileSystemTool extends AgentTool {
  /** Files written, patched or deleted through this tool: relative path → content (null: deleted). */
  readonly changes: ReadonlyMap<string, string | null>
}

function lineCount(text: string): number {
  if (text === '') return 0
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

function need<T>(value: T | undefined, name: string, operation: string): T {
  if (value === undefined) throw new Error(`file_system ${operation} needs "${name}".`)
  return value
}

function patchTarget(patch: StructuredPatch): { path: string; deletes: boolean; creates: boolean } {
  // The name ends at a tab (a timestamp may follow). indexOf, not /\t.*$/, which is quadratic in tabs.
  const strip = (name: string | undefined) => {
    const full = name ?? ''
    const tab = full.indexOf('\t')
    return (tab >= 0 ? full.slice(0, tab) : full).replace(/^[ab]\//, '')
  }
  const oldName = strip(patch.oldFileName)
  const newName = strip(patch.newFileName)
  const creates = oldName === '/dev/null' || oldName === ''
  const deletes = newName === '/dev/null'
  const path = deletes ? oldName : newName || oldName
  if (!path || path === '/dev/null') throw new Error('The patch has a file section without a file name (---/+++ lines).')
  return { path, deletes, creates }
}

export function createFileSystemTool(options: { root: string }): FileSystemTool {
  const { root } = options
  const changes = new Map<string, string | null>()

  function read(path: string): string {
    const target = confinePath(root, path)
    const stat = statSync(target.absolute, { throwIfNoEntry: false })
    if (!stat) throw new Error(`${target.relative} does not exist. Use operation "list" to see the files.`)
    if (stat.isDirectory()) throw new Error(`${target.relative} is a folder; use operation "list".`)
    return readFileSync(target.absolute, 'utf8')
  }

  function write(path: string, content: string): string {
    const target = confinePath(root, path, { forWrite: true })
    if (target.relative === '.') throw new Error('write needs a file path, not the workspace root.')
    const stat = statSync(target.absolute, { throwIfNoEntry: false })
    if (stat?.isDirectory()) throw new Error(`${target.relative} is a folder.`)
    mkdirSync(dirname(target.absolute), { recursive: true })
    writeFileSync(target.absolute, content)
    changes.set(target.relative, content)
    return target.relative
  }

  function applyUnifiedDiff(text: string): string {
    let patches: StructuredPatch[]
    try {
      patches = parsePatch(text)
    } catch (error) {
      throw new Error(`The patch cannot be parsed: ${(error as Error).message}`)
    }
    patches = patches.filter((p) => p.hunks.length > 0 || p.oldFileName || p.newFileName)
    if (patches.length === 0) throw new Error('The patch holds no file sections.')
    // Everything is checked before anything is written: a patch applies whole or not at all.
    const planned: Array<{ path: string; content: string | null }> = []
    for (const patch of patches) {
      const { path, deletes, creates } = patchTarget(patch)
      const target = confinePath(root, path, { forWrite: true })
      const exists = statSync(target.absolute, { throwIfNoEntry: false })?.isFile() ?? false
      if (!creates && !exists) throw new Error(`The patch changes ${target.relative}, which does not exist.`)
      const current = exists ? readFileSync(target.absolute, 'utf8') : ''
      const result = applyPatch(current, patch, { fuzzFactor: 2 })
      if (result === false) {
        throw new Error(
          `The patch does not apply to ${target.relative}: its context lines do not match the file. Read the file again and send a fresh patch, or write the whole file.`,
        )
      }
      planned.push({ path: target.relative, content: deletes ? null : result })
    }
    const done: string[] = []
    for (const { path, content } of planned) {
      if (content === null) {
        rmSync(confinePath(root, path, { forWrite: true }).absolute, { force: true })
        changes.set(path, null)
        done.push(`deleted ${path}`)
      } else {
        write(path, content)
        done.push(`patched ${path} (${lineCount(content)} lines)`)
      }
    }
    return done.join('\n')
  }

  function list(path: string): string {
    const target = confinePath(root, path)
    const stat = statSync(target.absolute, { throwIfNoEntry: false })
    if (!stat) throw new Error(`${target.relative} does not exist.`)
    if (!stat.isDirectory()) return target.relative
    const files = listFiles(target.absolute, target.relative, MAX_LIST_ENTRIES + 1)
    if (files.length === 0) return `${target.relative} holds no files.`
    const shown = files.slice(0, MAX_LIST_ENTRIES)
    return shown.join('\n') + (files.length > MAX_LIST_ENTRIES ? `\n[... more files not shown; list a subfolder]` : '')
  }

  function search(path: string, query: string): string {
    if (query === '') throw new Error('search needs a non-empty "query".')
    const target = confinePath(root, path)
    const stat = statSync(target.absolute, { throwIfNoEntry: false })
    if (!stat) throw new Error(`${target.relative} does not exist.`)
    const files = stat.isDirectory() ? listFiles(target.absolute, target.relative, 5000) : [target.relative]
    const matches: string[] = []
    for (const file of files) {
      let text: string
      try {
        text = readFileSync(confinePath(root, file).absolute, 'utf8')
      } catch (error) {
        if (error instanceof PathEscapeError) continue
        throw error
      }
      if (text.includes('\0')) continue
      const lines = text.split('\n')
      for (const [index, line] of lines.entries()) {
        if (!line.includes(query)) continue
        matches.push(`${file}:${index + 1}: ${line.length > 200 ? `${line.slice(0, 200)}...` : line}`)
        if (matches.length >= MAX_SEARCH_MATCHES) return `${matches.join('\n')}\n[... stopped at ${MAX_SEARCH_MATCHES} matches]`
      }
    }
    return matches.length ? matches.join('\n') : `No line contains "${query}".`
  }

  const tool = defineTool({
    name: 'file_system',
    description:
      'Read, list, search and write files in the workspace, or apply a unified-diff patch. Paths are relative to the workspace root; ' +
      'absolute paths, ".." and symbolic links that lead out are refused.',
    args: FileSystemArgs,
    async run(args: FileSystemArgs) {
      switch (args.operation) {
        case 'read':
          return { content: clip(read(need(args.path, 'path', 'read')), MAX_READ_CHARS) }
        case 'list':
          return { content: list(args.path ?? '.') }
        case 'search':
          return { content: search(args.path ?? '.', need(args.query, 'query', 'search')) }
        case 'write': {
          const content = need(args.content, 'content', 'write')
          const path = write(need(args.path, 'path', 'write'), content)
          return { content: `wrote ${path} (${lineCount(content)} lines)` }
        }
        case 'patch':
          return { content: applyUnifiedDiff(need(args.patch, 'patch', 'patch')) }
      }
    },
    describe(args: FileSystemArgs) {
      if (args.operation === 'patch') {
        const names = /^\+\+\+ (?:b\/)?(\S+)/m.exec(args.patch ?? '')?.[1]
        return `patch ${names ?? ''}`.trim()
      }
      if (args.operation === 'search') return `search "${args.query ?? ''}"`
      return `${args.operation} ${args.path ?? '.'}`
    },
  })
  return { ...tool, changes }
}
