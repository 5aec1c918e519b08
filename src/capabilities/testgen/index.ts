/**
 * The test-generation capability. Per module: mine the source for inputs, explore the API in the
 * sandbox under Istanbul coverage, replay what was kept in fresh copies of the module (own coverage,
 * stable outcomes), keep a small covering set, write the tests for the framework, run them 5 times
 * with that framework in the sandbox, drop any that fail, and merge the survivors into the test file.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative, sep } from 'node:path'
import type { Capability } from '../../core/capability.js'
import { throwIfCancelled, type Context } from '../../core/context.js'
import { UserInputError } from '../../core/errors.js'
import { writeFileAtomic } from '../../core/atomic-write.js'
import { resolveInsideWorkspace } from '../analyze/discover.js'
import { changedModules } from './changed-files.js'
import { runExplorer } from './explorer-process.js'
import { dependencyFolders } from '../../sandbox/index.js'
import { resolveRunner, runTestFile } from './frameworks.js'
import { mergeIntoExisting } from './writer/merge.js'
import { describeModule, type ModuleLayout } from './module-layout.js'
import type { ApiMember, CoverageKey, ExplorerJob, ExplorerMessage, FileCoverageTotals, TestCase } from './plan.js'
import { TestgenRequest } from './request.js'
import { mineSourceFacts } from './source-facts.js'
import { renderTestFile, type Framework } from './writer/render.js'
import { minimize } from './minimize.js'
import { proposeCases, testModel } from './model-assist.js'
import type { ModelClient } from '../../models/index.js'

export { TestgenRequest } from './request.js'

export interface CoverageSummary {
  statements: number
  branches: number
  functions: number
  lines: number
}

export interface ModuleTestResult {
  /** Workspace-relative path of the module under test. */
  module: string
  /** Workspace-relative path of the test file (written, or that would be written). */
  testFile: string
  framework: Framework
  tests: number
  /** Whether the tests were run with the framework (5 times in a row, all passing). */
  validated: boolean
  /** Tests dropped because they failed or flickered when run with the framework. */
  dropped: number
  written: boolean
  /** Istanbul coverage of the module's files by the kept tests (percent). */
  coverage: CoverageSummary
  /** Lines no kept test runs (Istanbul's line coverage), per file, e.g. "12-14, 30". */
  uncovered: { file: string; lines: string }[]
  explored: { calls: number; stopped: string }
  /** The test file's content (always for `write: false`). */
  content?: string
  warnings: string[]
}

export interface TestgenResult {
  files: ModuleTestResult[]
  durationMs: number
}

/** Validation: the whole file must pass this many runs in a row. */
const VALIDATION_RUNS = 5
const MAX_TESTS = 250

export const testgenCapability: Capability<typeof TestgenRequest, TestgenResult> = {
  name: 'test',
  description:
    'Generate unit tests for JavaScript modules: explores the API offline under coverage, keeps inputs that cover new code, and writes tests with real assertions for vitest, jest, node:test or mocha; every kept test passed 5 runs.',
  request: TestgenRequest,
  async run(request, ctx) {
    const started = Date.now()
    const modules = await modulesToTest(request, ctx)
    if (request.out && modules.length > 1)
      throw new UserInputError('"out" names one test file, but more than one module was given; omit "out" or give one module.', {
        field: 'out',
      })
    const files: ModuleTestResult[] = []
    for (const [index, module] of modules.entries()) {
      throwIfCancelled(ctx.signal)
      ctx.emit({ type: 'progress', step: 'modules', done: index, total: modules.length, item: relative(ctx.workspace, module.path) })
      files.push(await generateForModule(module, request, ctx))
    }
    ctx.emit({ type: 'progress', step: 'modules', done: modules.length, total: modules.length })
    return { files, durationMs: Date.now() - started }
  },
  summarize(result) {
    return {
      modules: result.files.length,
      tests: result.files.reduce((sum, file) => sum + file.tests, 0),
      files: result.files.map((file) => ({
        module: file.module,
        tests: file.tests,
        statements: file.coverage.statements,
        branches: file.coverage.branches,
      })),
    }
  },
}

interface ModuleInput {
  path: string
  /** For `code`: a scratch folder to delete afterwards. */
  scratch?: string
}

async function modulesToTest(request: TestgenRequest, ctx: Context): Promise<ModuleInput[]> {
  const sources = [request.files ? 1 : 0, request.code ? 1 : 0, request.changed_files ? 1 : 0].reduce((a, b) => a + b, 0)
  if (sources !== 1) throw new UserInputError('Give exactly one of "files", "code" or "changed_files".', { field: 'files' })
  if (request.code) {
    // The snippet becomes a module in a scratch folder inside the workspace (the sandbox sees only the workspace).
    const scratch = join(ctx.workspace, '.codex', 'tmp', `test-${ctx.runId}`)
    mkdirSync(scratch, { recursive: true })
    const esm = /^\s*(import|export)\s/m.test(request.code)
    const file = join(scratch, esm ? 'snippet.mjs' : 'snippet.js')
    writeFileSync(file, request.code)
    return [{ path: file, scratch }]
  }
  const paths = request.changed_files ? await changedModules(ctx.workspace) : (request.files ?? [])
  if (request.changed_files && paths.length === 0) return []
  return paths.map((path) => {
    const absolute = resolveInsideWorkspace(ctx.workspace, path)
    if (!existsSync(absolute) || !statSync(absolute).isFile())
      throw new UserInputError(`"${path}" is not a file; give the path of a JavaScript module.`, { field: 'files' })
    if (!/\.(c|m)?jsx?$/.test(absolute)) {
      throw new UserInputError(
        `"${path}" is not a JavaScript module (.js, .cjs, .mjs, .jsx); for TypeScript, point at the compiled JavaScript.`,
        { field: 'files' },
      )
    }
    if (/\.(test|spec)\.(c|m)?jsx?$/.test(absolute))
      throw new UserInputError(`"${path}" is a test file; give the module it tests.`, { field: 'files' })
    return { path: absolute }
  })
}

async function generateForModule(input: ModuleInput, request: TestgenRequest, ctx: Context): Promise<ModuleTestResult> {
  const deadline = Date.now() + request.budget_ms
  const warnings: string[] = []
  try {
    const layout = describeModule(input.path, ctx.workspace, request.out, request.framework)
    const include = {
      edgeCases: request.edge_cases || request.include.includes('edge-cases'),
      errorHandling: request.include.includes('error-handling'),
    }
    const facts = mineSourceFacts(input.path, layout.relatedFiles)
    // Exploration gets most of the budget; replay and the framework runs share the rest.
    const exploreBudget = Math.max(1500, Math.round(request.budget_ms * 0.6))
    ctx.emit({ type: 'step.started', step: 'explore', detail: relative(ctx.workspace, input.path) })
    const explored = await explore(input.path, layout.root, request, facts, include, exploreBudget, ctx, warnings)
    ctx.emit({ type: 'step.started', step: 'replay', detail: `${explored.cases.length} candidate tests` })
    const replayed = await replay(input.path, layout.root, request, facts, include, explored.cases.slice(0, 600), ctx, warnings)
    const api = explored.api
    const model = testModel(ctx.config, ctx.workspace, request.model, ctx)
    if (model) {
      const assisted = await modelAssist(model, input.path, layout.root, api, replayed, request, facts, include, ctx, warnings)
      replayed.cases.push(...assisted)
    }
    // A module that is a class reads best under the class's own name (`new Complex(1, 2)`).
    const mainClass = api.find((member) => member.path.length === 0 && member.kind === 'class')
    if (mainClass && /^[A-Z][\w$]*$/.test(mainClass.name)) layout.render.binding = mainClass.name
    const renderOptions = { ...layout.render, api, seed: request.seed }
    // Only cases that make a test (something to assert) compete for a place in the suite.
    const pool = replayed.cases.filter((c) => renderTestFile([c.testCase], renderOptions).tests.length === 1)
    const rejected = new Set<number>()
    let selected: number[] = []
    let rendered = renderTestFile([], renderOptions)
    // The smallest set of cases covering what all of them cover; a case the framework rejects is
    // replaced by the next best ones.
    const select = (): void => {
      const candidates = pool.map((c, index) => ({ ...c, index })).filter((c) => !rejected.has(c.index))
      selected = minimize(candidates, MAX_TESTS).map((c) => c.index)
      rendered = renderTestFile(
        selected.map((i) => (pool[i] as (typeof pool)[number]).testCase),
        renderOptions,
      )
    }
    select()
    let validated = false
    let dropped = 0
    const runner = resolveRunner(layout.render.framework, layout.projectRoot)
    if (!runner) {
      warnings.push(
        `${layout.render.framework} is not installed for ${relative(ctx.workspace, layout.projectRoot) || 'the workspace'}; the tests were checked by replaying them in the sandbox, not run with ${layout.render.framework} (install it and run again to check them).`,
      )
    } else if (rendered.tests.length > 0) {
      ctx.emit({
        type: 'step.started',
        step: 'validate',
        detail: `${rendered.tests.length} tests × ${VALIDATION_RUNS} runs with ${layout.render.framework}`,
      })
      const outcome = await validate(
        layout,
        runner,
        () => rendered,
        (failing) => {
          for (const test of rendered.tests) {
            if (!failing.has(test.fullTitle)) continue
            rejected.add(selected[test.caseIndex] as number)
            dropped++
            if (dropped <= 5) warnings.push(`Dropped a test that failed when run with ${layout.render.framework}: "${test.title}"`)
          }
          select()
        },
        deadline,
        ctx,
      )
      validated = outcome.validated
      if (outcome.problem) warnings.push(outcome.problem)
    }
    const coveredKeys = new Set<CoverageKey>()
    for (const test of rendered.tests) for (const key of pool[selected[test.caseIndex] as number]?.covers ?? []) coveredKeys.add(key)
    const coverage = summarizeCoverage(replayed.totals, coveredKeys)
    const uncovered = uncoveredLines(replayed.totals, coveredKeys)
    let written = false
    let content = rendered.text
    if (rendered.tests.length === 0) warnings.push('No test was kept: every call either failed to run or gave nothing to assert.')
    let testFile = layout.testFile
    if (existsSync(testFile) && rendered.tests.length > 0) {
      content = mergeIntoExisting(testFile, rendered.text, layout.render)
      // The file's own code shares a scope with ours now: check the merged file once before writing it.
      const merged = runner ? await checkMerged(layout, runner, content, rendered.tests, ctx) : true
      if (!merged) {
        testFile = join(dirname(testFile), basename(testFile).replace(/(\.(test|spec))?(\.(c|m)?[jt]sx?)$/, '.codex$1$3'))
        content = rendered.text
        warnings.push(
          `The tests did not run inside ${relative(ctx.workspace, layout.testFile)} (its own code clashes with them); they went to ${relative(ctx.workspace, testFile)} instead.`,
        )
      }
    }
    if (request.write && !input.scratch && rendered.tests.length > 0) {
      writeFileAtomic(testFile, content)
      written = true
      ctx.emit({ type: 'artifact', path: relative(ctx.workspace, testFile), kind: 'test', bytes: Buffer.byteLength(content) })
    }
    return {
      module: relative(ctx.workspace, input.path).split(sep).join('/'),
      testFile: relative(ctx.workspace, testFile).split(sep).join('/'),
      framework: layout.render.framework,
      tests: rendered.tests.length,
      validated,
      dropped,
      written,
      coverage,
      uncovered,
      explored: { calls: explored.tried, stopped: explored.stopped },
      ...(request.write && !input.scratch ? {} : { content }),
      warnings,
    }
  } finally {
    if (input.scratch) rmSync(input.scratch, { recursive: true, force: true })
  }
}

interface Explored {
  cases: TestCase[]
  api: ApiMember[]
  tried: number
  stopped: string
}

async function explore(
  modulePath: string,
  root: string,
  request: TestgenRequest,
  facts: ExplorerJob['facts'],
  include: ExplorerJob['include'],
  budgetMs: number,
  ctx: Context,
  warnings: string[],
): Promise<Explored> {
  const end = Date.now() + budgetMs
  const cases: TestCase[] = []
  let api: ApiMember[] = []
  let tried = 0
  let stopped = 'budget spent'
  // A crash (the code under test can abort the process) restarts the search with the next seed.
  for (let attempt = 0; attempt < 3 && end - Date.now() > 1000; attempt++) {
    const job: ExplorerJob = {
      mode: 'explore',
      modulePath,
      root,
      seed: request.seed + attempt,
      budgetMs: end - Date.now(),
      coverageTarget: request.coverage_target,
      include,
      facts,
    }
    const run = await runExplorer(job, ctx.workspace, (message) => onExplorerMessage(message, ctx), ctx.signal)
    for (const message of run.messages) {
      if (message.type === 'case') cases.push(message.case)
      else if (message.type === 'api' && api.length === 0) api = message.members
      else if (message.type === 'done') {
        tried += message.tried
        stopped = message.reason
      }
    }
    warnings.push(...run.warnings.filter((w) => !warnings.includes(w)))
    if (!run.failure) break
    if (api.length === 0)
      throw new UserInputError(`Could not load ${relative(ctx.workspace, modulePath)} to test it: ${run.failure}`, { field: 'files' })
    warnings.push(`The search restarted after: ${run.failure.split('\n')[0] ?? run.failure}`)
    stopped = 'the explorer stopped early'
  }
  return { cases, api, tried, stopped }
}

function onExplorerMessage(message: ExplorerMessage, ctx: Context): void {
  if (message.type === 'progress') {
    ctx.emit({
      type: 'progress',
      step: 'explore',
      done: Math.round(message.statements),
      total: 100,
      item: `${message.kept} tests, ${message.statements}% statements, ${message.branches}% branches`,
    })
  }
}

/**
 * When the search left code uncovered and a model is configured: the model proposes calls for the
 * uncovered lines; they are replayed like any case and only those that add coverage are returned.
 */
async function modelAssist(
  model: ModelClient,
  modulePath: string,
  root: string,
  api: ApiMember[],
  replayed: Replayed,
  request: TestgenRequest,
  facts: ExplorerJob['facts'],
  include: ExplorerJob['include'],
  ctx: Context,
  warnings: string[],
): Promise<Replayed['cases']> {
  const covered = new Set(replayed.cases.flatMap((c) => c.covers))
  const moduleFile = relative(root, modulePath)
  const totals = replayed.totals.find((file) => file.file === moduleFile)
  if (!totals) return []
  const pct = summarizeCoverage([totals], covered)
  if (pct.statements >= request.coverage_target && pct.branches >= request.coverage_target) return []
  // Lines holding any statement no case ran (`if (x) return y` with only the `if` run counts).
  const uncoveredLines = new Set(
    Object.entries(totals.statementLines)
      .filter(([id]) => !covered.has(`${moduleFile}:s${id}`))
      .map(([, line]) => line),
  )
  ctx.emit({
    type: 'step.started',
    step: 'model',
    detail: `asking ${model.ref} for inputs that reach ${uncoveredLines.size} uncovered lines`,
  })
  let proposals: TestCase[]
  try {
    proposals = await proposeCases(model, { source: readFileSync(modulePath, 'utf8'), api, uncoveredLines, binding: 'module' }, ctx.signal)
  } catch (error) {
    warnings.push(
      `The model could not propose inputs (${(error as Error).message.split('\n')[0] ?? ''}); the tests come from the offline search only.`,
    )
    return []
  }
  if (proposals.length === 0) return []
  const result = await replay(modulePath, root, request, facts, include, proposals, ctx, warnings)
  const gained = result.cases.filter((c) => c.covers.some((key) => !covered.has(key)))
  warnings.push(
    `${model.ref} proposed ${proposals.length} calls; ${result.cases.length} ran and gave a stable outcome, ${gained.length} added coverage.`,
  )
  return gained
}

interface Replayed {
  cases: { testCase: TestCase; covers: CoverageKey[] }[]
  totals: FileCoverageTotals[]
}

async function replay(
  modulePath: string,
  root: string,
  request: TestgenRequest,
  facts: ExplorerJob['facts'],
  include: ExplorerJob['include'],
  cases: TestCase[],
  ctx: Context,
  warnings: string[],
): Promise<Replayed> {
  if (cases.length === 0) return { cases: [], totals: [] }
  const job: ExplorerJob = {
    mode: 'replay',
    modulePath,
    root,
    seed: request.seed,
    budgetMs: 60_000,
    coverageTarget: request.coverage_target,
    include,
    facts,
    cases,
  }
  const run = await runExplorer(job, ctx.workspace, () => undefined, ctx.signal)
  if (run.failure) warnings.push(`Replaying the tests stopped early: ${run.failure.split('\n')[0] ?? ''}`)
  const out: Replayed = { cases: [], totals: [] }
  for (const message of run.messages) {
    if (message.type === 'replayed' && message.case) out.cases.push({ testCase: message.case, covers: message.covers })
    if (message.type === 'coverage') out.totals = message.files
  }
  return out
}

/** A file beside the test file (relative imports resolve the same), named so frameworks pick it up. */
function scratchTestFile(testFile: string): string {
  const ext = extname(testFile)
  return join(
    dirname(testFile),
    `${basename(testFile, ext).replace(/\.(test|spec)$/, '')}.codex-check-${process.pid}-${Date.now()}.test${ext}`,
  )
}

/** One framework run of `text` as the test file, in the sandbox: which of `titles` passed and failed. */
async function runOnce(layout: ModuleLayout, runner: string, text: string, deadline: number, ctx: Context) {
  const file = scratchTestFile(layout.testFile)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
  try {
    return await runTestFile({
      framework: layout.render.framework,
      runner,
      file,
      projectRoot: layout.projectRoot,
      workspace: ctx.workspace,
      timeoutMs: Math.max(20_000, Math.min(120_000, deadline - Date.now() + 30_000)),
      readOnlyPaths: dependencyFolders(dirname(runner), ctx.workspace).concat(dependencyFolders(layout.projectRoot, ctx.workspace)),
      signal: ctx.signal,
    })
  } finally {
    rmSync(file, { force: true })
  }
}

async function checkMerged(
  layout: ModuleLayout,
  runner: string,
  text: string,
  tests: readonly { fullTitle: string }[],
  ctx: Context,
): Promise<boolean> {
  const report = await runOnce(layout, runner, text, Date.now() + 30_000, ctx)
  return tests.every((test) => report.passed.has(test.fullTitle))
}

/** Runs the file until it passes VALIDATION_RUNS times in a row, dropping the tests that fail. */
async function validate(
  layout: ModuleLayout,
  runner: string,
  current: () => ReturnType<typeof renderTestFile>,
  drop: (failing: Set<string>) => void,
  deadline: number,
  ctx: Context,
): Promise<{ validated: boolean; problem?: string }> {
  let streak = 0
  let runs = 0
  while (streak < VALIDATION_RUNS && runs < VALIDATION_RUNS * 3) {
    throwIfCancelled(ctx.signal)
    const file = current()
    if (file.tests.length === 0) return { validated: true }
    const report = await runOnce(layout, runner, file.text, deadline, ctx)
    runs++
    const expected = new Set(file.tests.map((t) => t.fullTitle))
    const failing = new Set([...report.failed].filter((title) => expected.has(title)))
    // A test the framework did not report (it never ran) counts as failing.
    for (const title of expected) if (!report.passed.has(title) && !report.failed.has(title)) failing.add(title)
    if (report.problem && report.passed.size === 0) {
      return { validated: false, problem: `The generated tests could not be run with ${layout.render.framework}: ${report.problem}` }
    }
    ctx.emit({
      type: 'progress',
      step: 'validate',
      done: streak + 1,
      total: VALIDATION_RUNS,
      item: `${expected.size - failing.size}/${expected.size} passed`,
    })
    if (failing.size === 0) streak++
    else {
      drop(failing)
      streak = 0
    }
  }
  return streak >= VALIDATION_RUNS
    ? { validated: true }
    : { validated: false, problem: 'Some tests kept failing when run with the framework; they were dropped.' }
}

function summarizeCoverage(totals: readonly FileCoverageTotals[], keys: ReadonlySet<CoverageKey>): CoverageSummary {
  let statements = 0
  let branches = 0
  let functions = 0
  let lines = 0
  let coveredStatements = 0
  let coveredBranches = 0
  let coveredFunctions = 0
  let coveredLines = 0
  for (const file of totals) {
    statements += file.statements
    branches += file.branches
    functions += file.functions
    lines += file.lines
    const fileLines = new Set<number>()
    for (const [id, line] of Object.entries(file.statementLines)) if (keys.has(`${file.file}:s${id}`)) fileLines.add(line)
    coveredLines += fileLines.size
    for (const key of keys) {
      if (!key.startsWith(`${file.file}:`)) continue
      const rest = key.slice(file.file.length + 1)
      if (rest.startsWith('s')) coveredStatements++
      else if (rest.startsWith('b')) coveredBranches++
      else if (rest.startsWith('f')) coveredFunctions++
    }
  }
  const pct = (covered: number, total: number) => (total === 0 ? 100 : Math.round((1000 * covered) / total) / 10)
  return {
    statements: pct(coveredStatements, statements),
    branches: pct(coveredBranches, branches),
    functions: pct(coveredFunctions, functions),
    lines: pct(coveredLines, lines),
  }
}

function uncoveredLines(totals: readonly FileCoverageTotals[], keys: ReadonlySet<CoverageKey>): { file: string; lines: string }[] {
  const out: { file: string; lines: string }[] = []
  for (const file of totals) {
    // As Istanbul counts lines: a line is covered when any statement starting on it ran.
    const covered = new Set(
      Object.entries(file.statementLines)
        .filter(([id]) => keys.has(`${file.file}:s${id}`))
        .map(([, line]) => line),
    )
    const lines = [...new Set(Object.values(file.statementLines))].filter((line) => !covered.has(line)).sort((a, b) => a - b)
    if (lines.length > 0) out.push({ file: file.file.split(sep).join('/'), lines: ranges(lines) })
  }
  return out
}

/** [1, 2, 3, 7] → "1-3, 7" */
function ranges(lines: readonly number[]): string {
  const parts: string[] = []
  let start = lines[0] as number
  let previous = start
  for (const line of [...lines.slice(1), Number.NaN]) {
    if (line === previous + 1) {
      previous = line
      continue
    }
    parts.push(start === previous ? String(start) : `${start}-${previous}`)
    start = line
    previous = line
  }
  return parts.join(', ')
}
