/** Guesses the language of a pasted snippet (`code` without `language`). */
import type { Language } from './languages.js'

export function guessLanguage(code: string): Language {
  const firstLine = code.split('\n', 1)[0] ?? ''
  if (firstLine.startsWith('#!')) {
    if (/python/.test(firstLine)) return 'python'
    if (/node/.test(firstLine)) return 'javascript'
    return 'bash'
  }
  if (/^\s*FROM\s+\S+/im.test(code) && /^\s*(RUN|CMD|ENTRYPOINT|COPY)\s/im.test(code)) return 'dockerfile'
  const trimmed = code.trim()
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed)
      return 'json'
    } catch {
      // not JSON; keep guessing
    }
  }
  if (
    /^\s*(def|class)\s+\w+.*:\s*$/m.test(code) ||
    (/^\s*(from\s+[\w.]+\s+)?import\s+[\w.]+(\s+as\s+\w+)?\s*$/m.test(code) && !/;\s*$/m.test(code))
  ) {
    return 'python'
  }
  if (/^(on|jobs|apiVersion|kind|services|steps|name):/m.test(code) && !/[;{}]\s*$/m.test(code)) return 'yaml'
  // TypeScript's grammar also parses plain JavaScript, so it is the safer default.
  return /<[A-Za-z][^>]*>[\s\S]*<\/[A-Za-z]+>/.test(code) ? 'tsx' : 'typescript'
}

export const LANGUAGE_EXTENSION: Record<Language, string> = {
  javascript: 'js',
  typescript: 'ts',
  tsx: 'tsx',
  python: 'py',
  bash: 'sh',
  yaml: 'yml',
  json: 'json',
  dockerfile: 'Dockerfile',
}
