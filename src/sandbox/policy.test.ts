import { describe, expect, it, vi } from 'vitest'
import { SandboxError, UserInputError } from '../core/errors.js'
import { ApprovalDeniedError, gateCommand } from './approval.js'
import {
  DEFAULT_LIMITS,
  DEFAULT_POLICY,
  SandboxSettingsSchema,
  exceedsPolicy,
  resolveLimits,
  resolvePolicy,
  settingsToOptions,
  widenPolicy,
  type ExecutionPolicy,
} from './policy.js'

const policy = (over: Partial<ExecutionPolicy> = {}): ExecutionPolicy => ({ ...DEFAULT_POLICY, ...over })

describe('policy', () => {
  it('defaults to workspace-write, never ask, network off', () => {
    expect(resolvePolicy(undefined)).toEqual({ sandbox: 'workspace-write', approval: 'never', network: false })
    expect(resolvePolicy({ network: true, sandbox: undefined })).toEqual({ sandbox: 'workspace-write', approval: 'never', network: true })
  })

  it('fills limits from the defaults and rejects nonsense', () => {
    expect(resolveLimits({ timeoutMs: 5 })).toEqual({ ...DEFAULT_LIMITS, timeoutMs: 5 })
    expect(resolveLimits({ memoryBytes: Infinity }).memoryBytes).toBe(Infinity)
    expect(() => resolveLimits({ cpuSeconds: 0 })).toThrow(UserInputError)
    expect(() => resolveLimits({ timeoutMs: Number.NaN })).toThrow(/timeoutMs must be a positive number/)
    expect(() => resolveLimits({ timeoutMs: 2 ** 31 })).toThrow(/at most/)
    expect(resolveLimits({ timeoutMs: Infinity }).timeoutMs).toBe(Infinity)
  })

  it('says how an escalation exceeds a policy, and widens only upwards', () => {
    expect(exceedsPolicy(policy(), undefined)).toEqual([])
    expect(exceedsPolicy(policy(), { sandbox: 'read-only' })).toEqual([])
    expect(exceedsPolicy(policy(), { sandbox: 'full', network: true })).toEqual([
      'needs sandbox "full" but the policy is "workspace-write"',
      'needs network access but the policy has the network off',
    ])
    expect(widenPolicy(policy(), { sandbox: 'read-only' })).toEqual(policy())
    expect(widenPolicy(policy({ sandbox: 'read-only' }), { sandbox: 'full', network: true })).toEqual(
      policy({ sandbox: 'full', network: true }),
    )
  })

  it('reads the config block and turns it into run options', () => {
    const settings = SandboxSettingsSchema.parse({
      policy: 'read-only',
      network: true,
      limits: { timeout_ms: 1000, address_space_bytes: 2 ** 30 },
    })
    expect(settingsToOptions(settings)).toEqual({
      policy: { sandbox: 'read-only', approval: 'never', network: true },
      limits: { timeoutMs: 1000, addressSpaceBytes: 2 ** 30 },
      backend: 'auto',
      allowEnv: [],
    })
    expect(SandboxSettingsSchema.safeParse({ policy: 'anything-goes' }).success).toBe(false)
    expect(SandboxSettingsSchema.safeParse({ allow_env: ['NOT VALID'] }).success).toBe(false)
  })
})

describe('approval gate', () => {
  const request = { command: 'npm', args: ['install'], cwd: '/w' }

  it('never: runs within the policy without asking', async () => {
    const approver = vi.fn(() => 'approve' as const)
    await expect(gateCommand({ ...request, policy: policy() }, approver)).resolves.toEqual(policy())
    expect(approver).not.toHaveBeenCalled()
  })

  it('never: refuses an escalation, naming what it needed and how to allow it', async () => {
    const attempt = gateCommand({ ...request, policy: policy(), escalation: { network: true } }, () => 'approve')
    await expect(attempt).rejects.toBeInstanceOf(ApprovalDeniedError)
    await expect(attempt).rejects.toThrow(/Refused to run `npm install`: it needs network access.*sandbox\.approval: ask/)
  })

  it('ask: the approver sees every command, with what exceeds the policy', async () => {
    const approver = vi.fn(() => 'approve' as const)
    await expect(gateCommand({ ...request, policy: policy({ approval: 'ask' }) }, approver)).resolves.toEqual(policy({ approval: 'ask' }))
    const widened = await gateCommand(
      { ...request, policy: policy({ approval: 'ask' }), escalation: { sandbox: 'full', justification: 'global install' } },
      approver,
    )
    expect(widened).toEqual(policy({ approval: 'ask', sandbox: 'full' }))
    expect(approver).toHaveBeenLastCalledWith(
      expect.objectContaining({
        command: 'npm',
        exceeds: ['needs sandbox "full" but the policy is "workspace-write"'],
        escalation: expect.objectContaining({ justification: 'global install' }),
      }),
    )
  })

  it('ask: a denial or a missing approver stops the command', async () => {
    await expect(gateCommand({ ...request, policy: policy({ approval: 'ask' }) }, async () => 'deny' as const)).rejects.toThrow(
      /denied `npm install`/,
    )
    const missing = gateCommand({ ...request, policy: policy({ approval: 'ask' }) }, undefined)
    await expect(missing).rejects.toBeInstanceOf(SandboxError)
    await expect(missing).rejects.not.toBeInstanceOf(ApprovalDeniedError)
  })
})
