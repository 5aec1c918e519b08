// The vulnerability families the analysis benchmark scores by, and how each tool's output maps to them.
//
// A family is a normalized CWE group (see bench/README.md, "## analyze"). Codex Agent findings carry
// CWE ids and map through CWE_FAMILY; the peers' rule ids map through the tables below. A finding
// whose family is undefined is outside the scored security families (it is counted, not scored).

import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'

/**
 * Family id -> human name and the CWE ids that belong to it: the product's own table
 * (src/capabilities/analyze/families.yml), less `tls`, which the advisory labels do not score.
 */
const productFamilies = parseYaml(readFileSync(new URL('../../src/capabilities/analyze/families.yml', import.meta.url), 'utf8'))
export const FAMILIES = Object.fromEntries(
  Object.entries(productFamilies)
    .filter(([family]) => family !== 'tls')
    .map(([family, { title, cwe }]) => [family, { name: title, cwe }]),
)

/** CWE id -> family id. */
export const CWE_FAMILY = Object.fromEntries(Object.entries(FAMILIES).flatMap(([family, { cwe }]) => cwe.map((id) => [id, family])))

/** Family of a finding from its CWE list (first CWE that maps wins), else undefined. */
export function familyOfCwes(cwes, file = '') {
  for (const c of cwes ?? []) {
    const n = typeof c === 'number' ? c : Number(String(c).replace(/^CWE-/i, ''))
    const family = CWE_FAMILY[n]
    if (!family) continue
    if (CI_FILE.test(file) && (family === 'command-injection' || family === 'code-injection')) return 'ci-injection'
    return family
  }
  return undefined
}

/** CI workflow files: GitHub Actions, GitLab CI. */
export const CI_FILE = /(^|\/)(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml)$/

/**
 * ESLint rule id -> family. Rules not listed (or mapped to undefined) are counted as "other" and not
 * scored. The mapping follows each rule's documentation:
 * - detect-child-process: child_process.exec / require('child_process') -> command injection (CWE-78)
 * - detect-eval-with-expression: eval(expr) -> code injection (CWE-95)
 * - detect-non-literal-require: require(expr) -> code injection (loads and runs attacker-chosen code)
 * - detect-non-literal-fs-filename: fs.*(expr) -> path traversal (CWE-22)
 * - detect-unsafe-regex / detect-non-literal-regexp: super-linear or attacker-built regex -> ReDoS
 * - detect-object-injection: obj[expr] = ... / obj[expr] -> prototype pollution (CWE-915/1321)
 * - detect-pseudoRandomBytes: crypto.pseudoRandomBytes -> weak random (CWE-338)
 * - detect-disable-mustache-escape: escapeMarkup = false -> XSS (CWE-79)
 * - no-unsanitized/method, no-unsanitized/property: innerHTML / insertAdjacentHTML ... -> XSS (CWE-79)
 * - detect-possible-timing-attacks (CWE-208), detect-buffer-noassert, detect-new-buffer,
 *   detect-no-csrf-before-method-override (CWE-352), detect-bidi-characters /
 *   detect-invisible-characters (trojan source): no scored family.
 */
export const ESLINT_RULE_FAMILY = {
  'security/detect-child-process': 'command-injection',
  'security/detect-eval-with-expression': 'code-injection',
  'security/detect-non-literal-require': 'code-injection',
  'security/detect-non-literal-fs-filename': 'path-traversal',
  'security/detect-unsafe-regex': 'redos',
  'security/detect-non-literal-regexp': 'redos',
  'security/detect-object-injection': 'prototype-pollution',
  'security/detect-pseudoRandomBytes': 'weak-random',
  'security/detect-disable-mustache-escape': 'xss',
  'no-unsanitized/method': 'xss',
  'no-unsanitized/property': 'xss',
  'security/detect-possible-timing-attacks': undefined,
  'security/detect-buffer-noassert': undefined,
  'security/detect-new-buffer': undefined,
  'security/detect-no-csrf-before-method-override': undefined,
  'security/detect-bidi-characters': undefined,
  'security/detect-invisible-characters': undefined,
}

/**
 * Bandit test id -> family (Bandit 1.6 prints no CWE; ids from Bandit's plugin and blacklist docs).
 * Unlisted ids (asserts, try/except/pass, bind all interfaces, hard-coded tmp dirs...) are "other".
 */
export const BANDIT_TEST_FAMILY = {
  B102: 'code-injection', // exec_used
  B307: 'code-injection', // eval
  B105: 'secrets', // hardcoded_password_string
  B106: 'secrets', // hardcoded_password_funcarg
  B107: 'secrets', // hardcoded_password_default
  B301: 'deserialization', // pickle
  B302: 'deserialization', // marshal
  B403: 'deserialization', // import pickle
  B506: 'deserialization', // yaml_load
  B303: 'weak-crypto', // md5/sha1
  B304: 'weak-crypto', // insecure ciphers
  B305: 'weak-crypto', // insecure cipher modes
  B324: 'weak-crypto', // hashlib new insecure
  B413: 'weak-crypto', // import pycrypto
  B502: 'weak-crypto', // ssl with bad version
  B503: 'weak-crypto', // ssl with bad defaults
  B504: 'weak-crypto', // ssl with no version
  B505: 'weak-crypto', // weak cryptographic key
  B311: 'weak-random', // random
  B313: 'xxe',
  B314: 'xxe',
  B315: 'xxe',
  B316: 'xxe',
  B317: 'xxe',
  B318: 'xxe',
  B319: 'xxe',
  B320: 'xxe',
  B405: 'xxe',
  B406: 'xxe',
  B407: 'xxe',
  B408: 'xxe',
  B409: 'xxe',
  B410: 'xxe',
  B602: 'command-injection',
  B603: 'command-injection',
  B604: 'command-injection',
  B605: 'command-injection',
  B606: 'command-injection',
  B607: 'command-injection',
  B609: 'command-injection', // linux_commands_wildcard_injection
  B404: 'command-injection', // import subprocess
  B608: 'sql', // hardcoded_sql_expressions
  B610: 'sql',
  B611: 'sql', // django extra / rawsql
  B701: 'xss', // jinja2 autoescape false
  B702: 'xss', // mako templates
  B703: 'xss', // django mark_safe
  B308: 'xss', // mark_safe
  B310: 'ssrf', // urllib urlopen with arbitrary scheme
}

export function familyOfEslintRule(ruleId) {
  return ruleId ? ESLINT_RULE_FAMILY[ruleId] : undefined
}

export function familyOfBanditTest(testId) {
  return BANDIT_TEST_FAMILY[testId]
}
