// Scores one tool's findings on the advisory packages against labels.json, per (file, line, family).
import { FAMILIES } from '../families.mjs'

export const LINE_TOLERANCE = 2

const labelFile = (l) => `${l.package}@${l.version}/${l.file}`
const familiesOf = (l) => [l.family, ...(l.alsoFamilies ?? [])]

function matches(label, finding) {
  return (
    finding.file === labelFile(label) &&
    finding.family !== undefined &&
    familiesOf(label).includes(finding.family) &&
    Math.abs(finding.line - label.line) <= LINE_TOLERANCE
  )
}

const ratio = (a, b) => (b ? a / b : NaN)
/** F1; a tool with no findings in a family has precision 0 there. Undefined without labels (recall NaN). */
function f1(p, r) {
  if (!Number.isFinite(r)) return NaN
  const pp = Number.isFinite(p) ? p : 0
  return pp + r > 0 ? (2 * pp * r) / (pp + r) : 0
}

/**
 * findings: [{ file: '<pkg>@<ver>/<path>', line, family, ruleId }] (family undefined = not scored).
 * Returns overall and per-family recall / precision / F1, their macro average over the families that
 * have labels, and for each label the rule ids that matched it.
 */
export function score(labels, findings) {
  const labelledFiles = new Set(labels.map(labelFile))
  const scored = findings.filter((f) => f.family !== undefined && labelledFiles.has(f.file))
  const perLabel = labels.map((l) => {
    const hits = scored.filter((f) => matches(l, f))
    return { label: l, matched: hits.length > 0, rules: [...new Set(hits.map((h) => h.ruleId))] }
  })
  const findingIsTp = scored.map((f) => labels.some((l) => matches(l, f)))

  const families = Object.keys(FAMILIES)
  const perFamily = {}
  for (const fam of families) {
    const famLabels = perLabel.filter((x) => x.label.family === fam)
    const famFindings = scored.map((f, i) => ({ f, tp: findingIsTp[i] })).filter((x) => x.f.family === fam)
    if (!famLabels.length && !famFindings.length) continue
    const recall = ratio(famLabels.filter((x) => x.matched).length, famLabels.length)
    const precision = ratio(famFindings.filter((x) => x.tp).length, famFindings.length)
    perFamily[fam] = {
      labels: famLabels.length,
      found: famLabels.filter((x) => x.matched).length,
      findings: famFindings.length,
      truePositives: famFindings.filter((x) => x.tp).length,
      recall,
      precision,
      f1: f1(precision, recall),
    }
  }
  const withLabels = Object.values(perFamily).filter((x) => x.labels > 0)
  const macro = (k) => {
    const vals = withLabels.map((x) => (Number.isFinite(x[k]) ? x[k] : 0))
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN
  }
  const found = perLabel.filter((x) => x.matched).length
  const tp = findingIsTp.filter(Boolean).length
  const recall = ratio(found, labels.length)
  const precision = ratio(tp, scored.length)
  return {
    labels: labels.length,
    found,
    recall,
    scoredFindingsOnLabelledFiles: scored.length,
    truePositiveFindings: tp,
    precision,
    f1: f1(precision, recall),
    macro: { recall: macro('recall'), precision: macro('precision'), f1: macro('f1') },
    perFamily,
    perLabel: perLabel.map((x) => ({
      package: `${x.label.package}@${x.label.version}`,
      file: x.label.file,
      line: x.label.line,
      family: x.label.family,
      matched: x.matched,
      rules: x.rules,
    })),
    falsePositivesSample: scored
      .filter((_, i) => !findingIsTp[i])
      .slice(0, 40)
      .map((f) => `${f.file}:${f.line} ${f.ruleId} (${f.family})`),
  }
}
