/** The terminal and code_interpreter tools run real commands in the real sandbox; approval goes through `approval.requested`. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createAgentApprover,
  createCodeInterpreterTool,
  createTerminalTool,
  runToolCall,
  type AgentSandbox,
  type AgentTool,
} from '../../src/agents/index.js'
import type { RunEventBody } from '../../src/core/events.js'

const ctx = { signal: new AbortController().signal }

/** Runs a call the way the loop does: a failure becomes an error result for the model. */
const call = (tool: AgentTool, args: Record<string, unknown>) =>
  runToolCall([tool], { id: 'c1', name: tool.spec.name, arguments: args }, ctx)

function sandbox(overrides: Partial<AgentSandbox> = {}): AgentSandbox & { events: RunEventBody[]; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'codex-agent-sandbox-'))
  const workspace = join(base, 'ws')
  mkdirSync(workspace)
  const events: RunEventBody[] = []
  return {
    workspace,
    outside: base,
    events,
    policy: { sandbox: 'workspace-write', approval: 'never', network: false },
    limits: { timeoutMs: 20_000 },
    ...overrides,
  }
}

describe('the terminal tool', () => {
  it('runs a shell command in the workspace and reports exit code and output', async () => {
    const box = sandbox()
    const tool = createTerminalTool(box)
    const ok = await call(tool, { command: 'echo made > made.txt && cat made.txt && echo oops >&2' })
    expect(ok.isError).toBe(false)
    expect(ok.content).toBe('The command exited with code 0.\n--- stdout ---\nmade\n\n--- stderr ---\noops\n')
    expect(readFileSync(join(box.workspace, 'made.txt'), 'utf8')).toBe('made\n')
    const failed = await call(tool, { command: 'exit 3' })
    expect(failed).toEqual({ content: 'The command exited with code 3.\n(no output)', isError: true })
  })

  it('cannot write outside the workspace', async () => {
    const box = sandbox()
    const tool = createTerminalTool(box)
    // Beside the workspace: the command may see a private scratch copy, but nothing reaches the host.
    await call(tool, { command: `echo x > ${join(box.outside, 'escaped.txt')}` })
    expect(existsSync(join(box.outside, 'escaped.txt'))).toBe(false)
    const system = await call(tool, { command: 'echo x > /etc/codex-agent-escape-test' })
    expect(system.isError).toBe(true)
    expect(existsSync('/etc/codex-agent-escape-test')).toBe(false)
  })

  it('asks through approval.requested under the "ask" policy, and runs nothing when denied', async () => {
    const box = sandbox({ policy: { sandbox: 'workspace-write', approval: 'ask', network: false } })
    const decisions: string[] = []
    box.approver = createAgentApprover({
      emit: (event) => box.events.push(event),
      decide: (request) => {
        decisions.push(request.args.at(-1)!)
        return request.args.at(-1)!.includes('allowed') ? 'approve' : 'deny'
      },
    })
    const tool = createTerminalTool(box)
    expect((await call(tool, { command: 'touch allowed.txt' })).isError).toBe(false)
    const denied = await call(tool, { command: 'touch denied.txt' })
    expect(denied.content).toMatch(/The approver denied/)
    expect(existsSync(join(box.workspace, 'allowed.txt'))).toBe(true)
    expect(existsSync(join(box.workspace, 'denied.txt'))).toBe(false)
    expect(decisions).toEqual(['touch allowed.txt', 'touch denied.txt'])
    expect(box.events).toEqual([
      { type: 'approval.requested', action: 'run_command', detail: 'bash --noprofile --norc -c "touch allowed.txt"' },
      { type: 'approval.requested', action: 'run_command', detail: 'bash --noprofile --norc -c "touch denied.txt"' },
    ])
  })

  it('denies when the door has nobody to ask', async () => {
    const box = sandbox({ policy: { sandbox: 'workspace-write', approval: 'ask', network: false } })
    box.approver = createAgentApprover({ emit: (event) => box.events.push(event) })
    const result = await call(createTerminalTool(box), { command: 'true' })
    expect(result).toMatchObject({ isError: true })
    expect(box.events).toHaveLength(1)
  })
})

describe('the code_interpreter tool', () => {
  it('runs a Python and a JavaScript snippet in the workspace', async () => {
    const box = sandbox()
    const tool = createCodeInterpreterTool(box)
    const python = await call(tool, { language: 'python', code: 'import os\nprint(sum(range(10)), os.getcwd() == os.path.realpath("."))' })
    expect(python).toEqual({ content: 'The command exited with code 0.\n--- stdout ---\n45 True\n', isError: false })
    const js = await call(tool, { language: 'javascript', code: 'console.log([1, 2, 3].map((n) => n * 2).join(","))' })
    expect(js.content).toContain('2,4,6')
    const thrown = await call(tool, { language: 'javascript', code: 'throw new Error("boom")' })
    expect(thrown.isError).toBe(true)
    expect(thrown.content).toContain('Error: boom')
  })
})
