/** Which language a file is in, and which kind of document (workflow, manifest...) it holds. */
import { posix } from 'node:path'

export const LANGUAGES = ['javascript', 'typescript', 'tsx', 'python', 'bash', 'yaml', 'json', 'dockerfile'] as const
export type Language = (typeof LANGUAGES)[number]

/** The names rule files use: `js` means every JavaScript dialect, `ts` the typed ones. */
export const RULE_LANGUAGES = ['js', 'ts', 'python', 'bash', 'yaml', 'json', 'dockerfile'] as const
export type RuleLanguage = (typeof RULE_LANGUAGES)[number]

export function ruleLanguageCovers(ruleLanguage: RuleLanguage, language: Language): boolean {
  switch (ruleLanguage) {
    case 'js':
      return language === 'javascript' || language === 'typescript' || language === 'tsx'
    case 'ts':
      return language === 'typescript' || language === 'tsx'
    default:
      return ruleLanguage === language
  }
}

/** The language names the request's `language` field accepts, mapped to what they select. */
export const REQUEST_LANGUAGES: Record<string, Language> = {
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
  tsx: 'tsx',
  python: 'python',
  py: 'python',
  bash: 'bash',
  sh: 'bash',
  shell: 'bash',
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  dockerfile: 'dockerfile',
}

const BY_EXTENSION: Record<string, Language> = {
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.pyi': 'python',
  '.sh': 'bash',
  '.bash': 'bash',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
}

/** Detects from the path, then from a shebang line. Returns undefined for files we do not analyze. */
export function detectLanguage(path: string, firstLine = ''): Language | undefined {
  const base = posix.basename(path)
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || base.endsWith('.dockerfile')) return 'dockerfile'
  if (base.endsWith('.d.ts')) return undefined
  const ext = posix.extname(base).toLowerCase()
  const byExt = BY_EXTENSION[ext]
  if (byExt) return byExt
  if (ext === '' && firstLine.startsWith('#!')) {
    if (/\b(ba|z|da)?sh\b/.test(firstLine)) return 'bash'
    if (/\bpython[0-9.]*\b/.test(firstLine)) return 'python'
    if (/\bnode\b/.test(firstLine)) return 'javascript'
  }
  return undefined
}

export const DOCUMENT_KINDS = ['github-actions', 'docker-compose', 'kubernetes', 'package.json', 'tsconfig', 'other'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** Classifies YAML and JSON files so rules can target, say, only GitHub Actions workflows. */
export function detectDocumentKind(path: string, language: Language, text: string): DocumentKind {
  const base = posix.basename(path)
  if (language === 'yaml') {
    if (/(^|\/)\.github\/workflows\/[^/]+$/.test(path) || /(^|\/)action\.ya?ml$/.test(path)) return 'github-actions'
    if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(base)) return 'docker-compose'
    if (/^apiVersion:/m.test(text) && /^kind:/m.test(text)) return 'kubernetes'
    if (/^on:/m.test(text) && /^jobs:/m.test(text)) return 'github-actions'
    return 'other'
  }
  if (language === 'json') {
    if (base === 'package.json') return 'package.json'
    if (/^[tj]sconfig(\..+)?\.json$/.test(base)) return 'tsconfig'
  }
  return 'other'
}

/** The comment leader used for inline suppressions in each language. */
export function commentLeader(language: Language): string {
  return language === 'python' || language === 'bash' || language === 'yaml' || language === 'dockerfile' ? '#' : '//'
}
