/**
 * The scripted sessions behind the recorded fixtures: what the "model" answers at each turn, sent
 * over the real OpenAI-compatible wire format (Ollama's /v1/chat/completions SSE) by a loopback
 * server, and the CLI flags of the task. The code the model writes lives in sessions/ as real files.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ChatStreamScript } from '../models/servers/openai-chat.js'
import { REPO } from '../helpers/cli.js'

export const RECORDINGS = join(REPO, 'test', 'fixtures', 'recordings')
export const MODEL = 'ollama:qwen2.5-coder:7b'

const source = (name: string) => readFileSync(join(import.meta.dirname, 'sessions', name), 'utf8')

/** One file_system call, its JSON arguments streamed in two pieces as a real server does. */
function fileCall(id: string, args: Record<string, string>) {
  const json = JSON.stringify(args)
  const cut = Math.floor(json.length / 2)
  return { id, name: 'file_system', argumentPieces: [json.slice(0, cut), json.slice(cut)] }
}

export interface Session {
  /** Folder name under test/fixtures/recordings. */
  name: string
  /** `generate --task` flags (without --output, --record, --replay). */
  args: string[]
  /** The same task as the spec's HTTP body. */
  body: Record<string, unknown>
  /** What the model answers, turn by turn; each turn sees the request body. */
  turns: Array<(body: { messages: Array<{ role: string; content?: string }> }) => ChatStreamScript>
  /** Files the session leaves in the output folder. */
  files: string[]
}

const pythonTask = 'Create a token-bucket rate limiter for API clients'
const pythonRequirements = ['thread safety', 'clear errors when the limit is exceeded']

/** Python, verified on the first attempt: a module and its pytest tests. */
export const pythonSession: Session = {
  name: 'generate-python-rate-limiter',
  args: [
    '--task',
    pythonTask,
    '--language',
    'python',
    '--requirements',
    pythonRequirements.join(','),
    '--max-lines',
    '120',
    '--style',
    'google',
  ],
  body: { task: pythonTask, language: 'python', requirements: pythonRequirements, constraints: { max_lines: 120, style: 'google' } },
  turns: [
    () => ({
      flavour: 'ollama',
      model: 'qwen2.5-coder:7b',
      text: [
        'Plan: rate_limiter.py with TokenBucket (a lock around refill and take) and RateLimitError; ',
        'test_rate_limiter.py with a fake clock.',
      ],
      toolCalls: [
        fileCall('call_py_1', { operation: 'write', path: 'rate_limiter.py', content: source('rate_limiter.py') }),
        fileCall('call_py_2', { operation: 'write', path: 'test_rate_limiter.py', content: source('test_rate_limiter.py') }),
      ],
      usage: { prompt: 1450, completion: 980 },
    }),
    () => ({
      flavour: 'ollama',
      model: 'qwen2.5-coder:7b',
      text: ['Done: TokenBucket with try_acquire/acquire, RateLimitError, and five pytest tests including a threaded one.'],
      usage: { prompt: 2500, completion: 30 },
    }),
  ],
  files: ['rate_limiter.py', 'test_rate_limiter.py'],
}

const FIX = [
  '--- a/slugify.mjs',
  '+++ b/slugify.mjs',
  '@@ -11,5 +11,6 @@',
  "     .normalize('NFKD')",
  "     .replace(/[\\u0300-\\u036f]/g, '')",
  '     .toLowerCase()',
  "-    .replace(/[^a-z0-9]/g, '-')",
  "+    .replace(/[^a-z0-9]+/g, '-')",
  "+    .replace(/^-+|-+$/g, '')",
  ' }',
  '',
].join('\n')

const jsTask = 'Create a slugify function for blog post titles'

/** JavaScript, the fix loop: the first attempt fails its tests, the failure goes back, a patch fixes it. */
export const fixLoopSession: Session = {
  name: 'generate-javascript-fix-loop',
  args: [
    '--task',
    jsTask,
    '--language',
    'javascript',
    '--requirements',
    'strip accents,no leading or trailing dashes',
    '--style',
    'standard',
  ],
  body: {
    task: jsTask,
    language: 'javascript',
    requirements: ['strip accents', 'no leading or trailing dashes'],
    constraints: { style: 'standard' },
  },
  turns: [
    () => ({
      flavour: 'ollama',
      model: 'qwen2.5-coder:7b',
      text: ['Plan: slugify.mjs exporting slugify, and slugify.test.mjs with node:test cases.'],
      toolCalls: [
        fileCall('call_js_1', { operation: 'write', path: 'slugify.mjs', content: source('slugify.mjs') }),
        fileCall('call_js_2', { operation: 'write', path: 'slugify.test.mjs', content: source('slugify.test.mjs') }),
      ],
      usage: { prompt: 1300, completion: 420 },
    }),
    () => ({ flavour: 'ollama', model: 'qwen2.5-coder:7b', text: ['Done: slugify with tests.'], usage: { prompt: 1900, completion: 10 } }),
    (body) => {
      const feedback = body.messages.at(-1)?.content ?? ''
      // The server only answers with the fix if it was really told what failed.
      if (!feedback.includes('returned "--creme-brulee---"')) throw new Error(`turn 3 got no test failure: ${feedback}`)
      return {
        flavour: 'ollama',
        model: 'qwen2.5-coder:7b',
        text: ['Repeated separators are not collapsed and the ends are not trimmed; patching.'],
        toolCalls: [fileCall('call_js_3', { operation: 'patch', patch: FIX })],
        usage: { prompt: 2300, completion: 90 },
      }
    },
    () => ({
      flavour: 'ollama',
      model: 'qwen2.5-coder:7b',
      text: ['Fixed: runs of separators become one dash, and dashes at the ends are trimmed.'],
      usage: { prompt: 2500, completion: 20 },
    }),
  ],
  files: ['slugify.mjs', 'slugify.test.mjs'],
}

export const SESSIONS = [pythonSession, fixLoopSession]
