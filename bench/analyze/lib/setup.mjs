// Installs what the analysis benchmark needs, by name, into bench/.work/ (git-ignored):
// the peers (npm), Bandit and ShellCheck (Debian), and the corpora (npm tarballs, Debian packages).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { has, sh } from './proc.mjs'

/** Pinned peer versions (npm). typescript stays below 6.1 (typescript-eslint 8's peer range). */
export const PEERS = {
  eslint: '10.15.0',
  '@eslint/js': '10.0.1',
  'eslint-plugin-security': '4.1.0',
  'eslint-plugin-no-unsanitized': '4.1.5',
  'typescript-eslint': '8.73.0',
  typescript: '6.0.3',
}

/** The large JS/TS corpus: real npm packages, installed by name (tarball only, no dependencies). */
export const JS_CORPUS = [
  { name: 'typeorm', version: '0.3.27', subdir: undefined, dir: 'typeorm' },
  { name: 'rxjs', version: '7.8.2', subdir: 'src', dir: 'rxjs-src' },
]

/** The large Python corpus and the shell corpus: Debian packages, unpacked with dpkg -x (not installed). */
export const PY_CORPUS = { pkg: 'python3-django', inner: 'usr/lib/python3/dist-packages/django', dir: 'django' }
export const SH_CORPUS = { pkg: 'resource-agents', inner: '.', dir: 'resource-agents' }

const log = (...a) => console.error('[setup]', ...a)

export function ensurePeers(peersDir) {
  const want = JSON.stringify(PEERS)
  const stamp = join(peersDir, '.installed')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { ok: true, versions: PEERS }
  mkdirSync(peersDir, { recursive: true })
  writeFileSync(join(peersDir, 'package.json'), JSON.stringify({ name: 'codex-bench-peers', private: true }, null, 2))
  log(
    'npm install peers',
    Object.entries(PEERS)
      .map(([n, v]) => `${n}@${v}`)
      .join(' '),
  )
  const r = sh(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...Object.entries(PEERS).map(([n, v]) => `${n}@${v}`)],
    { cwd: peersDir },
  )
  if (!r.ok) return { ok: false, note: `npm install of the peers failed: ${r.stderr.slice(-500)}` }
  writeFileSync(stamp, want)
  return { ok: true, versions: PEERS }
}

let aptUpdated = false
function aptAvailable() {
  return has('apt-get') && typeof process.getuid === 'function' && process.getuid() === 0
}
function aptUpdateOnce() {
  if (aptUpdated) return true
  log('apt-get update')
  aptUpdated = sh('apt-get', ['update', '-qq']).ok
  return aptUpdated
}

/** Installs Debian packages whose command is missing. Returns { tool: note } for what stayed missing. */
export function ensureAptTools(tools /* { command: package } */) {
  const missing = {}
  for (const [command, pkg] of Object.entries(tools)) {
    if (has(command)) continue
    if (!aptAvailable()) {
      missing[command] = `${command} missing and apt-get unavailable (not root?): install ${pkg} to include it`
      continue
    }
    aptUpdateOnce()
    log('apt-get install', pkg)
    const r = sh('apt-get', ['install', '-y', '-qq', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (!r.ok || !has(command)) missing[command] = `apt-get install ${pkg} failed: ${r.stderr.slice(-300)}`
  }
  return missing
}

function npmPack(spec, destDir, tmpDir) {
  mkdirSync(tmpDir, { recursive: true })
  const r = sh('npm', ['pack', spec, '--json', '--pack-destination', tmpDir], { cwd: tmpDir })
  if (!r.ok) throw new Error(`npm pack ${spec} failed: ${r.stderr.slice(-300)}`)
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))
  return join(tmpDir, info[0].filename)
}

/** Extracts an npm tarball's package/ (or package/<subdir>) into dest. */
function extractTarball(tgz, dest, subdir) {
  mkdirSync(dest, { recursive: true })
  // The top folder is usually package/ but not always (ejs ships ejs-v3.1.6/): strip it whatever it is.
  const top = sh('tar', ['tzf', tgz]).stdout.split('\n')[0].split('/')[0]
  const args = ['xzf', tgz, '-C', dest, `--strip-components=${subdir ? 2 : 1}`]
  if (subdir) args.push(`${top}/${subdir}`)
  const r = sh('tar', args)
  if (!r.ok) throw new Error(`tar ${tgz}: ${r.stderr}`)
  rmSync(tgz)
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (e.isFile()) out.push(p)
  }
  return out
}
export { walk }

/** The JS/TS corpus. Declaration files and source maps are removed so every tool sees the same code. */
export function ensureJsCorpus(root, tmpDir) {
  const stamp = join(root, '.complete')
  const want = JSON.stringify(JS_CORPUS)
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === want)) {
    rmSync(root, { recursive: true, force: true })
    for (const p of JS_CORPUS) {
      log('npm pack', `${p.name}@${p.version}`)
      extractTarball(npmPack(`${p.name}@${p.version}`, root, tmpDir), join(root, p.dir), p.subdir)
    }
    for (const f of walk(root)) if (/\.d\.[mc]?ts$|\.map$/.test(f)) rmSync(f)
    writeFileSync(stamp, want)
  }
  return { root, inputs: JS_CORPUS.map((p) => `${p.name}@${p.version}${p.subdir ? ` (${p.subdir}/)` : ''}`) }
}

/** Downloads a Debian package (apt-get download, no install) and unpacks it with dpkg -x. */
export function ensureDebCorpus(spec, root, tmpDir) {
  const stamp = join(root, '.complete')
  if (existsSync(stamp)) return { root: join(root, spec.dir), input: readFileSync(stamp, 'utf8') }
  if (!has('apt-get') || !has('dpkg')) return { missing: `apt-get/dpkg unavailable: ${spec.pkg} corpus skipped` }
  mkdirSync(tmpDir, { recursive: true })
  let r = sh('apt-get', ['download', spec.pkg], { cwd: tmpDir })
  if (!r.ok && aptAvailable()) {
    aptUpdateOnce()
    r = sh('apt-get', ['download', spec.pkg], { cwd: tmpDir })
  }
  if (!r.ok) return { missing: `apt-get download ${spec.pkg} failed: ${r.stderr.slice(-300)}` }
  const deb = readdirSync(tmpDir).find((f) => f.startsWith(`${spec.pkg}_`) && f.endsWith('.deb'))
  const version = sh('dpkg-deb', ['-f', join(tmpDir, deb), 'Version']).stdout.trim()
  const unpack = join(tmpDir, `${spec.pkg}-x`)
  rmSync(unpack, { recursive: true, force: true })
  if (!sh('dpkg', ['-x', join(tmpDir, deb), unpack]).ok) return { missing: `dpkg -x ${deb} failed` }
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  renameSync(join(unpack, spec.inner), join(root, spec.dir))
  rmSync(unpack, { recursive: true, force: true })
  rmSync(join(tmpDir, deb))
  const input = `${spec.pkg} ${version} (Debian 12)`
  writeFileSync(stamp, input)
  return { root: join(root, spec.dir), input }
}

/** Files ShellCheck and Codex should see as shell: *.sh / *.bash, or a sh/bash shebang. */
export function shellFiles(root) {
  return walk(root).filter((f) => {
    if (/\.(sh|bash)$/.test(f)) return true
    try {
      if (statSync(f).size === 0) return false
      const head = readFileSync(f, { encoding: 'latin1' }).slice(0, 80).split('\n')[0]
      return /^#!\s*\S*\/(env\s+)?(ba|da|k)?sh\b/.test(head)
    } catch {
      return false
    }
  })
}

/** Every package@version that labels.json names, unpacked under advRoot/<name>@<version>/. */
export function ensureAdvisories(labels, advRoot, tmpDir) {
  const specs = [...new Set(labels.map((l) => `${l.package}@${l.version}`))]
  for (const spec of specs) {
    const dest = join(advRoot, spec)
    if (existsSync(join(dest, '.complete'))) continue
    rmSync(dest, { recursive: true, force: true })
    log('npm pack', spec)
    extractTarball(npmPack(spec, dest, tmpDir), dest)
    writeFileSync(join(dest, '.complete'), spec)
  }
  return specs
}

/** Checks each label: the file exists and its line contains the label's snippet. */
export function verifyLabels(labels, advRoot) {
  const ok = []
  const bad = []
  for (const l of labels) {
    const file = join(advRoot, `${l.package}@${l.version}`, l.file)
    let line
    try {
      line = readFileSync(file, 'utf8').split('\n')[l.line - 1]
    } catch {
      line = undefined
    }
    if (line !== undefined && line.includes(l.snippet)) ok.push(l)
    else bad.push({ ...l, found: line?.slice(0, 160) })
  }
  return { ok, bad }
}

/**
 * ESLint flat config for the peers. Always: eslint-plugin-security and eslint-plugin-no-unsanitized
 * recommended, TypeScript parsed by typescript-eslint's parser. With `recommended`, also ESLint's own
 * recommended rules and typescript-eslint's recommended rules on TS files: what a project typically runs.
 */
const RECOMMENDED = `  { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'], ...require('@eslint/js').configs.recommended },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: TS })),
`
export function writeEslintConfig(file, peersDir, { recommended = false } = {}) {
  const src = `// Generated by bench/analyze/run.mjs: ESLint + eslint-plugin-security + eslint-plugin-no-unsanitized${recommended ? ' + @eslint/js and typescript-eslint recommended' : ''}.
import { createRequire } from 'node:module'
const require = createRequire(${JSON.stringify(pathToFileURL(join(peersDir, 'package.json')).href)})
const security = require('eslint-plugin-security')
const nounsanitized = require('eslint-plugin-no-unsanitized')
const tseslint = require('typescript-eslint')
const TS = ['**/*.{ts,mts,cts,tsx}']
export default [
  { ignores: ['**/node_modules/**'] },
  { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off', noInlineConfig: true } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: TS, languageOptions: { parser: tseslint.parser } },
${recommended ? RECOMMENDED : ''}  security.configs.recommended,
  nounsanitized.configs.recommended,
]
`
  writeFileSync(file, src)
}
