/**
 * A reporter for `node --test` whose output is the same on every Node.js version we support: one
 * line per failed test with where it failed and the assertion message, the stderr of a test file
 * that failed to load (without Node's internal stack frames), and a count. Written next to the
 * generated files and passed as `--test-reporter`.
 */

export const NODE_TEST_REPORTER = String.raw`
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const cwd = process.cwd()
const rel = (file) => (file ? relative(cwd, file.startsWith('file:') ? fileURLToPath(file) : file) : '')
const internal = /node:internal|^Node\.js v\d|^\s*\^+\s*$|^\s*throw /

function where(error) {
  for (const line of String(error?.stack ?? '').split('\n')) {
    const match = /\(?((?:file:\/\/)?\/[^\s()]+):(\d+):\d+\)?\s*$/.exec(line)
    if (match && !match[1].includes('node_modules') && !match[1].startsWith('node:')) {
      const path = rel(match[1])
      if (!path.startsWith('..')) return path + ':' + match[2]
    }
  }
  return ''
}

export default async function* reporter(source) {
  let passed = 0
  const failures = []
  const stderr = new Map()
  for await (const event of source) {
    const data = event.data ?? {}
    if (event.type === 'test:stderr') {
      const file = rel(data.file)
      stderr.set(file, (stderr.get(file) ?? '') + data.message)
    }
    if (event.type === 'test:pass' && data.details?.type !== 'suite') passed++
    if (event.type !== 'test:fail' || data.details?.type === 'suite') continue
    const error = data.details?.error
    if (error?.failureType === 'subtestsFailed') continue
    const file = rel(data.file)
    const isFile = data.name && (data.name === data.file || rel(data.name) === file)
    const cause = error?.cause ?? error
    failures.push({ file, name: isFile ? file : data.name, isFile, at: isFile ? '' : where(cause), message: String(cause?.message ?? error?.message ?? 'failed') })
  }
  failures.sort((a, b) => (a.file + '\0' + a.name < b.file + '\0' + b.name ? -1 : 1))
  for (const failure of failures) {
    yield 'not ok - ' + failure.name + (failure.at ? ' (' + failure.at + ')' : '') + '\n'
    if (failure.isFile) {
      const lines = (stderr.get(failure.file) ?? '').split('\n').filter((line) => line.trim() && !internal.test(line))
      yield lines.map((line) => '  ' + line).join('\n') + '\n'
      if (!lines.length) yield '  the test file failed to load or run\n'
    } else {
      yield failure.message.trimEnd().split('\n').map((line) => '  ' + line).join('\n') + '\n'
    }
  }
  yield 'tests: ' + passed + ' passed, ' + failures.length + ' failed\n'
}
`
