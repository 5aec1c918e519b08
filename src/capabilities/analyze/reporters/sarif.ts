/**
 * SARIF 2.1.0 output that GitHub code scanning accepts: rules with short/full descriptions and help,
 * `security-severity`, CWE tags, partialFingerprints, 1-based regions, URIs relative to the repo root.
 */
import type { Finding, Severity } from '../../../core/finding.js'
import type { AnalyzeResult, RuleDescriptor } from '../index.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/** GitHub maps >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' }
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

function ruleToSarif(rule: RuleDescriptor) {
  const tags = [rule.category, ...rule.cwe.map((n) => `external/cwe/cwe-${n}`)]
  if (rule.owasp) tags.push(`external/owasp/${rule.owasp.split(' ')[0]!.toLowerCase()}`)
  if (rule.category === 'security') tags.push('security')
  const helpLines = [sentence(rule.description)]
  if (rule.fix) helpLines.push('', `Fix: ${sentence(rule.fix)}`)
  if (rule.cwe.length) helpLines.push('', `CWE: ${rule.cwe.map((n) => `CWE-${n}`).join(', ')}${rule.owasp ? ` · OWASP ${rule.owasp}` : ''}`)
  if (rule.references.length) helpLines.push('', 'References:', ...rule.references.map((r) => `- ${r}`))
  const properties: Record<string, unknown> = {
    tags: [...new Set(tags)],
    precision: 'high',
    'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
  }
  if (rule.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[rule.severity]
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text: helpLines.join('\n'), markdown: helpLines.join('\n') },
    ...(rule.references[0] ? { helpUri: rule.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties,
  }
}

function resultToSarif(finding: Finding, ruleIndex: number) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: sentence(finding.message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: Math.max(1, finding.line),
            startColumn: Math.max(1, finding.column),
            endLine: Math.max(finding.line, finding.endLine),
            endColumn: Math.max(1, finding.endColumn),
          },
        },
      },
    ],
    ...(finding.flow?.length ? { codeFlows: [codeFlow(finding)] } : {}),
    partialFingerprints: { 'codexFingerprint/v1': finding.fingerprint },
    properties: { severity: finding.severity, confidence: finding.confidence, category: finding.category },
  }
}

/** A taint finding's path from source to sink as one SARIF thread flow. */
function codeFlow(finding: Finding) {
  const flow = finding.flow ?? []
  return {
    message: { text: sentence(`${flow[0]?.message ?? 'Source'} reaches the sink in ${flow.length} step${flow.length === 1 ? '' : 's'}`) },
    threadFlows: [
      {
        locations: flow.map((step, i) => ({
          location: {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(step.file), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, step.line), startColumn: Math.max(1, step.column) },
            },
            message: { text: sentence(step.message) },
          },
          kinds: [i === 0 ? 'source' : i === flow.length - 1 ? 'sink' : 'step'],
          nestingLevel: 0,
          executionOrder: i + 1,
        })),
      },
    ],
  }
}

export function toSarif(result: AnalyzeResult, toolVersion: string) {
  const index = new Map(result.rules.map((r, i) => [r.id, i]))
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Codex Agent',
            semanticVersion: toolVersion,
            version: toolVersion,
            informationUri: 'https://www.npmjs.com/package/codex-agent',
            rules: result.rules.map(ruleToSarif),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${encodeURI(result.root.endsWith('/') ? result.root : `${result.root}/`)}` } },
        results: result.findings.map((f) => resultToSarif(f, index.get(f.ruleId) ?? 0)),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.diagnostics.map((d) => ({
              level: d.kind === 'engine-error' ? 'error' : 'note',
              message: { text: `${d.file}: ${d.message}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  }
}
