/**
 * A symbol map of a folder: per source file, the functions and classes it exports (JavaScript,
 * TypeScript), defines publicly (Python) or declares (Bash), parsed with ast-grep. It lets a model
 * with a small context window see what exists and read only the files it needs.
 */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join } from 'node:path'
import { Lang, parse, registerDynamicLanguage, type SgNode } from '@ast-grep/napi'
import { listFiles } from './walk.js'

const require = createRequire(import.meta.url)
let registered = false

function languageOf(path: string): string | undefined {
  switch (extname(path)) {
    case '.js':
    case '.mjs':
    case '.cjs':
    case '.jsx':
      return Lang.JavaScript
    case '.ts':
    case '.mts':
    case '.cts':
      return Lang.TypeScript
    case '.tsx':
      return Lang.Tsx
    case '.py':
      return 'python'
    case '.sh':
    case '.bash':
      return 'bash'
    default:
      return undefined
  }
}

function ensureGrammars(): void {
  if (registered) return
  registerDynamicLanguage({ python: require('@ast-grep/lang-python'), bash: require('@ast-grep/lang-bash') })
  registered = true
}

function squash(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat
}

function jsDeclaration(node: SgNode): string[] {
  const name = node.field('name')?.text()
  switch (node.kind()) {
    case 'function_declaration':
    case 'generator_function_declaration':
      return name ? [`function ${name}${squash(node.field('parameters')?.text() ?? '()')}`] : []
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const body = node.field('body')
      const methods = (body?.children() ?? [])
        .filter((m) => m.kind() === 'method_definition' || m.kind() === 'method_signature')
        .map((m) => m.field('name')?.text())
        .filter((m): m is string => !!m && !m.startsWith('#') && m !== 'constructor')
      return name ? [`class ${name}${methods.length ? ` { ${methods.join(', ')} }` : ''}`] : []
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      return node
        .children()
        .filter((d) => d.kind() === 'variable_declarator')
        .map((d) => {
          const value = d.field('value')
          const fn = value && (value.kind() === 'arrow_function' || value.kind() === 'function_expression' || value.kind() === 'function')
          const id = d.field('name')?.text() ?? '?'
          return fn
            ? `function ${id}${squash(value.field('parameters')?.text() ?? value.field('parameter')?.text() ?? '()')}`
            : `const ${id}`
        })
    case 'interface_declaration':
      return name ? [`interface ${name}`] : []
    case 'type_alias_declaration':
      return name ? [`type ${name}`] : []
    case 'enum_declaration':
      return name ? [`enum ${name}`] : []
    default:
      return []
  }
}

function jsSymbols(root: SgNode): string[] {
  const out: string[] = []
  for (const statement of root.children()) {
    if (statement.kind() !== 'export_statement') continue
    const declaration = statement.field('declaration')
    if (declaration) out.push(...jsDeclaration(declaration))
    else if (statement.children().some((c) => c.kind() === 'default')) out.push('default export')
    else {
      const clause = statement.children().find((c) => c.kind() === 'export_clause')
      if (clause) out.push(`export ${squash(clause.text())}`)
    }
  }
  return out
}

function pythonSymbols(root: SgNode): string[] {
  const out: string[] = []
  for (let statement of root.children()) {
    if (statement.kind() === 'decorated_definition') statement = statement.field('definition') ?? statement
    const name = statement.field('name')?.text()
    if (!name || name.startsWith('_')) continue
    if (statement.kind() === 'function_definition') out.push(`def ${name}${squash(statement.field('parameters')?.text() ?? '()')}`)
    if (statement.kind() === 'class_definition') {
      const methods = (statement.field('body')?.children() ?? [])
        .map((m) => (m.kind() === 'decorated_definition' ? m.field('definition') : m))
        .filter((m): m is SgNode => m?.kind() === 'function_definition')
        .map((m) => m.field('name')?.text() ?? '')
        .filter((m) => m && (!m.startsWith('_') || m === '__init__'))
      out.push(`class ${name}${methods.length ? `: ${methods.join(', ')}` : ''}`)
    }
  }
  return out
}

function bashSymbols(root: SgNode): string[] {
  return root
    .findAll({ rule: { kind: 'function_definition' } })
    .map((f) => f.field('name')?.text())
    .filter((n): n is string => !!n)
    .map((n) => `function ${n}`)
}

/** The symbols of one file's text; empty for languages the map does not cover. */
export function fileSymbols(path: string, text: string): string[] {
  const language = languageOf(path)
  if (!language) return []
  if (language === 'python' || language === 'bash') ensureGrammars()
  let root: SgNode
  try {
    root = parse(language as Lang, text).root()
  } catch {
    return []
  }
  if (language === 'python') return pythonSymbols(root)
  if (language === 'bash') return bashSymbols(root)
  return jsSymbols(root)
}

export interface SymbolMapOptions {
  /** Folder to map. */
  root: string
  /** Longest map in characters (about 4 characters a token); default 6000. */
  maxChars?: number
  /** Files larger than this are listed without symbols; default 200 kB. */
  maxFileBytes?: number
}

/**
 * One line per file: `path: function a(x), class B { m }`. Files with nothing to show are listed by
 * name. Deterministic (sorted), and cut at `maxChars` with a note of what was left out.
 */
export function buildSymbolMap(options: SymbolMapOptions): string {
  const maxChars = options.maxChars ?? 6000
  const maxFileBytes = options.maxFileBytes ?? 200_000
  const files = listFiles(options.root)
  const lines: string[] = []
  let used = 0
  for (const [index, file] of files.entries()) {
    let symbols: string[] = []
    const absolute = join(options.root, file)
    if (languageOf(file) && statSync(absolute).size <= maxFileBytes) symbols = fileSymbols(file, readFileSync(absolute, 'utf8'))
    const line = symbols.length ? `${file}: ${symbols.join('; ')}` : file
    if (used + line.length + 1 > maxChars) {
      lines.push(`[... ${files.length - index} more files not shown]`)
      break
    }
    lines.push(line)
    used += line.length + 1
  }
  return lines.join('\n')
}
