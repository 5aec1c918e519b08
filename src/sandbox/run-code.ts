/** runCode: the code_interpreter tool — a JavaScript, TypeScript, Python or Bash snippet run in the sandbox. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SandboxError } from '../core/errors.js'
import { detectSandbox } from './detect.js'
import { resolvePolicy } from './policy.js'
import { runSandboxed, type RunSandboxedOptions, type SandboxResult } from './run.js'

export const CODE_LANGUAGES = ['javascript', 'typescript', 'python', 'bash'] as const
export type CodeLanguage = (typeof CODE_LANGUAGES)[number]

export interface RunCodeOptions extends Omit<RunSandboxedOptions, 'command' | 'args' | 'readOnlyPaths'> {
  language: CodeLanguage
  code: string
  /** Arguments the snippet receives (process.argv / sys.argv / $1...). */
  args?: readonly string[]
  /** JavaScript/TypeScript module format; default: CommonJS when the code uses require or module.exports, else ES module. */
  moduleType?: 'module' | 'commonjs'
}

export interface RunCodeResult extends SandboxResult {
  language: CodeLanguage
}

interface Prepared {
  file: string
  text: string
  command: string
  args: string[]
}

export async function runCode(options: RunCodeOptions): Promise<RunCodeResult> {
  const { language, code, moduleType, args: snippetArgs, ...rest } = options
  const prepared = await prepare(language, code, moduleType ?? guessModuleType(code))
  if ('diagnostics' in prepared) return { ...(await compileFailure(prepared.diagnostics, options)), language }
  // The snippet lives in its own host folder, mounted read-only: it cannot rewrite itself, and the workspace stays clean.
  const dir = mkdtempSync(join(tmpdir(), 'codex-code-'))
  try {
    const file = join(dir, prepared.file)
    writeFileSync(file, prepared.text)
    const result = await runSandboxed({
      ...rest,
      command: prepared.command,
      args: [...prepared.args, file, ...(snippetArgs ?? [])],
      readOnlyPaths: [dir],
    })
    return { ...result, language }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function prepare(
  language: CodeLanguage,
  code: string,
  moduleType: 'module' | 'commonjs',
): Promise<Prepared | { diagnostics: string }> {
  const node = process.execPath
  const jsExtension = moduleType === 'module' ? '.mjs' : '.cjs'
  switch (language) {
    case 'javascript':
      return { file: `snippet${jsExtension}`, text: code, command: node, args: [] }
    case 'typescript': {
      const ts = await loadTypeScript().catch((error: unknown) => {
        if (nodeStripsTypes()) return undefined
        throw error
      })
      if (ts === undefined)
        return {
          file: moduleType === 'module' ? 'snippet.mts' : 'snippet.cts',
          text: code,
          command: node,
          args: ['--experimental-strip-types', '--no-warnings'],
        }
      const output = ts.transpileModule(code, {
        fileName: 'snippet.ts',
        reportDiagnostics: true,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: moduleType === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
        },
      })
      const diagnostics = (output.diagnostics ?? []).map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
        const at = where ? `(${where.line + 1},${where.character + 1})` : ''
        return `snippet.ts${at}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
      if (diagnostics.length > 0) return { diagnostics: diagnostics.join('\n') + '\n' }
      return { file: `snippet${jsExtension}`, text: output.outputText, command: node, args: [] }
    }
    case 'python':
      // -B: no .pyc files next to a snippet that is mounted read-only anyway.
      return { file: 'snippet.py', text: code, command: 'python3', args: ['-B'] }
    case 'bash':
      return { file: 'snippet.sh', text: code, command: 'bash', args: ['--noprofile', '--norc'] }
  }
}

type TypeScriptApi = typeof import('typescript')

/**
 * Loads the TypeScript compiler API lazily: it is a devDependency (large), needed only for TS snippets.
 * `specifier` exists so tests can prove the message when it is missing.
 */
export async function loadTypeScript(specifier = 'typescript'): Promise<TypeScriptApi> {
  let loaded: TypeScriptApi & { default?: TypeScriptApi }
  try {
    loaded = (await import(specifier)) as TypeScriptApi & { default?: TypeScriptApi }
  } catch (error) {
    throw new SandboxError(
      'Running a TypeScript snippet needs the `typescript` package (npm install --save-dev typescript@5), or Node.js 22.6+ which can strip types itself.',
      { cause: error },
    )
  }
  const ts = loaded.default ?? loaded
  if (typeof ts.transpileModule !== 'function') {
    throw new SandboxError(
      'The installed `typescript` package has no compiler API (TypeScript 7 is the native compiler); install typescript@5 to run TypeScript snippets.',
    )
  }
  return ts
}

/** Node 22.6+ runs .mts/.cts files with --experimental-strip-types. */
function nodeStripsTypes(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  return major > 22 || (major === 22 && minor >= 6)
}

export function guessModuleType(code: string): 'module' | 'commonjs' {
  if (/^\s*(import|export)\s/m.test(code)) return 'module'
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=|\b__dirname\b|\b__filename\b/.test(code) ? 'commonjs' : 'module'
}

/** A snippet that does not compile never runs; its result looks like a failed run, with the compiler's messages. */
async function compileFailure(diagnostics: string, options: RunCodeOptions): Promise<SandboxResult> {
  const detection = await detectSandbox()
  return {
    exitCode: 1,
    signal: null,
    stdout: '',
    stderr: diagnostics,
    truncated: { stdout: false, stderr: false },
    timedOut: false,
    killedForMemory: false,
    killedForCpu: false,
    durationMs: 0,
    sandbox: options.backend === 'process' ? 'process' : detection.backend,
    policy: resolvePolicy(options.policy),
    warnings: [],
  }
}
