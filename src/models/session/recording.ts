/**
 * Session recording (`--record DIR`): every call, in the order calls are made, is written to DIR as
 * `call-0001.json`, `call-0002.json`, ... — the normalized request and the response (or the error),
 * with secrets redacted. Recording into a DIR replaces the session recorded there before.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../core/atomic-write.js'
import { CancelledError, CodexError } from '../../core/errors.js'
import type { GenerateOptions, ModelClient, ModelRequest, ModelResponse } from '../model.js'
import { createRedactor, type Redactor } from '../redact.js'
import { normalizeRequest } from './request-key.js'
import { RECORDING_FILE, RECORDING_FORMAT, recordingFileName, type RecordedCall } from './stored-call.js'

export interface RecordingOptions {
  dir: string
  redactor?: Redactor
}

export function withRecording(inner: ModelClient, options: RecordingOptions): ModelClient {
  const redactor = options.redactor ?? createRedactor()
  let next = 1
  let prepared = false

  const prepare = () => {
    if (prepared) return
    mkdirSync(options.dir, { recursive: true })
    for (const name of readdirSync(options.dir)) if (RECORDING_FILE.test(name)) rmSync(join(options.dir, name))
    prepared = true
  }

  const write = (call: RecordedCall) => {
    writeFileAtomic(join(options.dir, recordingFileName(call.index)), `${JSON.stringify(redactor.value(call), null, 2)}\n`)
  }

  async function generate(request: ModelRequest, callOptions: GenerateOptions = {}): Promise<ModelResponse> {
    prepare()
    // The position is taken when the call starts, so concurrent calls keep the order they were made in.
    const index = next++
    const base = {
      format: RECORDING_FORMAT,
      index,
      ref: inner.ref,
      request: normalizeRequest(request) as unknown as Record<string, unknown>,
    }
    try {
      const response = await inner.generate(request, callOptions)
      write({ ...base, response })
      return response
    } catch (error) {
      if (error instanceof CodexError && !(error instanceof CancelledError)) {
        write({ ...base, error: { code: error.code, message: redactor.text(error.message) } })
      }
      throw error
    }
  }

  return { ref: inner.ref, generate }
}
