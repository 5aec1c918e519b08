/** Sandbox and approval policy as first-class types: what a command may touch, and who says yes. */
import { z } from 'zod'
import { UserInputError } from '../core/errors.js'

/**
 * What a sandboxed command may write. Reads are never restricted beyond the masked secret paths.
 * - `read-only`: nothing; the workspace is mounted read-only.
 * - `workspace-write`: the workspace (except its `.git` and `.codex` folders) and a private /tmp.
 * - `full`: the whole file system; network, limits and the scrubbed environment still apply.
 */
export const SANDBOX_POLICIES = ['read-only', 'workspace-write', 'full'] as const
export type SandboxPolicy = (typeof SANDBOX_POLICIES)[number]

/**
 * Whether a person is asked before a command runs.
 * - `ask`: an approver callback decides every command, and may grant more than the policy allows.
 * - `never`: commands run within the policy without asking; anything needing more is refused.
 */
export const APPROVAL_POLICIES = ['ask', 'never'] as const
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number]

export interface ExecutionPolicy {
  sandbox: SandboxPolicy
  approval: ApprovalPolicy
  /** Outbound network; off unless a policy turns it on. */
  network: boolean
}

export const DEFAULT_POLICY: Readonly<ExecutionPolicy> = Object.freeze({ sandbox: 'workspace-write', approval: 'never', network: false })

/** Resource limits of one run. `Infinity` switches a limit off. */
export interface SandboxLimits {
  /** Wall-clock time; the whole process tree is killed when it runs out. */
  timeoutMs: number
  /**
   * Resident memory of the whole process tree, sampled from /proc every 100 ms; the tree is killed
   * when it passes. Also the size cap of the private /tmp (it is memory too).
   */
  memoryBytes: number
  /**
   * Address space per process (RLIMIT_AS): a hard kernel cap, so one allocation beyond it fails at
   * once. Off by default: V8 reserves about 10 GiB of address space for each WebAssembly memory
   * (Node's own fetch uses one), and fails under a smaller cap.
   */
  addressSpaceBytes: number
  /** CPU time per process (RLIMIT_CPU): SIGXCPU at the limit, SIGKILL a second later. */
  cpuSeconds: number
  /** Bytes kept of stdout and of stderr each; the rest is drained and dropped. */
  maxOutputBytes: number
}

const GiB = 1024 ** 3
const MAX_TIMER_MS = 2 ** 31 - 1

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 120_000,
  memoryBytes: 4 * GiB,
  addressSpaceBytes: Number.POSITIVE_INFINITY,
  cpuSeconds: 120,
  maxOutputBytes: 1024 * 1024,
})

/** What a command needs beyond the policy in force; the approval gate decides whether it gets it. */
export interface Escalation {
  sandbox?: SandboxPolicy
  network?: boolean
  /** Why the command needs it, shown to the approver. */
  justification?: string
}

export function resolvePolicy(policy: Partial<ExecutionPolicy> | undefined): ExecutionPolicy {
  return { ...DEFAULT_POLICY, ...definedOnly(policy ?? {}) }
}

export function resolveLimits(limits: Partial<SandboxLimits> | undefined): SandboxLimits {
  const resolved = { ...DEFAULT_LIMITS, ...definedOnly(limits ?? {}) }
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new UserInputError(`Sandbox limit ${name} must be a positive number (or Infinity for none); got ${String(value)}.`, {
        field: `limits.${name}`,
      })
    }
  }
  // A timer longer than this fires at once in Node; Infinity is how to say "no timeout".
  if (Number.isFinite(resolved.timeoutMs) && resolved.timeoutMs > MAX_TIMER_MS) {
    throw new UserInputError(`Sandbox limit timeoutMs must be at most ${MAX_TIMER_MS} (about 24 days), or Infinity for none.`, {
      field: 'limits.timeoutMs',
    })
  }
  return resolved
}

/** Rank of a sandbox policy by how much it allows. */
export function sandboxRank(policy: SandboxPolicy): number {
  return SANDBOX_POLICIES.indexOf(policy)
}

/** The reasons an escalation goes beyond a policy; empty when the policy already allows it. */
export function exceedsPolicy(policy: ExecutionPolicy, needs: Escalation | undefined): string[] {
  const reasons: string[] = []
  if (needs?.sandbox !== undefined && sandboxRank(needs.sandbox) > sandboxRank(policy.sandbox)) {
    reasons.push(`needs sandbox "${needs.sandbox}" but the policy is "${policy.sandbox}"`)
  }
  if (needs?.network === true && !policy.network) reasons.push('needs network access but the policy has the network off')
  return reasons
}

/** The policy widened by an escalation (used once an approver has said yes). */
export function widenPolicy(policy: ExecutionPolicy, needs: Escalation | undefined): ExecutionPolicy {
  const sandbox = needs?.sandbox !== undefined && sandboxRank(needs.sandbox) > sandboxRank(policy.sandbox) ? needs.sandbox : policy.sandbox
  return { ...policy, sandbox, network: policy.network || needs?.network === true }
}

/** The `sandbox:` block of `.codex/config.yml`; snake_case like the rest of the file. */
export const SandboxSettingsSchema = z
  .object({
    policy: z.enum(SANDBOX_POLICIES).default(DEFAULT_POLICY.sandbox),
    approval: z.enum(APPROVAL_POLICIES).default(DEFAULT_POLICY.approval),
    network: z.boolean().default(DEFAULT_POLICY.network),
    /** Which sandbox to use; `auto` picks bubblewrap when it works. */
    backend: z.enum(['auto', 'bubblewrap', 'process']).default('auto'),
    /** Names of environment variables passed through into the sandbox (never secrets). */
    allow_env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default([]),
    limits: z
      .object({
        timeout_ms: z.number().positive().optional(),
        memory_bytes: z.number().positive().optional(),
        address_space_bytes: z.number().positive().optional(),
        cpu_seconds: z.number().positive().optional(),
        max_output_bytes: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
export type SandboxSettings = z.output<typeof SandboxSettingsSchema>

/** Translates the config block into the options `runSandboxed` takes. */
export function settingsToOptions(settings: SandboxSettings): {
  policy: ExecutionPolicy
  limits: Partial<SandboxLimits>
  backend: SandboxSettings['backend']
  allowEnv: string[]
} {
  const { limits } = settings
  return {
    policy: { sandbox: settings.policy, approval: settings.approval, network: settings.network },
    limits: definedOnly({
      timeoutMs: limits.timeout_ms,
      memoryBytes: limits.memory_bytes,
      addressSpaceBytes: limits.address_space_bytes,
      cpuSeconds: limits.cpu_seconds,
      maxOutputBytes: limits.max_output_bytes,
    }),
    backend: settings.backend,
    allowEnv: settings.allow_env,
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
