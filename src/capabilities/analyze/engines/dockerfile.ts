/** The Dockerfile engine: rules match parsed instructions (dockerfile-ast) by keyword and argument regex. */
import { createRequire } from 'node:module'
import type { Rule } from './rule-schema.js'
import type { RawMatch } from './raw-match.js'

// dockerfile-ast is CommonJS; its named exports are not visible to Node's ESM static analysis. Loaded on
// the first Dockerfile: it costs ~25 ms of every start otherwise.
const require = createRequire(import.meta.url)
let parser: typeof import('dockerfile-ast').DockerfileParser | undefined
const dockerfileParser = () => (parser ??= (require('dockerfile-ast') as typeof import('dockerfile-ast')).DockerfileParser)

interface Instruction {
  keyword: string
  args: string
  /** Flags such as `--checksum=sha256:...` or `--mount=type=cache,...`, joined by spaces. */
  flags: string
  line: number
  endLine: number
  endColumn: number
}

export function parseDockerfile(text: string): Instruction[] {
  return dockerfileParser()
    .parse(text)
    .getInstructions()
    .map((i) => {
      const range = i.getRange()
      return {
        keyword: i.getKeyword().toUpperCase(),
        args: i.getArgumentsContent() ?? '',
        // Only some instruction classes (ADD, COPY, RUN, FROM...) carry flags.
        flags:
          'getFlags' in i
            ? (i as { getFlags(): Array<{ toString(): string }> })
                .getFlags()
                .map((f) => f.toString())
                .join(' ')
            : '',
        line: range.start.line + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      }
    })
}

export function runDockerfileRules(instructions: Instruction[], rules: Rule[]): RawMatch[] {
  const matches: RawMatch[] = []
  for (const rule of rules) {
    const matcher = rule.dockerfile
    if (!matcher) continue
    const regex = matcher.regex === undefined ? undefined : new RegExp(matcher.regex, 'i')
    const unless = matcher.unless_flags === undefined ? undefined : new RegExp(matcher.unless_flags, 'i')
    const hits = instructions.filter(
      (i) =>
        (matcher.instruction === '*' || i.keyword === matcher.instruction) &&
        (!regex || regex.test(i.args)) &&
        !(unless && unless.test(i.flags)),
    )
    const at = (i: Instruction): RawMatch => ({
      rule,
      engine: 'dockerfile',
      line: i.line,
      column: 1,
      endLine: i.endLine,
      endColumn: i.endColumn,
    })
    if (matcher.absent) {
      // Only the final stage ends up in the image, so only its instructions count.
      const lastFrom = instructions.filter((i) => i.keyword === 'FROM').at(-1)
      if (lastFrom && !hits.some((i) => i.line > lastFrom.line)) matches.push(at(lastFrom))
    } else {
      matches.push(...hits.map(at))
    }
  }
  return matches
}
