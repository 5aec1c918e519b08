// Installs what the test-generation benchmark needs, by name, into bench/.work/testgen/ (git-ignored):
// the pinned tools (mocha, nyc, StrykerJS) and the five subject packages of BENCHMARKS.md §2, each in
// its own folder with its own dependencies.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, sep } from 'node:path'
import { sh } from '../../analyze/lib/proc.mjs'

/**
 * Pinned tools (npm). mocha 11.8.0 is the last 11.x (engines ^18.18 || ^20.9 || >=21.1); mocha 12
 * supports Node ^20.19 too, but @stryker-mutator/mocha-runner 9.6.1 wants mocha ">= 7.2 < 12".
 * nyc 18.0.0: engines "20 || >=22". StrykerJS 9.6.1: engines ">=20.0.0".
 */
export const TOOLS = {
  mocha: '11.8.0',
  nyc: '18.0.0',
  '@stryker-mutator/core': '9.6.1',
  '@stryker-mutator/mocha-runner': '9.6.1',
  'istanbul-lib-coverage': '3.2.2',
}

/**
 * The subjects (BENCHMARKS.md §2). `source` picks the package's own source files (paths relative to
 * the package folder): the files of `--all` coverage, of the non-trivial stub and of mutation. `why`
 * says what was left out. `mutate`, when set, narrows mutation to a documented subset.
 */
export const SUBJECTS = [
  {
    id: 'plural',
    name: 'plural',
    version: '1.1.0',
    source: (f) => f === 'index.js',
    why: 'index.js; not test.js (the package’s own tests)',
  },
  {
    id: 'complex.js',
    name: 'complex.js',
    version: '2.1.1',
    source: (f) => f === 'complex.js',
    why: 'complex.js; not complex.min.js (minified copy of it), tests/, examples/',
  },
  {
    id: 'countries-and-timezones',
    name: 'countries-and-timezones',
    version: '3.3.0',
    source: (f) => f === 'dist/index.js',
    why: 'dist/index.js (the CommonJS main, a Rollup bundle); not esm/index.js (the same code as an ES module) nor the *.min.js copies',
    mutate: codeOutsideDataTables,
  },
  {
    id: 'jsonfile',
    name: 'jsonfile',
    version: '6.1.0',
    source: (f) => f === 'index.js' || f === 'utils.js',
    why: 'index.js, utils.js (all its JavaScript)',
  },
  {
    id: 'pull-stream',
    name: 'pull-stream',
    version: '3.6.14',
    source: (f) => f.endsWith('.js') && !/^(test|benchmarks|docs)\//.test(f),
    why: 'every .js file but test/ and benchmarks/ (index.js, pull.js, sources/, throughs/, sinks/, util/)',
  },
]

/**
 * countries-and-timezones' bundle is 4,158 lines, of which ~3,800 are two data tables (`var
 * countries$1 = {...}` and `var timezones$1 = {...}`): thousands of string-literal mutants that say
 * nothing about tests of the code. Mutation covers the lines before and after the tables (the code:
 * Babel helpers and the library's functions). Returns Stryker `mutate` entries, or undefined when the
 * markers are not where expected (then the whole file is mutated and a note says so).
 */
function codeOutsideDataTables(pkgDir) {
  const lines = readFileSync(join(pkgDir, 'dist/index.js'), 'utf8').split('\n')
  const start = lines.findIndex((l) => /^\s*var countries\$1 = \{/.test(l))
  const end = lines.findIndex((l) => /^\s*var data = \{/.test(l))
  if (start < 1 || end <= start) return undefined
  const last = lines.at(-1) === '' ? lines.length - 1 : lines.length
  return {
    mutate: [`dist/index.js:1-${start}`, `dist/index.js:${end + 1}-${last}`],
    note: `dist/index.js lines 1–${start} and ${end + 1}–${last} (the code); lines ${start + 1}–${end} are the countries and timezones data tables, left out`,
  }
}

const log = (...a) => console.error('[setup]', ...a)
const stampOf = (spec) => spec

/**
 * mocha, the framework the tests are generated for, installed in pkgsDir/node_modules/: the parent
 * folder of every subject, as in a monorepo whose root holds the test tools. A project that uses
 * mocha has it installed, and the generator runs its own validation with the mocha it finds there.
 * (Installing it in the subject's folder would not work: `npm install --omit=dev` prunes it there,
 * since most of the subjects list mocha as a dev dependency.)
 */
export function ensureSharedMocha(pkgsDir, { install = true } = {}) {
  const want = `mocha@${TOOLS.mocha}`
  const stamp = join(pkgsDir, '.installed')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { ok: true }
  if (!install) return { ok: false, note: `${want} is not installed in ${pkgsDir} (run without --skip-install)` }
  mkdirSync(pkgsDir, { recursive: true })
  writeFileSync(join(pkgsDir, 'package.json'), JSON.stringify({ name: 'codex-bench-testgen-subjects', private: true }, null, 2))
  log('npm install', want, `(in ${pkgsDir})`)
  const r = sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', want], { cwd: pkgsDir, timeout: 600_000 })
  if (!r.ok) return { ok: false, note: `npm install ${want} failed: ${r.stderr.slice(-500)}` }
  writeFileSync(stamp, want)
  return { ok: true }
}

/** npm install of the pinned tools into toolsDir (own package.json); a stamp skips a repeat. */
export function ensureTools(toolsDir) {
  const want = JSON.stringify(TOOLS)
  const stamp = join(toolsDir, '.installed')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { ok: true }
  mkdirSync(toolsDir, { recursive: true })
  writeFileSync(join(toolsDir, 'package.json'), JSON.stringify({ name: 'codex-bench-testgen-tools', private: true }, null, 2))
  const specs = Object.entries(TOOLS).map(([n, v]) => `${n}@${v}`)
  log('npm install', specs.join(' '))
  const r = sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...specs], {
    cwd: toolsDir,
    timeout: 900_000,
  })
  if (!r.ok) return { ok: false, note: `npm install of the tools failed: ${r.stderr.slice(-500)}` }
  writeFileSync(stamp, want)
  return { ok: true }
}

/** The tools' entry points and installed versions (from their package.json). */
export function toolPaths(toolsDir) {
  const nm = join(toolsDir, 'node_modules')
  const version = (n) => {
    try {
      return JSON.parse(readFileSync(join(nm, n, 'package.json'), 'utf8')).version
    } catch {
      return undefined
    }
  }
  return {
    ok: ['mocha', 'nyc', '@stryker-mutator/core', '@stryker-mutator/mocha-runner', 'istanbul-lib-coverage'].every((n) =>
      existsSync(join(nm, n, 'package.json')),
    ),
    mocha: join(nm, 'mocha', 'bin', 'mocha.js'),
    nyc: join(nm, 'nyc', 'bin', 'nyc.js'),
    stryker: join(nm, '@stryker-mutator', 'core', 'bin', 'stryker.js'),
    mochaRunner: join(nm, '@stryker-mutator', 'mocha-runner'), // a folder: Stryker wants the resolved entry file
    versions: Object.fromEntries(Object.keys(TOOLS).map((n) => [n, version(n)])),
    require: createRequire(join(toolsDir, 'package.json')),
  }
}

function walk(dir, root = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'codex-tests' || e.name.startsWith('.')) continue
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, root, out)
    else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'))
  }
  return out
}

/**
 * The subject, unpacked from its npm tarball into pkgsDir/<name>/ (the package folder is the project:
 * its files at the top, its dependencies in its own node_modules/, installed with `npm install
 * --omit=dev --ignore-scripts`, optional ones included). Returns { dir, module, sourceFiles, deps, spec }.
 */
export function ensureSubject(subject, pkgsDir, tmpDir, { install = true } = {}) {
  const dir = join(pkgsDir, subject.name)
  const spec = `${subject.name}@${subject.version}`
  const stamp = join(dir, '.complete')
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === stampOf(spec))) {
    if (!install) throw new Error(`${spec} is not installed (run without --skip-install)`)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    mkdirSync(tmpDir, { recursive: true })
    log('npm pack', spec)
    const p = sh('npm', ['pack', spec, '--json', '--pack-destination', tmpDir], { cwd: tmpDir, timeout: 300_000 })
    if (!p.ok) throw new Error(`npm pack ${spec} failed: ${p.stderr.slice(-300)}`)
    const tgz = join(tmpDir, JSON.parse(p.stdout.slice(p.stdout.indexOf('[')))[0].filename)
    const x = sh('tar', ['xzf', tgz, '-C', dir, '--strip-components=1'])
    rmSync(tgz, { force: true })
    if (!x.ok) throw new Error(`tar ${tgz}: ${x.stderr}`)
    const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    if (Object.keys({ ...pj.dependencies, ...pj.optionalDependencies }).length) {
      log('npm install', `(dependencies of ${spec})`)
      const r = sh('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], {
        cwd: dir,
        timeout: 600_000,
      })
      if (!r.ok) throw new Error(`npm install in ${dir} failed: ${r.stderr.slice(-300)}`)
    }
    writeFileSync(stamp, stampOf(spec))
  }
  // The module under test: the package's main entry as require() resolves it (package.json `main`,
  // else index.js).
  const module = createRequire(join(dir, 'noop.js')).resolve(dir)
  const sourceFiles = walk(dir).filter(subject.source).sort()
  const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const deps = {}
  for (const n of Object.keys({ ...pj.dependencies, ...pj.optionalDependencies })) {
    try {
      deps[n] = JSON.parse(readFileSync(join(dir, 'node_modules', n, 'package.json'), 'utf8')).version
    } catch {
      deps[n] = 'not installed'
    }
  }
  return { dir, module, sourceFiles, deps, spec }
}
