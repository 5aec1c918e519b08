// Loaded with `mocha --require` for the non-trivial check (bench/README.md, "## testgen"). Code
// outside the package (the test file) that loads one of the package's source files gets a stub of
// its exports instead, of the same shape. Inside the package, files still load each other for real.
// Two stubs (TESTGEN_STUB_MODE):
//   undefined  every function returns undefined, every other value (constants, data) is undefined
//   opaque     every function returns a new opaque object, every other value is an opaque object
// A test that passes against both asserts nothing that came from the package.
//
// CommonJS `require` goes through Module._load (patched below); an ES-module `import` goes through
// the hooks in stub-hooks.mjs. Only CommonJS package files are stubbed (all five subjects are).
//
//   TESTGEN_STUB_ROOT  the package folder
//   TESTGEN_STUB_FILES JSON array of its source files, relative to the root
import Module, { createRequire, register } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = process.env.TESTGEN_STUB_ROOT
const files = new Set(JSON.parse(process.env.TESTGEN_STUB_FILES ?? '[]').map((f) => resolve(root, f)))
const stubs = new Map() // filename -> the stub of its exports
const realExports = new Map() // filename -> its real exports
const MAX_DEPTH = 4
const KEEP = new Set(['__esModule'])
const OPAQUE = process.env.TESTGEN_STUB_MODE === 'opaque'
/** What a stub function returns and what a stubbed value becomes. */
const stand = (what) => (OPAQUE ? Object.freeze({ testgenStub: what }) : undefined)

function stubFunction(fn, depth, seen) {
  if (seen.has(fn)) return seen.get(fn)
  // Called, it returns stand(); called with `new`, the opaque object or (undefined mode) a bare
  // instance of the stub class.
  const name = fn.name || 'anonymous'
  const stub = function () {
    return stand(`${name}()`)
  }
  seen.set(fn, stub)
  Object.defineProperty(stub, 'name', { value: fn.name })
  Object.defineProperty(stub, 'length', { value: fn.length })
  for (const key of Object.getOwnPropertyNames(fn)) {
    if (['length', 'name', 'prototype', 'arguments', 'caller'].includes(key)) continue
    stub[key] = stubValue(read(fn, key), key, depth + 1, seen)
  }
  const proto = fn.prototype
  if (proto && typeof proto === 'object') {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor') continue
      const d = Object.getOwnPropertyDescriptor(proto, key)
      if (d.get || d.set)
        Object.defineProperty(stub.prototype, key, { get: () => stand(`${name}#${key}`), set: () => {}, configurable: true })
      else stub.prototype[key] = typeof d.value === 'function' ? () => stand(`${name}#${key}()`) : stand(`${name}#${key}`)
    }
  }
  return stub
}

function read(obj, key) {
  try {
    return obj[key]
  } catch {
    return undefined
  }
}

function stubValue(value, key, depth, seen) {
  if (KEEP.has(key)) return value
  if (typeof value === 'function') return stubFunction(value, depth, seen)
  if (value && typeof value === 'object' && depth < MAX_DEPTH) {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return stand(key) // arrays, class instances, maps: data
    if (seen.has(value)) return seen.get(value)
    const out = {}
    seen.set(value, out)
    for (const k of Object.getOwnPropertyNames(value)) out[k] = stubValue(read(value, k), k, depth + 1, seen)
    return out
  }
  return stand(key)
}

// No parent: Node's ES-module loader is loading the file for an `import` in a test that was itself
// loaded with require(esm) (mocha does that on Node >= 20.19; module hooks do not run on that path).
// Node then takes the exports it snapshots at the end of Module.prototype.load, not our return value:
// the extension handler swaps in the stub for that snapshot, and the real exports are put back right
// after for the package's own requires.
let importing
for (const ext of ['.js', '.cjs']) {
  const handler = Module._extensions[ext]
  Module._extensions[ext] = function (module, filename) {
    handler.call(this, module, filename)
    if (filename === importing) module.exports = stubOf(filename, module.exports)
  }
}

const load = Module._load
Module._load = function (request, parent, isMain) {
  let filename
  try {
    filename = Module._resolveFilename(request, parent, isMain)
  } catch {
    return load.apply(this, arguments)
  }
  if (!files.has(filename) || (parent && files.has(parent.filename))) return load.apply(this, arguments)
  const fresh = parent == null && !Module._cache[filename]?.loaded
  if (fresh) importing = filename
  let real
  try {
    real = load.apply(this, arguments)
  } finally {
    importing = undefined
  }
  const stub = stubOf(filename, real)
  if (fresh && real === stub && Module._cache[filename]) {
    real = realExports.get(filename)
    Module._cache[filename].exports = real
  }
  return stub
}

function stubOf(filename, real) {
  if (!stubs.has(filename)) {
    realExports.set(filename, real)
    stubs.set(filename, stubValue(real, '', 0, new Map()))
  }
  return stubs.get(filename)
}

// For stub-hooks.mjs: the real module is loaded as if from inside the package, then stubbed.
globalThis.__testgenStub = (filename) => stubOf(filename, createRequire(filename)(filename))
register('./stub-hooks.mjs', import.meta.url, { data: { urls: [...files].map((f) => pathToFileURL(f).href) } })
