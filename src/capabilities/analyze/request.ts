/** AnalyzeRequest: the one schema behind the CLI flags, the HTTP body, the MCP tool and the library. */
import { z } from 'zod'
import { CATEGORIES, SEVERITIES } from '../../core/finding.js'
import { REQUEST_LANGUAGES } from './languages.js'

/** Accepts `"security"`, `"security|performance"`, `"security,quality"` or an array of them. */
const AnalysisTypes = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(/[|,]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  z.array(z.enum(CATEGORIES)).min(1),
)

const InlineFile = z.strictObject({
  path: z.string().min(1).describe('Path of the file, relative to the workspace; used for reports and language detection'),
  content: z.string().describe('The file content'),
})

export const AnalyzeRequest = z
  .strictObject({
    code: z.string().optional().describe('Source code to analyze (one snippet)'),
    files: z
      .array(z.union([z.string().min(1), InlineFile]))
      .min(1)
      .optional()
      .describe('Files to analyze: workspace-relative paths, or {path, content} objects'),
    path: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('A file or directory (or several) inside the workspace'),
    analysis_type: AnalysisTypes.optional().describe('security|performance|quality|compatibility, one or many; default all'),
    standards: z
      .array(z.string().min(1))
      .optional()
      .describe('Rule sets to apply, e.g. OWASP, CWE, PEP8, performance_best_practices; default all'),
    language: z
      .enum(Object.keys(REQUEST_LANGUAGES) as [string, ...string[]])
      .optional()
      .describe('Language of `code` (detected when omitted)'),
    fail_on: z
      .enum([...SEVERITIES, 'none'])
      .optional()
      .describe('Severity at or above which the result counts as failed (default high)'),
    baseline: z.string().optional().describe('Workspace-relative path of an earlier JSON or SARIF report; only new findings are reported'),
    cache: z.boolean().optional().describe('Use the content-hash cache (default true)'),
  })
  .superRefine((request, ctx) => {
    const given = ['code', 'files', 'path'].filter((k) => request[k as 'code' | 'files' | 'path'] !== undefined)
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given.length === 0 ? ['code'] : [given[1]!],
        message: given.length === 0 ? 'give one of `code`, `files` or `path`' : 'give only one of `code`, `files` or `path`',
      })
    }
  })

export type AnalyzeRequest = z.output<typeof AnalyzeRequest>
