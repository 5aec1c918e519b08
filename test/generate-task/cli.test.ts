/**
 * `codex-agent generate --task` end to end through the real CLI binary, offline: recorded sessions
 * replayed, real checks in the real sandbox, real files written (or, on failure, none).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generate, readRecording, tempWorkspace } from './helpers.js'
import { fixLoopSession, pythonSession, RECORDINGS } from './sessions.js'

const replay = (session: { name: string }) => ['--replay', join(RECORDINGS, session.name)]

function hasPytest(): boolean {
  try {
    execFileSync('python3', ['-m', 'pytest', '--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('generate --task, replayed', () => {
  it('writes a verified Python module and its tests, which pass on their own', async () => {
    const workspace = tempWorkspace()
    const result = await generate(workspace, [...pythonSession.args, '--output', 'out', ...replay(pythonSession)])
    expect(result.stderr).toContain('verify: attempt 1 of 3')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Generated 2 files (python), verified in 1 attempt')
    expect(result.stdout).toMatch(/ok\s+tests\s+pytest|skipped tests\s+pytest/)
    expect(result.stdout).toContain('Wrote 2 files to out.')
    const out = join(workspace, 'out')
    expect(readdirSync(out).sort()).toEqual(['rate_limiter.py', 'test_rate_limiter.py'])
    expect(readFileSync(join(out, 'rate_limiter.py'), 'utf8')).toContain('class TokenBucket:')
    // The files pass their checks outside codex-agent too.
    execFileSync('python3', ['-B', '-m', 'py_compile', 'rate_limiter.py', 'test_rate_limiter.py'], { cwd: out })
    if (hasPytest()) {
      const pytest = execFileSync('python3', ['-B', '-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: out, encoding: 'utf8' })
      expect(pytest).toMatch(/5 passed/)
    }
  })

  it('feeds a failing test back to the model and passes on the second attempt', async () => {
    const workspace = tempWorkspace()
    const result = await generate(workspace, [...fixLoopSession.args, '--output', 'lib', '--json', ...replay(fixLoopSession)])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as {
      verified: boolean
      written: boolean
      verification: { attempts: number; checks: Array<{ name: string; status: string }> }
      model: { calls: number }
    }
    expect(report).toMatchObject({ verified: true, written: true, verification: { attempts: 2 }, model: { calls: 4 } })
    expect(report.verification.checks.map((c) => [c.name, c.status])).toEqual([
      ['complete', 'passed'],
      ['syntax', 'passed'],
      ['tests', 'passed'],
    ])
    expect(result.stderr).toContain('fix: attempt 2 of 3: verification failed')
    // The failure text went to the model: it is in the third recorded request.
    const feedback = readRecording(join(RECORDINGS, fixLoopSession.name))[2]!.request.messages.at(-1)!
    expect(feedback.role).toBe('user')
    expect(feedback.content).toContain('Verification of attempt 1 of 3 failed: tests.')
    expect(feedback.content).toContain('not ok - slugify("  Crème brûlée!  ") (slugify.test.mjs:14)')
    expect(feedback.content).toContain('returned "--creme-brulee---", expected "creme-brulee"')
    // The patch the model sent was applied.
    expect(readFileSync(join(workspace, 'lib', 'slugify.mjs'), 'utf8')).toContain(".replace(/^-+|-+$/g, '')")
    execFileSync(process.execPath, ['--test', 'slugify.test.mjs'], { cwd: join(workspace, 'lib'), stdio: 'ignore' })
  })

  it('writes nothing when verification fails, and exits 4', async () => {
    const workspace = tempWorkspace()
    // An empty output folder, and a file beside it (a file inside would change the prompt the session was recorded with).
    mkdirSync(join(workspace, 'lib'))
    writeFileSync(join(workspace, 'keep.txt'), 'untouched\n')
    const result = await generate(workspace, [...fixLoopSession.args, '--output', 'lib', '--max-attempts', '1', ...replay(fixLoopSession)])
    expect(result.code).toBe(4)
    expect(result.stdout).toContain('NOT verified after 1 attempt')
    expect(result.stdout).toMatch(/FAILED\s+tests/)
    expect(result.stdout).toContain('Nothing was written: verification failed')
    expect(readdirSync(join(workspace, 'lib'))).toEqual([])
    expect(readFileSync(join(workspace, 'keep.txt'), 'utf8')).toBe('untouched\n')
  })

  it('prints the diff with --dry-run and writes nothing', async () => {
    const workspace = tempWorkspace()
    const result = await generate(workspace, [...fixLoopSession.args, '--output', 'lib', '--dry-run', ...replay(fixLoopSession)])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'diff --git a/lib/slugify.mjs b/lib/slugify.mjs\nnew file mode 100644\n--- /dev/null\n+++ b/lib/slugify.mjs',
    )
    expect(result.stdout).toContain("+    .replace(/^-+|-+$/g, '')")
    expect(result.stderr).toContain('Dry run: nothing was written.')
    expect(existsSync(join(workspace, 'lib'))).toBe(false)
  })

  it('stops at --max-turns with a clear error, exit 3, and writes nothing', async () => {
    const workspace = tempWorkspace()
    const result = await generate(workspace, [...pythonSession.args, '--output', 'out', '--max-turns', '1', ...replay(pythonSession)])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('The run reached its limit of 1 model call (--max-turns)')
    expect(existsSync(join(workspace, 'out'))).toBe(false)
  })

  it('fails fast without a model: exit 3, how to configure one, and what works offline', async () => {
    const workspace = tempWorkspace()
    const result = await generate(workspace, ['--task', 'Create a social media API client', '--language', 'python'])
    expect(result.code).toBe(3)
    for (const text of [
      'export OPENAI_API_KEY=',
      '--model openai:gpt-4.1',
      'ANTHROPIC_API_KEY',
      '--model ollama:qwen2.5-coder:7b',
      'openai-compatible:http://127.0.0.1:8080/v1#',
      '--model llama-cpp:./model.gguf',
      'analyze, init, runs, serve, mcp, doctor, and the scaffolds `generate <kind>`',
    ]) {
      expect(result.stderr).toContain(text)
    }
    expect(readdirSync(workspace).filter((f) => f !== '.codex')).toEqual([])
  })

  it('rejects bad flags with exit 2, naming the problem', async () => {
    const workspace = tempWorkspace()
    const language = await generate(workspace, ['--task', 'x', '--language', 'cobol', '--model', 'ollama:qwen2.5-coder:7b'])
    expect(language.code).toBe(2)
    expect(language.stderr).toContain('Invalid "language"')
    const outside = await generate(workspace, ['--task', 'x', '--language', 'python', '--output', '../elsewhere', '--model', 'ollama:x'])
    expect(outside.code).toBe(2)
    expect(outside.stderr).toContain('is outside the workspace')
    const unknown = await generate(workspace, ['--task', 'x', '--frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'")
  })
})
