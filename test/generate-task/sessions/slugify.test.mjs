import test from 'node:test'
import assert from 'node:assert/strict'
import { slugify } from './slugify.mjs'

const cases = [
  ['Hello World', 'hello-world'],
  ['  Crème brûlée!  ', 'creme-brulee'],
  ['Rate  limiting & retries', 'rate-limiting-retries'],
]

for (const [title, slug] of cases) {
  test(`slugify(${JSON.stringify(title)})`, () => {
    const actual = slugify(title)
    assert.ok(actual === slug, `slugify(${JSON.stringify(title)}) returned ${JSON.stringify(actual)}, expected ${JSON.stringify(slug)}`)
  })
}

test('rejects a non-string', () => {
  assert.throws(() => slugify(42), { name: 'TypeError', message: /expects a string/ })
})
