/**
 * module.register() load hook (runs on Node's loader thread): ES module files of the code under test
 * are returned instrumented; everything else loads as usual.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { instrumentSource, isUnderTest } from './coverage.js'

let root = ''

export function initialize(data: { root: string }): void {
  root = data.root
}

interface LoadContext {
  format?: string | null
}
type NextLoad = (
  url: string,
  context: LoadContext,
) => Promise<{ format?: string | null; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }>

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<unknown> {
  if (!url.startsWith('file:')) return nextLoad(url, context)
  const query = url.indexOf('?')
  const file = fileURLToPath(query >= 0 ? url.slice(0, query) : url)
  const result = await nextLoad(url, context)
  if (result.format !== 'module' || !isUnderTest(file, root)) return result
  const source = await readFile(file, 'utf8')
  try {
    return { format: 'module', source: instrumentSource(source, file, true), shortCircuit: true }
  } catch {
    return result
  }
}
