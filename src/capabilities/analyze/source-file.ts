/** Reads a candidate file and decides whether it can be analyzed: size, binary, encoding, minified, language. */
import { readFile } from 'node:fs/promises'
import type { Diagnostic } from '../../core/finding.js'
import { detectLanguage, type Language } from './languages.js'

export interface SourceFile {
  /** Workspace-relative POSIX path. */
  path: string
  language: Language
  text: string
}

export type ReadOutcome = { file: SourceFile } | { diagnostic: Diagnostic } | { skip: true }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Bundles and minified files: a long line, or a high average line length, in a JS/CSS-like file. */
export function looksMinified(path: string, text: string): boolean {
  if (/\.min\.(js|mjs|cjs|css)$/.test(path)) return true
  if (text.length < 2000) return false
  const lines = text.split('\n')
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0)
  return longest > 5000 || text.length / lines.length > 300
}

export function classifySource(path: string, buffer: Buffer, maxBytes: number): ReadOutcome {
  const firstLine = buffer.subarray(0, 200).toString('latin1').split('\n')[0] ?? ''
  const language = detectLanguage(path, firstLine)
  if (!language) return { skip: true }
  if (buffer.length > maxBytes) {
    return {
      diagnostic: {
        file: path,
        kind: 'too-large',
        message: `skipped: ${buffer.length} bytes is over the ${maxBytes}-byte limit (analyze.max_file_bytes)`,
      },
    }
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    return { diagnostic: { file: path, kind: 'binary', message: 'skipped: binary content' } }
  }
  let text: string
  try {
    text = utf8.decode(buffer)
  } catch {
    return { diagnostic: { file: path, kind: 'encoding', message: 'skipped: not valid UTF-8; convert the file to UTF-8 to analyze it' } }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if ((language === 'javascript' || language === 'typescript') && looksMinified(path, text)) {
    return { diagnostic: { file: path, kind: 'minified', message: 'skipped: minified or bundled code' } }
  }
  return { file: { path, language, text } }
}

export async function readSource(absolute: string, path: string, maxBytes: number): Promise<ReadOutcome> {
  let buffer: Buffer
  try {
    buffer = await readFile(absolute)
  } catch (error) {
    return {
      diagnostic: {
        file: path,
        kind: 'unreadable',
        message: `skipped: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      },
    }
  }
  return classifySource(path, buffer, maxBytes)
}
