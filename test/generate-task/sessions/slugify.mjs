/**
 * Turns a title into a URL slug: lower-case ASCII letters and digits, words joined by single dashes.
 * @param {string} title
 * @returns {string}
 */
export function slugify(title) {
  if (typeof title !== 'string') {
    throw new TypeError(`slugify expects a string, got ${typeof title}`)
  }
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
}
