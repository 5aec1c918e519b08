import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BEGIN_MARK, END_MARK, mergeIntoExisting } from './merge.js'

const generated = [
  "'use strict'",
  "const assert = require('node:assert/strict')",
  "const lib = require('../lib.js')",
  '',
  "describe('lib', () => {})",
  '',
].join('\n')

describe('mergeIntoExisting', () => {
  it('appends the generated tests between markers and keeps the file’s own tests and imports', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'codex-merge-')), 'lib.test.js')
    const own = "const assert = require('node:assert')\nit('mine', () => assert.ok(true))\n"
    writeFileSync(file, own)
    const merged = mergeIntoExisting(file, generated, { testFormat: 'commonjs' })
    expect(merged.startsWith(own.trimEnd())).toBe(true)
    expect(merged).toContain(BEGIN_MARK)
    expect(merged).toContain(END_MARK)
    // `assert` is declared already: redeclaring it would be a syntax error.
    expect(merged.match(/const assert/g)).toHaveLength(1)
    expect(merged).toContain("const lib = require('../lib.js')")
  })

  it('imports only the names the file does not declare yet', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'codex-merge-')), 'lib.test.js')
    writeFileSync(file, "const { it } = require('node:test')\n")
    const merged = mergeIntoExisting(file, "const { describe, it } = require('node:test')\n", { testFormat: 'commonjs' })
    expect(merged).toContain("const { describe } = require('node:test')")
  })

  it('replaces only its own region on the next run', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'codex-merge-')), 'lib.test.js')
    writeFileSync(file, "it('mine', () => {})\n")
    writeFileSync(file, mergeIntoExisting(file, generated, { testFormat: 'commonjs' }) + "\nit('after', () => {})\n")
    const again = mergeIntoExisting(file, generated.replace("describe('lib'", "describe('lib v2'"), { testFormat: 'commonjs' })
    expect(again.match(new RegExp(BEGIN_MARK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))).toHaveLength(1)
    expect(again).toContain("describe('lib v2'")
    expect(again).not.toContain("describe('lib',")
    expect(again).toContain("it('mine'")
    expect(again).toContain("it('after'")
  })
})
