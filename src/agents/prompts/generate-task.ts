/**
 * The prompts of free-form generation (`generate --task`): the implementer's system prompt and the
 * pinned task message. They depend only on the request and the files already there, never on the
 * machine, so a recorded session replays anywhere.
 */

export const TASK_LANGUAGES = ['python', 'typescript', 'javascript', 'bash', 'yaml', 'json'] as const
export type TaskLanguage = (typeof TASK_LANGUAGES)[number]

export const CODE_STYLES = ['google', 'pep8', 'black', 'airbnb', 'standard', 'prettier'] as const
export type CodeStyle = (typeof CODE_STYLES)[number]

interface LanguageRules {
  /** How to lay out code and tests. */
  rules: string[]
  /** What verification runs, in words. */
  checks: string
}

const LANGUAGE_RULES: Record<TaskLanguage, LanguageRules> = {
  python: {
    rules: [
      'Write Python 3.10+ modules (*.py) with type hints on every function, and the standard library only unless a requirement names a package.',
      'Write pytest tests in test_*.py files beside the code: plain functions with assert statements, no network access.',
    ],
    checks: 'python3 -m py_compile, ruff, mypy and pytest (the ones installed)',
  },
  typescript: {
    rules: [
      'Write strict TypeScript ES modules (*.ts); relative imports end in ".js" (import { x } from "./client.js").',
      'Write tests in *.test.ts files beside the code with node:test and node:assert/strict, no network access.',
    ],
    checks: 'tsc --strict, then the tests with node --test',
  },
  javascript: {
    rules: [
      'Write JavaScript ES modules with the .mjs extension; relative imports name the file with its extension.',
      'Write tests in *.test.mjs files beside the code with node:test and node:assert/strict, no network access.',
    ],
    checks: 'node --check, then the tests with node --test',
  },
  bash: {
    rules: [
      'Write Bash scripts (*.sh) that start with #!/usr/bin/env bash and set -euo pipefail, with functions and quoted expansions.',
      'Write a test script test_*.sh beside them that runs or sources the scripts, checks the results and exits non-zero on the first failure.',
    ],
    checks: 'bash -n and ShellCheck (when installed), then each test_*.sh script',
  },
  yaml: {
    rules: ['Write the YAML file(s) (*.yml or *.yaml) only; no tests are needed. Use comments to explain non-obvious settings.'],
    checks: 'a YAML parser',
  },
  json: {
    rules: ['Write the JSON file(s) (*.json) only; no tests are needed. JSON has no comments.'],
    checks: 'a JSON parser',
  },
}

const STYLE_GUIDES: Record<CodeStyle, string> = {
  google:
    'the Google style guide for the language (for Python: Google-style docstrings with Args/Returns/Raises, lines up to 80 characters)',
  pep8: 'PEP 8 (lines up to 79 characters)',
  black: 'the black code style (lines up to 88 characters)',
  airbnb: 'the Airbnb JavaScript style guide (2-space indent, single quotes, semicolons, const over let)',
  standard: 'JavaScript Standard Style (2-space indent, single quotes, no semicolons)',
  prettier: "Prettier's default formatting",
}

export interface GenerateTaskPromptInput {
  task: string
  language: TaskLanguage
  requirements: readonly string[]
  maxLines?: number
  style?: CodeStyle
  /** The symbol map of the files already in the output folder; empty when it is empty. */
  symbolMap: string
}

export function generateTaskSystemPrompt(language: TaskLanguage): string {
  const rules = LANGUAGE_RULES[language]
  return [
    `You are Codex Agent's implementer. You write complete, production-quality ${language} code, and its tests, into a workspace folder by calling tools.`,
    '',
    'Tools:',
    '- file_system: read, list, search and write files, or apply a unified-diff patch. Paths are relative to the workspace root and cannot leave it.',
    '- terminal: run a shell command in the workspace root inside a sandbox with no network.',
    '- code_interpreter: run a short JavaScript, TypeScript, Python or Bash snippet in the sandbox.',
    '',
    'How to work:',
    '1. Plan: begin with a short plan (files, functions, tests) in a few lines.',
    '2. Act: write each file with one file_system write; to change a file later, send a patch or write it again.',
    '3. Observe: read tool results; you may run the tests with terminal.',
    `4. Finish: when every file is written, answer with a short summary and no tool call. The work is then verified with ${rules.checks}; if a check fails you receive its output and fix the files.`,
    '',
    'Rules:',
    ...rules.rules.map((rule) => `- ${rule}`),
    '- Handle errors explicitly with clear messages; never leave TODOs, placeholders or elided code.',
    '- Keep secrets out of code: read credentials from parameters or the environment.',
  ].join('\n')
}

export function generateTaskMessage(input: GenerateTaskPromptInput): string {
  const lines = [`Task: ${input.task}`, `Language: ${input.language}`]
  if (input.requirements.length) lines.push('Requirements:', ...input.requirements.map((r) => `- ${r}`))
  const constraints: string[] = []
  if (input.maxLines !== undefined) constraints.push(`- At most ${input.maxLines} lines of code in total, tests not counted.`)
  if (input.style) constraints.push(`- Follow ${STYLE_GUIDES[input.style]}.`)
  if (constraints.length) lines.push('Constraints:', ...constraints)
  lines.push(
    input.symbolMap
      ? `Files already in the workspace, with their public symbols (read one with file_system before changing it):\n${input.symbolMap}`
      : 'The workspace is empty.',
  )
  return lines.join('\n')
}
