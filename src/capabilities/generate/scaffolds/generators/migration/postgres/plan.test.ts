import { describe, expect, it } from 'vitest'
import { renameIdentifier } from './plan.js'

describe('renaming an identifier inside a definition', () => {
  it('renames bare and quoted names, not parts of other names, strings, or function calls', () => {
    expect(renameIdentifier("CHECK ((length(body) < 1000) AND (body <> 'body'))", 'body', 'content')).toBe(
      "CHECK ((length(content) < 1000) AND (content <> 'body'))",
    )
    expect(renameIdentifier('FOREIGN KEY (post_id) REFERENCES posts(id)', 'posts', 'articles')).toBe(
      'FOREIGN KEY (post_id) REFERENCES articles(id)',
    )
    expect(renameIdentifier('CREATE INDEX x ON t USING btree ("Body", lower(name))', 'Body', 'text')).toBe(
      'CREATE INDEX x ON t USING btree (text, lower(name))',
    )
    expect(renameIdentifier('CHECK (lower(x) = x)', 'lower', 'upper')).toBe('CHECK (lower(x) = x)')
    expect(renameIdentifier('UNIQUE (user_id)', 'user', 'member')).toBe('UNIQUE (user_id)')
  })
})
