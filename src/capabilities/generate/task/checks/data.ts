/** YAML and JSON checks: every file parses (in-process; no sandbox needed to read text). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { failedWith } from './run.js'
import type { CheckInput, CheckResult } from './types.js'

function yamlProblems(file: string, text: string): string[] {
  return parseAllDocuments(text).flatMap((doc) =>
    'errors' in doc ? doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`) : [],
  )
}

function jsonProblems(file: string, text: string): string[] {
  try {
    JSON.parse(text)
    return []
  } catch (error) {
    return [`${file}: ${(error as Error).message}`]
  }
}

export function checkData(input: CheckInput): CheckResult[] {
  const yaml = input.language === 'yaml'
  const pattern = yaml ? /\.ya?ml$/ : /\.json$/
  const files = input.files.filter((f) => pattern.test(f))
  const problems = files.flatMap((file) => {
    const text = readFileSync(join(input.dir, file), 'utf8')
    return yaml ? yamlProblems(file, text) : jsonProblems(file, text)
  })
  const tool = yaml ? 'yaml parser' : 'JSON.parse'
  return [problems.length ? failedWith(input, 'parse', tool, problems.join('\n')) : { name: 'parse', tool, status: 'passed' }]
}
