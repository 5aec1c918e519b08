/** Reading and writing .env files: merge, never replace, and keep what a person wrote. */

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)?$/

/** The keys a .env file sets (with their raw values), in order. */
export function readDotenvKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line)
    if (m) keys.set(m[1]!, (m[2] ?? '').trim())
  }
  return keys
}

/** Quotes a value when dotenv parsers would otherwise misread it. */
export function dotenvValue(value: string): string {
  return /^[\w.:/@+\-,]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Masks the values of the given keys, for diffs and logs. */
export function redactKeys(secretKeys: Set<string>): (text: string) => string {
  return (text) =>
    text
      .split('\n')
      .map((line) => {
        const m = LINE.exec(line)
        if (!m || !secretKeys.has(m[1]!) || !m[2]) return line
        return `${m[1]}=<secret, ${m[2].trim().length} characters>`
      })
      .join('\n')
}
