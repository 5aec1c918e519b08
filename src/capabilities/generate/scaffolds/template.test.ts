import { describe, expect, it } from 'vitest'
import { evaluateCondition, renderTemplate, TemplateError, words } from './template.js'
import { tsLiteral } from './literal.js'

describe('renderTemplate', () => {
  it('inserts values, with filters', () => {
    expect(
      renderTemplate('t', 'const <%= name | camel %> = <%= url | ts %> // <%= name | pascal %> <%= name | constant %>', {
        name: 'post-card',
        url: "/it's",
      }),
    ).toBe("const postCard = '/it\\'s' // PostCard POST_CARD")
  })

  it('renders an unclosed tag followed by a long run of spaces as text, at once (a user template; it was cubic)', () => {
    const source = `<% ${' '.repeat(20_000)}`
    expect(renderTemplate('t', source, {})).toBe(source)
  })

  it('drops the lines of standalone block tags and keeps inline ones', () => {
    const source = 'a\n  <% if on %>\n  b<% if x %>!<% end %>\n  <% else %>\n  c\n  <% end %>\nd\n'
    expect(renderTemplate('t', source, { on: true, x: false })).toBe('a\n  b\nd\n')
    expect(renderTemplate('t', source, { on: false })).toBe('a\n  c\nd\n')
  })

  it('loops with loop.first/last/index, and nests', () => {
    const source = '<% for f in fields %><%= f.name %><% if !loop.last %>, <% end %><% end %>'
    expect(renderTemplate('t', source, { fields: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] })).toBe('a, b, c')
  })

  it('leaves JSX and GitHub Actions braces alone', () => {
    const source = 'style={{ a: 1 }} ${{ github.ref }}'
    expect(renderTemplate('t', source, {})).toBe(source)
  })

  it('evaluates && (tighter) and ||, with !', () => {
    expect(evaluateCondition('a && !b || c', { a: true, b: true, c: false })).toBe(false)
    expect(evaluateCondition('a && !b || c', { a: true, b: false })).toBe(true)
    expect(evaluateCondition('list', { list: [] })).toBe(false)
    expect(evaluateCondition('x.y', { x: { y: 1 } })).toBe(true)
  })

  it('names the template and line of a mistake', () => {
    expect(() => renderTemplate('route.ts.tpl', 'a\n<%= missing %>', {})).toThrow(/route\.ts\.tpl, line 2: "missing" is not defined/)
    expect(() => renderTemplate('t', '<% if a %>x', {})).toThrow(TemplateError)
    expect(() => renderTemplate('t', '<% end %>', {})).toThrow(/without a block/)
    expect(() => renderTemplate('t', '<%= a | shout %>', { a: 'x' })).toThrow(/unknown filter "shout"/)
    expect(() => renderTemplate('t', '<% while a %>', {})).toThrow(/unknown tag "while"/)
  })
})

describe('helpers', () => {
  it('splits names into words', () => {
    expect(words('PostCard')).toEqual(['Post', 'Card'])
    expect(words('profile-settings_v2')).toEqual(['profile', 'settings', 'v2'])
  })

  it('writes TypeScript literals in house style', () => {
    expect(tsLiteral({ name: 'x', 'two words': [1, true, null], big: 86_400_000 })).toBe(
      "{ name: 'x', 'two words': [1, true, null], big: 86_400_000 }",
    )
  })
})
