/**
 * The rule file format (documented in docs/rules.md). One YAML file = one rule: metadata, a matcher
 * for one engine (ast-grep `rule`, `dockerfile`, or `metric`), and its own positive/negative cases.
 */
import { z } from 'zod'
import { CATEGORIES, CONFIDENCES, SEVERITIES } from '../../../core/finding.js'
import { DOCUMENT_KINDS, RULE_LANGUAGES } from '../languages.js'

const TestCase = z.union([
  z.string(),
  z.strictObject({
    code: z.string(),
    /** File name the case is analyzed as (selects document kind, e.g. `.github/workflows/ci.yml`). */
    file: z.string().optional(),
  }),
])
export type RuleTestCase = z.infer<typeof TestCase>

const DockerfileMatcher = z.strictObject({
  /** Instruction keyword, e.g. RUN, USER, FROM, ADD; `*` for any. */
  instruction: z.string().transform((s) => s.toUpperCase()),
  /** Regex (JavaScript syntax, case-insensitive) tested against the instruction's arguments. */
  regex: z.string().optional(),
  /** Skip instructions whose flags (e.g. `--checksum=...`, `--mount=type=cache`) match this regex. */
  unless_flags: z.string().optional(),
  /** Report when the file has no matching instruction at all (reported at the last FROM). */
  absent: z.boolean().default(false),
})

export const METRICS = ['function-length', 'cyclomatic-complexity', 'parameter-count', 'unused-import'] as const

const MetricMatcher = z.strictObject({
  name: z.enum(METRICS),
  /** Report when the measured value is greater than this (unused-import ignores it). */
  threshold: z.number().int().nonnegative().default(0),
})

export const RuleFile = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'use lower-case letters, digits and dashes'),
    title: z.string().min(3),
    language: z.enum(RULE_LANGUAGES),
    /** Restrict to YAML/JSON documents of one kind (GitHub Actions workflow, package.json...). */
    document: z.enum(DOCUMENT_KINDS).optional(),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    confidence: z.enum(CONFIDENCES),
    cwe: z.array(z.number().int().positive()).default([]),
    owasp: z.string().optional(),
    /** Rule sets this rule belongs to, selectable with --standards (OWASP, PEP8, ...). */
    standards: z.array(z.string()).default([]),
    message: z.string().min(3),
    fix: z.string().optional(),
    references: z.array(z.string().url()).default([]),
    /**
     * Whole-file conditions (JavaScript regexes, multiline) checked before matching: cheaper and
     * clearer than an `inside: { kind: program, has: ... }` that would re-walk the file per candidate.
     */
    file: z
      .strictObject({
        containing: z.string().optional(),
        not_containing: z.string().optional(),
      })
      .optional(),
    /** ast-grep rule object (https://ast-grep.github.io/reference/rule.html). */
    rule: z.record(z.string(), z.unknown()).optional(),
    constraints: z.record(z.string(), z.unknown()).optional(),
    utils: z.record(z.string(), z.unknown()).optional(),
    dockerfile: DockerfileMatcher.optional(),
    metric: MetricMatcher.optional(),
    tests: z.strictObject({
      positive: z.array(TestCase).min(2, 'give at least 2 positive cases'),
      negative: z.array(TestCase).min(2, 'give at least 2 negative cases'),
    }),
  })
  .superRefine((rule, ctx) => {
    const matchers = [rule.rule, rule.dockerfile, rule.metric].filter((m) => m !== undefined).length
    if (matchers !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one matcher: `rule`, `dockerfile` or `metric`' })
    }
    if (rule.dockerfile && rule.language !== 'dockerfile') {
      ctx.addIssue({ code: 'custom', path: ['dockerfile'], message: 'only for language: dockerfile' })
    }
    if (rule.language === 'dockerfile' && !rule.dockerfile) {
      ctx.addIssue({ code: 'custom', path: ['language'], message: 'dockerfile rules use the `dockerfile` matcher' })
    }
  })

export type RuleFileInput = z.input<typeof RuleFile>
export type Rule = z.output<typeof RuleFile> & { /** Where the rule was loaded from. */ source: string }

/** Default rule-set membership so `--standards OWASP` works without every file listing it. */
export function effectiveStandards(rule: Rule): string[] {
  const standards = new Set(rule.standards.map((s) => s.toLowerCase()))
  if (rule.category === 'security') standards.add('owasp').add('cwe')
  if (rule.category === 'performance') standards.add('performance_best_practices')
  return [...standards]
}
