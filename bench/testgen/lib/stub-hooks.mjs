// Module hooks (node:module register) for the non-trivial check, registered by stub-exports.mjs: an
// ES-module `import` of one of the package's CommonJS source files from outside the package gets a
// module that re-exports the stub (built on the main thread by globalThis.__testgenStub).
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const MARK = '?testgen-stub'
let files = new Set()

export async function initialize(data) {
  files = new Set(data.urls)
}

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  const parent = context.parentURL?.split('?')[0]
  if (files.has(r.url) && !(parent && files.has(parent))) return { ...r, url: `${r.url}${MARK}`, shortCircuit: true }
  return r
}

const IDENT = /^[A-Za-z_$][\w$]*$/

export async function load(url, context, next) {
  if (!url.endsWith(MARK)) return next(url, context)
  const file = fileURLToPath(url.slice(0, -MARK.length))
  let names = []
  try {
    // The export names, from the real module (loaded here, in the hooks' thread, only to read them).
    const real = createRequire(file)(file)
    if (real && (typeof real === 'object' || typeof real === 'function')) names = Object.keys(real)
  } catch {
    /* the stub has no named exports then */
  }
  names = names.filter((n) => IDENT.test(n) && n !== 'default')
  const source = [
    `const stub = globalThis.__testgenStub(${JSON.stringify(file)})`,
    'export default stub',
    ...names.map((n) => `export const ${n} = stub == null ? undefined : stub[${JSON.stringify(n)}]`),
  ].join('\n')
  return { format: 'module', source, shortCircuit: true }
}
