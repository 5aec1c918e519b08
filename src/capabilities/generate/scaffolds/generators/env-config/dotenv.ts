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

/**
 * Masks values in a .env file for diffs and logs: a secret always, and any other value unless this
 * run wrote that very line in the open (a value already in the file may be a credential we know nothing of).
 */
export function redactEnv(secretKeys: Set<string>, shown: Set<string>): (text: string) => string {
  return (text) =>
    text
      .split('\n')
      .map((line) => {
        const m = LINE.exec(line)
        if (!m || !m[2]?.trim() || (shown.has(line) && !secretKeys.has(m[1]!))) return line
        return `${m[1]}=<${secretKeys.has(m[1]!) ? 'secret' : 'redacted'}, ${m[2].trim().length} characters>`
      })
      .join('\n')
}
