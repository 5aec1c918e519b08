/**
 * Session replay (`--replay DIR`): a ModelClient that answers from a recorded session, in order,
 * with no model and no network, and fails clearly when a request differs from the recorded one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ModelError } from '../../core/errors.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { createRedactor, type Redactor } from '../redact.js'
import { normalizeRequest, stableStringify } from './request-key.js'
import { RECORDING_FILE, RecordedCallSchema, type RecordedCall } from './stored-call.js'

export interface ReplayOptions {
  dir: string
  /** The model the caller asked for; when given it must be the recorded one. */
  ref?: string
  /** The redactor used when recording, so requests compare in the same form. */
  redactor?: Redactor
}

function loadSession(dir: string): RecordedCall[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    throw new ModelError(
      `Cannot replay: ${dir} cannot be read (${(error as Error).message}). Record a session first with --record ${dir}.`,
      {
        code: 'replay_missing',
      },
    )
  }
  const files = names.filter((name) => RECORDING_FILE.test(name)).sort()
  if (files.length === 0)
    throw new ModelError(
      `Cannot replay: ${dir} holds no recorded calls (call-0001.json, ...). Record a session first with --record ${dir}.`,
      { code: 'replay_missing' },
    )
  return files.map((name) => {
    const file = join(dir, name)
    let json: unknown
    try {
      json = JSON.parse(readFileSync(file, 'utf8'))
    } catch (error) {
      throw new ModelError(`Cannot replay: ${file} is not valid JSON (${(error as Error).message}).`, { code: 'replay_invalid' })
    }
    const parsed = RecordedCallSchema.safeParse(json)
    if (!parsed.success)
      throw new ModelError(`Cannot replay: ${file} is not a recorded call (${parsed.error.issues[0]?.message ?? 'invalid'}).`, {
        code: 'replay_invalid',
      })
    return parsed.data
  })
}

/** The first place two JSON values differ, as a path like `messages[2].content`. */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  path = '',
): { path: string; expected: unknown; actual: unknown } | undefined {
  if (stableStringify(expected) === stableStringify(actual)) return undefined
  const bothObjects =
    expected && actual && typeof expected === 'object' && typeof actual === 'object' && Array.isArray(expected) === Array.isArray(actual)
  if (!bothObjects) return { path: path || '(request)', expected, actual }
  const keys = Array.isArray(expected)
    ? [...Array(Math.max(expected.length, (actual as unknown[]).length)).keys()]
    : [...new Set([...Object.keys(expected), ...Object.keys(actual as object)])].sort()
  for (const key of keys) {
    const childPath = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key
    const found = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], childPath)
    if (found) return found
  }
  return undefined
}

function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > 160 ? `${text.slice(0, 157)}...` : text
}

export function createReplayClient(options: ReplayOptions): ModelClient {
  const session = loadSession(options.dir)
  const recordedRef = session[0]?.ref ?? 'builtin'
  const ref = options.ref ?? recordedRef
  const redactor = options.redactor ?? createRedactor()
  let cursor = 0

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    const call = session[cursor]
    const position = cursor + 1
    if (!call) {
      throw new ModelError(
        `Replay of ${options.dir}: call ${position} was made, but the session recorded only ${session.length} calls. Record it again with --record.`,
        {
          code: 'replay_exhausted',
        },
      )
    }
    cursor++
    if (call.ref !== ref) {
      throw new ModelError(`Replay of ${options.dir}: call ${position} was recorded with ${call.ref}, but this run uses ${ref}.`, {
        code: 'replay_mismatch',
      })
    }
    const actual = redactor.value(normalizeRequest(request))
    const difference = firstDifference(call.request, actual)
    if (difference) {
      throw new ModelError(
        `Replay of ${options.dir}: request ${position} differs from the recording at ${difference.path}: recorded ${preview(difference.expected)}, ` +
          `now ${preview(difference.actual)}. The code or prompts changed since recording; record the session again with --record.`,
        { code: 'replay_mismatch' },
      )
    }
    if (call.error) throw new ModelError(call.error.message, { code: call.error.code })
    const response = call.response as ModelResponse
    if (response.text) callOptions.onDelta?.(response.text)
    return response
  }

  return { ref, generate }
}
