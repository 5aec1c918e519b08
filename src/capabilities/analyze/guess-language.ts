/**
 * Guesses the language of a pasted snippet (`code` without `language`). HTTP and MCP bodies reach
 * this, so every pattern stays linear: within a line (`[ \t]*`, not `\s*`, which with `m` spans
 * blank lines and made `^\s*FROM` quadratic on a body of newlines) and without two open-ended parts
 * that can split the same text.
 */
import type { Language } from './languages.js'

export function guessLanguage(code: string): Language {
  const firstLine = code.split('\n', 1)[0] ?? ''
  if (firstLine.startsWith('#!')) {
    if (/python/.test(firstLine)) return 'python'
    if (/node/.test(firstLine)) return 'javascript'
    return 'bash'
  }
  if (/^[ \t]*FROM[ \t]+\S/im.test(code) && /^[ \t]*(RUN|CMD|ENTRYPOINT|COPY)\s/im.test(code)) return 'dockerfile'
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
    /^[ \t]*(def|class)[ \t]+\w+\b[^\n]*:[ \t\r]*$/m.test(code) ||
    (/^[ \t]*(from[ \t]+[\w.]+[ \t]+)?import[ \t]+[\w.]+([ \t]+as[ \t]+\w+)?[ \t\r]*$/m.test(code) && !/;[ \t\r]*$/m.test(code))
  ) {
    return 'python'
  }
  if (/^(on|jobs|apiVersion|kind|services|steps|name):/m.test(code) && !/[;{}][ \t\r]*$/m.test(code)) return 'yaml'
  // TypeScript's grammar also parses plain JavaScript, so it is the safer default.
  return looksLikeJsx(code) ? 'tsx' : 'typescript'
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

const CLOSING_TAG = /<\/[A-Za-z]+>/g

/**
 * An opening tag and, after it, a closing one. Two linear searches: one regex for both (`<a[^>]*>[\s\S]*</a>`)
 * took time quadratic in the input on text with many `<` and no match, and HTTP bodies reach this.
 */
function looksLikeJsx(code: string): boolean {
  const open = /<[A-Za-z][^<>]*>/.exec(code)
  if (!open) return false
  CLOSING_TAG.lastIndex = open.index + open[0].length
  return CLOSING_TAG.test(code)
}
