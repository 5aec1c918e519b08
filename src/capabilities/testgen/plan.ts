/**
 * The data a test is made of, shared by the explorer (which runs the code, in the sandbox) and the
 * writers (which turn it into vitest, jest, node:test or mocha source). Everything here is plain JSON:
 * it crosses a process boundary.
 *
 * A test is a short sequence of steps (Arrange) ending in the call under test (Act), plus what that
 * call did (the outcome, from which the Assert part is written).
 */

/** A path into the module's exports: `[]` is the module itself, `['default', 'getCountry']` a member. */
export type ExportPath = string[]

/** A value that can be written as a JavaScript literal (after `decodeLiteral`). */
export type Literal =
  | null
  | boolean
  | number
  | string
  | Literal[]
  | { [key: string]: Literal }
  | { $undefined: true }
  | { $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $regexp: string; flags: string }
  | { $bigint: string }

/** Function values the explorer can pass where a callback or an operation is expected. */
export const FUNCTION_ARGS = {
  identity: '(value) => value',
  double: '(value) => value * 2',
  isTruthy: '(value) => Boolean(value)',
  alwaysFalse: '() => false',
  throws: "() => { throw new Error('callback failure') }",
  nodeCallback: '(value, callback) => callback(null, value)',
} as const satisfies Record<string, string>
export type FunctionArgName = keyof typeof FUNCTION_ARGS

/** One argument of a step. */
export type Arg =
  | { kind: 'literal'; value: Literal }
  /** The value an earlier step produced. */
  | { kind: 'step'; step: number }
  /** A member of the module, e.g. a constant object or a class. */
  | { kind: 'export'; path: ExportPath }
  | { kind: 'function'; name: FunctionArgName }
  /** A function that records how it was called; its calls are part of the outcome. */
  | { kind: 'recorder' }
  /** The path of a file the test creates first in a temporary folder (see FIXTURE_FILES). */
  | { kind: 'fixture'; name: FixtureName }

/** Files a test can use, created fresh by the test in its own temporary folder. */
export const FIXTURE_FILES = {
  'data.json': '{\n  "name": "codex",\n  "count": 3,\n  "tags": ["a", "b"]\n}\n',
  'list.json': '[1, 2, 3]\n',
  'bom.json': '\uFEFF{"bom": true}\n',
  'invalid.json': '{ "name": "codex", \n',
  'empty.txt': '',
  'text.txt': 'hello\nworld\n',
  /** A folder: reading it as a file fails with EISDIR. */
  folder: { folder: true },
  /** Never created: a path that does not exist. */
  'missing.json': null,
  /** Never created: a path the code under test may write to. */
  'output.json': null,
} as const
export type FixtureName = keyof typeof FIXTURE_FILES

export type Callee =
  /** A function of the module (or the module itself when the path is empty). */
  | { kind: 'export'; path: ExportPath }
  /** A method of the object an earlier step produced. */
  | { kind: 'method'; step: number; name: string }
  /** The function an earlier step returned. */
  | { kind: 'value'; step: number }

export interface Step {
  callee: Callee
  /** `new Callee(...)` rather than a call. */
  construct: boolean
  args: Arg[]
  /** An arrange step whose result was a promise: the test awaits it. */
  awaited?: boolean
}

/** A description of a value produced by the code under test, precise enough to assert on. */
export type Shape =
  | { kind: 'literal'; value: Literal }
  | { kind: 'array'; length: number; items: Shape[] }
  | { kind: 'object'; ctor: string | null; keys: number; entries: [string, Shape][] }
  | { kind: 'function'; name: string; length: number }
  | { kind: 'error'; ctor: string; message: string; code?: string }
  | { kind: 'buffer'; length: number; text: string | null }
  | { kind: 'date'; iso: string | null }
  | { kind: 'map'; size: number; entries: [Shape, Shape][] }
  | { kind: 'set'; size: number; items: Shape[] }
  /** The same object as an export of the module (e.g. a chainable `return plural`). */
  | { kind: 'export'; path: ExportPath }
  /** The same object as an argument (a function returning its input). */
  | { kind: 'argument'; index: number }
  /** Something we do not assert on: a value that changes between runs, or one we cannot describe. */
  | { kind: 'opaque'; type: string }

export type Outcome =
  | { kind: 'returned'; value: Shape }
  | { kind: 'threw'; error: Shape }
  | { kind: 'resolved'; value: Shape }
  | { kind: 'rejected'; error: Shape }

export interface TestCase {
  /** Arrange steps first; the last step is the one under test. */
  steps: Step[]
  outcome: Outcome
  /** The calls each recorder argument of the last step received: [argument index, calls]. */
  callbacks: [number, Shape[][]][]
  /** Object/array literal arguments of the last step that the call changed: [argument index, new value]. */
  mutations: [number, Shape][]
  /** Why the case was kept: new coverage, a new behaviour of its target, an edge case or an error case. */
  reason: 'coverage' | 'behaviour' | 'edge-case' | 'error-handling'
}

/** Identifies covered code: `file:s12`, `file:b3.1`, `file:f2` (Istanbul statement, branch arm, function). */
export type CoverageKey = string

/** What the explorer writes to stdout, one JSON object per line. */
export type ExplorerMessage =
  | { type: 'api'; members: ApiMember[]; moduleFormat: 'commonjs' | 'module' }
  | { type: 'case'; case: TestCase; covers: CoverageKey[] }
  | { type: 'progress'; tried: number; kept: number; statements: number; branches: number }
  | { type: 'coverage'; files: FileCoverageTotals[] }
  | { type: 'replayed'; index: number; case: TestCase | null; covers: CoverageKey[]; stable: boolean; error?: string }
  | { type: 'done'; tried: number; reason: string }
  | { type: 'error'; message: string }

export interface ApiMember {
  path: ExportPath
  /** The function's own name (`Function#name`). */
  name: string
  kind: 'function' | 'class' | 'value'
  /** Parameter names (from the source, or `fn.length` placeholders). */
  params: string[]
  methods?: string[]
}

/** Istanbul totals of one file: the ids of every statement, branch arm and function it has. */
export interface FileCoverageTotals {
  file: string
  statements: number
  branches: number
  functions: number
  lines: number
  /** Statement ids mapped to their start line, for line coverage. */
  statementLines: Record<string, number>
}

export interface ExplorerJob {
  mode: 'explore' | 'replay'
  /** Absolute path of the module under test. */
  modulePath: string
  /** Folder whose files (outside node_modules) are instrumented and counted. */
  root: string
  seed: number
  budgetMs: number
  /** Stop early when statements and branches both reach it (percent). */
  coverageTarget: number
  include: { edgeCases: boolean; errorHandling: boolean }
  /** Facts mined from the source: constants and parameter hints (source-facts.ts). */
  facts: import('./source-facts.js').SourceFacts
  /** For `replay`: the cases to run again, each in a fresh copy of the module. */
  cases?: TestCase[]
}
