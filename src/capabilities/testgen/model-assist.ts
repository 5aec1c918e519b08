/**
 * With a model configured: when the offline search leaves code uncovered, the model is shown the
 * module (uncovered lines marked) and its API and asked for calls that would reach them. Its proposals
 * are only candidates: each is replayed in the sandbox like any other case, and kept only if it runs,
 * gives the same outcome twice and adds coverage.
 */
import type { CodexConfig } from '../../config/schema.js'
import type { Context } from '../../core/context.js'
import { Budget, createModelClient, parseModelRef, type ModelClient, type ModelCallInfo } from '../../models/index.js'
import { modelForMode } from '../generate/task/model.js'
import type { ApiMember, Arg, Literal, Step, TestCase } from './plan.js'

/** The agent in `.codex/config.yml` whose model test generation uses (else the config's `model:`). */
export const TEST_AGENT = 'test_generator'
const MAX_SOURCE_CHARS = 24_000
const MAX_PROPOSALS = 40

/** A model client for test generation, or undefined when none is configured (generation stays offline). */
export function testModel(config: CodexConfig, workspace: string, ref: string | undefined, ctx: Context): ModelClient | undefined {
  const agent = config.agents[TEST_AGENT] ?? config.cloud_agents[TEST_AGENT]
  const active = agent?.enabled === false ? undefined : agent
  const chosen = ref ?? active?.model ?? modelForMode(config, active?.mode) ?? config.model?.model
  if (!chosen || parseModelRef(chosen).provider === 'builtin') return undefined
  const baseUrl = active?.api_endpoint ?? config.model?.api_endpoint
  return createModelClient({
    ref: chosen,
    cwd: workspace,
    budget: new Budget({ maxTurns: 4 }),
    logger: ctx.logger,
    onCall: (info: ModelCallInfo) => ctx.emit({ type: 'model.call', ...info }),
    cacheDir: `${workspace}/.codex/cache/models`,
    ...(baseUrl ? { baseUrl } : {}),
  })
}

export interface ProposalInput {
  source: string
  api: readonly ApiMember[]
  /** Uncovered line numbers of the module file. */
  uncoveredLines: ReadonlySet<number>
  binding: string
}

/** Asks the model for calls; returns them as cases to replay (outcomes are filled in by the replay). */
export async function proposeCases(client: ModelClient, input: ProposalInput, signal?: AbortSignal): Promise<TestCase[]> {
  const numbered = input.source
    .slice(0, MAX_SOURCE_CHARS)
    .split('\n')
    .map((line, i) => `${input.uncoveredLines.has(i + 1) ? '>>' : '  '}${String(i + 1).padStart(5)}| ${line}`)
    .join('\n')
  const api = input.api.map(
    (m) =>
      `${m.kind} ${m.path.join('.') || input.binding}(${m.params.join(', ')})${m.methods?.length ? ` methods: ${m.methods.join(', ')}` : ''}`,
  )
  const response = await client.generate(
    {
      system:
        'You write inputs for unit tests of a JavaScript module. Propose calls that execute the lines marked >> (not yet covered by any test). ' +
        'Reply with one JSON object: {"calls": [{"target": "name", "args": [...]}, ...]}. ' +
        '"target" is an exported function ("parse", "utils.format"), a class to construct ("new Cart"), or a method on a fresh instance ("Cart#add", with "constructorArgs": [...]). ' +
        'Arguments are JSON values; use {"$undefined": true} for undefined. At most 40 calls; no explanations.',
      messages: [{ role: 'user', content: `API:\n${api.join('\n')}\n\nSource (>> = not covered):\n${numbered}` }],
      responseFormat: 'json',
      temperature: 0.2,
      maxTokens: 4000,
    },
    signal ? { signal } : {},
  )
  return parseProposals(response.text, input.api)
}

interface Proposal {
  target?: unknown
  args?: unknown
  constructorArgs?: unknown
}

/** The model's JSON turned into cases; anything that does not name a member of the API is dropped. */
export function parseProposals(text: string, api: readonly ApiMember[]): TestCase[] {
  const json = /\{[\s\S]*\}/.exec(text)?.[0]
  if (!json) return []
  let parsed: { calls?: unknown }
  try {
    parsed = JSON.parse(json) as { calls?: unknown }
  } catch {
    return []
  }
  if (!Array.isArray(parsed.calls)) return []
  const byName = new Map(api.map((member) => [member.path.join('.'), member]))
  const cases: TestCase[] = []
  for (const raw of parsed.calls.slice(0, MAX_PROPOSALS) as Proposal[]) {
    if (typeof raw?.target !== 'string') continue
    const args = Array.isArray(raw.args) ? raw.args.map(literalArg) : []
    const steps = stepsFor(raw.target.trim(), args, Array.isArray(raw.constructorArgs) ? raw.constructorArgs.map(literalArg) : [], byName)
    if (steps)
      cases.push({
        steps,
        outcome: { kind: 'returned', value: { kind: 'opaque', type: 'proposed' } },
        callbacks: [],
        mutations: [],
        reason: 'coverage',
      })
  }
  return cases
}

function stepsFor(target: string, args: Arg[], constructorArgs: Arg[], api: Map<string, ApiMember>): Step[] | undefined {
  const method = /^([\w$.]*)#([\w$]+)$/.exec(target)
  if (method) {
    const owner = api.get(method[1] ?? '')
    if (owner?.kind !== 'class' || !owner.methods?.includes(method[2] ?? '')) return undefined
    return [
      { callee: { kind: 'export', path: owner.path }, construct: true, args: constructorArgs },
      { callee: { kind: 'method', step: 0, name: method[2] as string }, construct: false, args },
    ]
  }
  const construct = /^new\s+/.test(target)
  const member = api.get(target.replace(/^new\s+/, '').replace(/\(\)$/, '')) ?? (target === '' ? api.get('') : undefined)
  if (!member || (construct && member.kind !== 'class')) return undefined
  return [{ callee: { kind: 'export', path: member.path }, construct: member.kind === 'class', args }]
}

function literalArg(value: unknown): Arg {
  return { kind: 'literal', value: toLiteral(value) }
}

function toLiteral(value: unknown): Literal {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(toLiteral)
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (record.$undefined === true) return { $undefined: true }
    const out: Record<string, Literal> = {}
    for (const [key, item] of Object.entries(record)) out[key] = toLiteral(item)
    return out
  }
  return { $undefined: true }
}
