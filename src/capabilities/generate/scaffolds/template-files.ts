/**
 * Template files: built-in ones under generators/<kind>/templates/, and the project's own under
 * .codex/templates/<kind>/ (same name overrides, a new name adds). Each file starts with a
 * front matter block: `to:` (output path, itself a template), optional `when:` (a condition) and
 * `mode:` (octal file mode).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { evaluateCondition, renderTemplate, TemplateError, type TemplateVars } from './template.js'

export interface TemplateFile {
  /** File name inside the templates folder. */
  name: string
  origin: 'builtin' | 'project'
  /** Absolute path, for messages. */
  file: string
  source: string
}

export interface RenderedFile {
  path: string
  content: string
  mode?: number
  template: string
}

const FrontMatter = z.strictObject({
  to: z.string().min(1),
  when: z.string().optional(),
  mode: z
    .union([z.string().regex(/^0?[0-7]{3}$/), z.number().int()])
    .optional()
    .transform((m) => (typeof m === 'string' ? parseInt(m, 8) : m)),
})

/** Built-in templates ship beside the compiled module; a build that did not copy them falls back to src/. */
export function builtinTemplateDir(kind: string): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const compiled = join(here, 'generators', kind, 'templates')
  if (existsSync(compiled)) return compiled
  const at = compiled.lastIndexOf(`${sep}dist${sep}`)
  return at < 0 ? compiled : `${compiled.slice(0, at)}${sep}src${sep}${compiled.slice(at + 6)}`
}

export function projectTemplateDir(workspace: string, kind: string): string {
  return join(workspace, '.codex', 'templates', kind)
}

function readDir(dir: string, origin: TemplateFile['origin']): TemplateFile[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith('.'))
    .map((d) => ({ name: d.name, origin, file: join(dir, d.name), source: readFileSync(join(dir, d.name), 'utf8') }))
}

export function loadTemplateFiles(kind: string, workspace: string): TemplateFile[] {
  const byName = new Map<string, TemplateFile>()
  for (const t of readDir(builtinTemplateDir(kind), 'builtin')) byName.set(t.name, t)
  for (const t of readDir(projectTemplateDir(workspace, kind), 'project')) byName.set(t.name, t)
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
}

export function splitFrontMatter(template: TemplateFile): { meta: z.output<typeof FrontMatter>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(template.source)
  if (!match) throw new TemplateError(template.file, 1, 'missing front matter (--- to: path --- at the top)')
  const parsed = FrontMatter.safeParse(parseYaml(match[1]!))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TemplateError(template.file, 1, `front matter: ${issue?.path.join('.') || 'block'} ${issue?.message ?? ''}`)
  }
  return { meta: parsed.data, body: template.source.slice(match[0].length) }
}

/** Renders every template whose `when` holds; the body's line numbers in errors count from the file top. */
export function renderTemplateFiles(templates: TemplateFile[], vars: TemplateVars): RenderedFile[] {
  const out: RenderedFile[] = []
  for (const template of templates) {
    const { meta, body } = splitFrontMatter(template)
    if (meta.when !== undefined && !evaluateCondition(meta.when, vars)) continue
    const path = renderTemplate(`${template.file} (to:)`, meta.to, vars).trim()
    const file: RenderedFile = { path, content: renderTemplate(template.file, body, vars), template: template.name }
    if (meta.mode !== undefined) file.mode = meta.mode
    out.push(file)
  }
  return out
}
