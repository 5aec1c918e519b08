/** runCode, the code_interpreter tool: snippets in four languages, run in the sandbox. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SandboxError } from '../../src/core/errors.js'
import { loadTypeScript } from '../../src/sandbox/run-code.js'
import { runCode } from '../../src/sandbox/index.js'
import { BACKENDS, makeWorkspace } from './helpers.js'

const workspace = makeWorkspace()

describe.each(BACKENDS)('runCode under the %s backend', (backend) => {
  const run = (language: 'javascript' | 'typescript' | 'python' | 'bash', code: string, args: string[] = []) =>
    runCode({ language, code, args, workspace, backend, limits: { timeoutMs: 15_000 } })

  it('runs JavaScript as an ES module, with top-level await and arguments', async () => {
    const result = await run(
      'javascript',
      'const { sep } = await import("node:path")\nconsole.log(sep, process.argv.slice(2).join(","), 6 * 7)',
      ['a', 'b'],
    )
    expect(result).toMatchObject({ exitCode: 0, stdout: '/ a,b 42\n', language: 'javascript', sandbox: backend })
  })

  it('runs JavaScript that uses require as CommonJS', async () => {
    const result = await run('javascript', 'const os = require("node:os"); console.log(typeof os.cpus, __filename.endsWith(".cjs"))')
    expect(result.stdout).toBe('function true\n')
  })

  it('runs TypeScript with types, an interface and an enum', async () => {
    const code = `
      interface Point { x: number; y: number }
      enum Axis { X = 'x', Y = 'y' }
      const length = (p: Point): number => Math.hypot(p.x, p.y)
      console.log(length({ x: 3, y: 4 }), Axis.Y)`
    const result = await run('typescript', code)
    expect(result).toMatchObject({ exitCode: 0, stdout: '5 y\n', language: 'typescript' })
  })

  it('reports a TypeScript syntax error without running anything', async () => {
    const result = await run('typescript', 'const x: number = (;\nconsole.log("ran")')
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^snippet\.ts\(1,20\): error TS1109: Expression expected\./)
  })

  it('runs Python and passes arguments in sys.argv', async () => {
    const result = await run('python', 'import sys\nprint(sum(int(a) for a in sys.argv[1:]), sys.version_info[0])', ['1', '2', '3'])
    expect(result).toMatchObject({ exitCode: 0, stdout: '6 3\n', language: 'python' })
  })

  it('runs Bash with arguments, and reports a failing exit code and stderr', async () => {
    const ok = await run('bash', 'set -euo pipefail\nprintf "%s|" "$@"\necho "${BASH_VERSION%%.*}" | grep -q "^[4-9]" && echo modern', [
      'x y',
      'z',
    ])
    expect(ok.stdout).toBe('x y|z|modern\n')
    const failing = await run('bash', 'echo oops >&2; exit 7')
    expect(failing).toMatchObject({ exitCode: 7, stderr: 'oops\n' })
  })

  it('runs the snippet in the workspace, and leaves no snippet file there', async () => {
    const result = await run('python', 'import os\nprint(os.getcwd())\nopen("made-by-snippet.txt", "w").write("hi")')
    expect(result.stdout).toBe(`${workspace}\n`)
    expect(existsSync(join(workspace, 'made-by-snippet.txt'))).toBe(true)
    expect(existsSync(join(workspace, 'snippet.py'))).toBe(false)
  })
})

describe('runCode without the typescript package', () => {
  it('says which package to install', async () => {
    const attempt = loadTypeScript('typescript-that-is-not-installed')
    await expect(attempt).rejects.toBeInstanceOf(SandboxError)
    await expect(attempt).rejects.toThrow(/needs the `typescript` package \(npm install --save-dev typescript@5\)/)
  })
})
