/**
 * The free-form generator (`generate --task`): an agent writes code and tests into a staging copy of
 * the output folder, the work is verified in the sandbox (failures go back to the agent, a bounded
 * number of times), and the result is a change set that is written all-or-nothing only when it is
 * complete and verified (or forced), or shown as a diff.
 */
import {
  buildSymbolMap,
  createAgentApprover,
  createCodeInterpreterTool,
  createFileSystemTool,
  createTerminalTool,
  generateTaskMessage,
  generateTaskSystemPrompt,
  runAgentLoop,
  type AgentSandbox,
  type AgentTool,
} from '../../../agents/index.js'
import type { Capability } from '../../../core/capability.js'
import type { Context } from '../../../core/context.js'
import {
  Budget,
  createModelClient,
  defaultCapabilities,
  parseModelRef,
  withAccounting,
  type ModelCallInfo,
  type ModelClient,
} from '../../../models/index.js'
import { settingsToOptions, type Approver } from '../../../sandbox/index.js'
import { ChangeSet, unifiedDiff, type CommitResult } from '../changeset/index.js'
import { countLines, feedbackFor, isTestFile, runChecks, type CheckResult } from './checks/index.js'
import { DEFAULT_MAX_TURNS, GENERATOR_AGENT, resolveModelSettings } from './model.js'
import { GenerateTaskRequest } from './request.js'
import { createStaging, resolveOutputFolder, type OutputFolder } from './staging.js'

export { GenerateTaskRequest, GenerateTaskConstraints, type GenerateTaskInput } from './request.js'
export { OFFLINE_COMMANDS, RECORD_DIR_ENV, REPLAY_DIR_ENV } from './model.js'
export { OutputOutsideWorkspaceError } from './staging.js'
export type { CheckResult, CheckStatus } from './checks/index.js'

/** Used when the config gives no context window and the provider's default is unknown. */
const FALLBACK_CONTEXT_WINDOW = 8192

export interface GeneratedFile {
  /** Workspace-relative when there is an output folder, else relative to the (virtual) output root. */
  path: string
  action: 'create' | 'update' | 'delete'
  test: boolean
  lines: number
  /** The new content; null for a deleted file. */
  content: string | null
}

export interface GenerateTaskResult {
  task: string
  language: GenerateTaskRequest['language']
  /** Every check passed (none failed; skipped checks are listed in `verification`). */
  verified: boolean
  /** The files were written to the output folder. */
  written: boolean
  dryRun: boolean
  /** Workspace-relative output folder, or null when the files were only returned. */
  output: string | null
  files: GeneratedFile[]
  /** Unified diff of the change set against the output folder. */
  diff: string
  verification: { attempts: number; maxAttempts: number; checks: CheckResult[]; warnings: string[] }
  model: { ref: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number }
  /** The agent's own summary of the work. */
  summary: string
}

export interface GenerateTaskOptions {
  /** Decides sandboxed commands when the approval policy is `ask` (a door that can ask a person). */
  approver?: Approver
  /** Where API keys, base URLs and CODEX_AGENT_REPLAY_DIR come from; default `process.env`. */
  env?: NodeJS.ProcessEnv
  /** A model client to use instead of one made from the request and config (a library caller's own, or a scripted model in tests). */
  model?: ModelClient
}

function agentTools(ctx: Context, fileSystem: AgentTool, sandbox: AgentSandbox): AgentTool[] {
  const agent = ctx.config.agents[GENERATOR_AGENT] ?? ctx.config.cloud_agents[GENERATOR_AGENT]
  const allowed = new Set(agent?.tools ?? ctx.config.model?.tools ?? ['file_system', 'terminal', 'code_interpreter'])
  const tools: AgentTool[] = [fileSystem]
  if (allowed.has('terminal')) tools.push(createTerminalTool(sandbox))
  if (allowed.has('code_interpreter')) tools.push(createCodeInterpreterTool(sandbox))
  return tools
}

/** The provider's default context window, or 0 when the reference is not one we know (a caller's own client). */
function providerContextWindow(ref: string): number {
  try {
    return defaultCapabilities(parseModelRef(ref)).contextWindow
  } catch {
    return 0
  }
}

function workspacePath(output: OutputFolder | undefined, path: string): string {
  return !output || output.relative === '.' ? path : `${output.relative}/${path}`
}

export async function runGenerateTask(
  request: GenerateTaskRequest,
  ctx: Context,
  options: GenerateTaskOptions = {},
): Promise<GenerateTaskResult> {
  const env = options.env ?? process.env
  const output = request.output !== undefined ? resolveOutputFolder(ctx.workspace, request.output) : undefined
  const settings = resolveModelSettings(request, ctx.config, ctx.workspace, env, options.model !== undefined)
  const budget = new Budget({
    maxTurns: request.max_turns ?? DEFAULT_MAX_TURNS,
    ...(request.max_cost !== undefined ? { maxCostUsd: request.max_cost } : {}),
  })
  const accounting = { budget, logger: ctx.logger, onCall: (info: ModelCallInfo) => ctx.emit({ type: 'model.call', ...info }) }
  const model = options.model
    ? withAccounting(options.model, accounting)
    : createModelClient({
        ref: settings.ref ?? 'builtin',
        env,
        cwd: ctx.workspace,
        ...accounting,
        ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
        ...(settings.contextWindow ? { capabilities: { contextWindow: settings.contextWindow } } : {}),
        ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : { noCache: true }),
        ...(settings.recordDir ? { recordDir: settings.recordDir } : {}),
        ...(settings.replayDir ? { replayDir: settings.replayDir } : {}),
      })
  const contextWindow = settings.contextWindow || providerContextWindow(model.ref) || FALLBACK_CONTEXT_WINDOW

  const changes = output ? new ChangeSet(ctx.workspace) : undefined
  ctx.emit({
    type: 'step.started',
    step: 'stage',
    detail: output ? `copying ${output.relative} to a staging folder` : 'preparing a staging folder',
  })
  const staging = createStaging({ workspace: ctx.workspace, ...(output ? { output } : {}), ...(changes ? { changes } : {}) })
  try {
    const sandboxSettings = { ...settingsToOptions(ctx.config.sandbox), readOnlyPaths: staging.readOnlyPaths }
    const warnings = new Set<string>()
    const fileSystem = createFileSystemTool({ root: staging.dir })
    const sandbox: AgentSandbox = {
      workspace: staging.dir,
      policy: sandboxSettings.policy,
      limits: sandboxSettings.limits,
      backend: sandboxSettings.backend,
      allowEnv: sandboxSettings.allowEnv,
      readOnlyPaths: staging.readOnlyPaths,
      approver: createAgentApprover({ emit: (event) => ctx.emit(event), ...(options.approver ? { decide: options.approver } : {}) }),
      onWarning: (warning) => warnings.add(warning),
    }
    const generatedFiles = () =>
      [...fileSystem.changes]
        .filter(([, content]) => content !== null)
        .map(([path]) => path)
        .sort()
    let checks: CheckResult[] = []

    const loop = await runAgentLoop({
      model,
      system: generateTaskSystemPrompt(request.language),
      task: generateTaskMessage({
        task: request.task,
        language: request.language,
        requirements: request.requirements,
        ...(request.constraints.max_lines !== undefined ? { maxLines: request.constraints.max_lines } : {}),
        ...(request.constraints.style !== undefined ? { style: request.constraints.style } : {}),
        symbolMap: buildSymbolMap({ root: staging.dir, maxChars: Math.min(8000, Math.floor(contextWindow / 2)) }),
      }),
      tools: agentTools(ctx, fileSystem, sandbox),
      contextWindow,
      maxAttempts: request.max_attempts,
      emit: (event) => ctx.emit(event),
      signal: ctx.signal,
      ...(settings.maxTokens !== undefined ? { maxOutputTokens: settings.maxTokens } : {}),
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
      nudge: () =>
        generatedFiles().length === 0
          ? 'No file has been written yet. Write the code and its tests with file_system now, then answer without a tool call.'
          : undefined,
      async verify(attempt) {
        const files = generatedFiles()
        checks = await runChecks({
          language: request.language,
          dir: staging.dir,
          files,
          tests: files.filter((f) => isTestFile(request.language, f)),
          workspace: ctx.workspace,
          sandbox: sandboxSettings,
          signal: ctx.signal,
          onWarning: (warning) => warnings.add(warning),
          ...(request.constraints.max_lines !== undefined ? { maxLines: request.constraints.max_lines } : {}),
          ...(request.constraints.style !== undefined ? { style: request.constraints.style } : {}),
        })
        const failed = checks.filter((c) => c.status === 'failed')
        ctx.emit({
          type: 'progress',
          step: 'verify',
          done: checks.length - failed.length,
          total: checks.length,
          item: `attempt ${attempt}`,
        })
        return { passed: failed.length === 0, feedback: feedbackFor(checks, attempt, request.max_attempts) }
      },
    })

    const files: GeneratedFile[] = [...fileSystem.changes]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, content]) => ({
        path: workspacePath(output, path),
        action: content === null ? 'delete' : staging.seeded.has(path) ? 'update' : 'create',
        test: isTestFile(request.language, path),
        lines: content === null ? 0 : countLines(content),
        content,
      }))
    const write = output !== undefined && !request.dry_run && (loop.verified || request.force === true)
    let commit: CommitResult | undefined
    if (changes) {
      for (const file of files) {
        if (file.content === null) changes.delete(file.path)
        else if (file.action === 'update') changes.overwrite(file.path, file.content)
        else changes.create(file.path, file.content)
      }
      ctx.emit({
        type: 'step.started',
        step: 'write',
        detail: write ? `writing ${files.length} files` : 'computing the diff; nothing is written',
      })
      commit = changes.commit({ dryRun: !write })
      if (commit.applied) for (const file of commit.files) ctx.emit({ type: 'artifact', path: file.path, kind: 'file', bytes: file.bytes })
    }
    const spent = budget.spent
    return {
      task: request.task,
      language: request.language,
      verified: loop.verified,
      written: commit?.applied ?? false,
      dryRun: request.dry_run === true,
      output: output?.relative ?? null,
      // Files the commit found unchanged are still reported: the agent wrote them.
      files,
      diff: commit?.diff ?? files.map((f) => unifiedDiff({ path: f.path, before: null, after: f.content })).join(''),
      verification: { attempts: loop.attempts, maxAttempts: request.max_attempts, checks, warnings: [...warnings] },
      model: {
        ref: model.ref,
        calls: spent.turns,
        inputTokens: spent.inputTokens,
        outputTokens: spent.outputTokens,
        costUsd: spent.spentUsd,
      },
      summary: loop.finalText,
    }
  } finally {
    staging.remove()
  }
}

function summarize(result: GenerateTaskResult): Record<string, unknown> {
  return {
    verified: result.verified,
    written: result.written,
    files: result.files.length,
    attempts: result.verification.attempts,
    failed: result.verification.checks.filter((c) => c.status === 'failed').map((c) => c.name),
    modelCalls: result.model.calls,
    costUsd: result.model.costUsd,
  }
}

/** The capability with door-specific options (an approver that can ask a person). */
export function createGenerateTaskCapability(
  options: GenerateTaskOptions = {},
): Capability<typeof GenerateTaskRequest, GenerateTaskResult> {
  return {
    name: 'generate.task',
    description:
      'Free-form code generation with an AI model: an agent writes code and tests for a task in python, typescript, javascript, bash, yaml or json, ' +
      'verifies them in a sandbox (syntax, types, lint, tests), fixes failures, and returns (or writes) a verified change set.',
    request: GenerateTaskRequest,
    run: (request, ctx) => runGenerateTask(request, ctx, options),
    summarize,
  }
}

export const generateTaskCapability = createGenerateTaskCapability()
