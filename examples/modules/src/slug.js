'use strict'

/**
 * Turns a title into a URL slug: lower case, ASCII letters and digits, words joined by `separator`.
 * @param {string} title
 * @param {{ separator?: string, maxLength?: number }} [options]
 */
function slugify(title, options = {}) {
  if (typeof title !== 'string') throw new TypeError('slugify expects a string title')
  const separator = options.separator === undefined ? '-' : options.separator
  if (separator.length > 1) throw new RangeError('separator must be one character')
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let slug = words.join(separator)
  if (options.maxLength !== undefined && slug.length > options.maxLength) {
    slug = slug.slice(0, options.maxLength)
    if (slug.endsWith(separator)) slug = slug.slice(0, -1)
  }
  return slug
}

/**
 * Shortens text to at most `limit` characters, cutting at a word boundary and adding an ellipsis.
 * @param {string} text
 * @param {number} limit
 */
function truncate(text, limit) {
  if (limit < 1) throw new RangeError('limit must be at least 1')
  if (text.length <= limit) return text
  const cut = text.slice(0, limit - 1)
  const space = cut.lastIndexOf(' ')
  return (space > 0 ? cut.slice(0, space) : cut) + '…'
}

/** Counts words (runs of letters, digits or apostrophes). */
function wordCount(text) {
  const matches = String(text).match(/[\p{L}\p{N}']+/gu)
  return matches === null ? 0 : matches.length
}

module.exports = { slugify, truncate, wordCount }
