/** Bash checks: `bash -n`, ShellCheck where installed, then each test script. */
import { available, failedWith, fromRun, sandboxRun } from './run.js'
import type { CheckInput, CheckResult } from './types.js'

export async function checkBash(input: CheckInput): Promise<CheckResult[]> {
  const scripts = input.files.filter((f) => /\.(?:sh|bash)$/.test(f))
  const syntax = await sandboxRun(input, 'bash', [
    '--noprofile',
    '--norc',
    '-c',
    'rc=0; for f in "$@"; do bash -n "$f" || rc=1; done; exit $rc',
    'check',
    ...scripts,
  ])
  const results = [fromRun(input, 'syntax', 'bash -n', syntax)]
  if (results[0]!.status === 'failed') return results
  if (await available(input, 'shellcheck', ['--version'])) {
    const lint = await sandboxRun(input, 'shellcheck', ['-s', 'bash', '-S', 'warning', '-f', 'gcc', ...scripts])
    results.push(fromRun(input, 'shellcheck', 'shellcheck -S warning', lint))
  } else {
    results.push({
      name: 'shellcheck',
      tool: 'shellcheck',
      status: 'skipped',
      reason: 'ShellCheck is not installed (apt-get install shellcheck)',
    })
  }
  if (input.tests.length === 0) {
    results.push(failedWith(input, 'tests', 'bash test_*.sh', 'No test scripts (test_*.sh) were written.'))
    return results
  }
  const tests = await sandboxRun(input, 'bash', [
    '--noprofile',
    '--norc',
    '-c',
    'rc=0; for t in "$@"; do echo "== $t"; bash "$t" || { echo "FAILED: $t exited with $?"; rc=1; }; done; exit $rc',
    'tests',
    ...input.tests,
  ])
  results.push(fromRun(input, 'tests', 'bash test_*.sh', tests))
  return results
}
