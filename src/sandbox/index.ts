/** The sandbox module: every command and generated snippet runs through here (DESIGN.md, "Sandbox"). */
export {
  APPROVAL_POLICIES,
  DEFAULT_LIMITS,
  DEFAULT_POLICY,
  SANDBOX_POLICIES,
  SandboxSettingsSchema,
  exceedsPolicy,
  resolveLimits,
  resolvePolicy,
  settingsToOptions,
  widenPolicy,
  type ApprovalPolicy,
  type Escalation,
  type ExecutionPolicy,
  type SandboxLimits,
  type SandboxPolicy,
  type SandboxSettings,
} from './policy.js'
export { ApprovalDeniedError, gateCommand, type ApprovalDecision, type ApprovalRequest, type Approver } from './approval.js'
export { describeSandbox, detectSandbox, type SandboxBackend, type SandboxDescription, type SandboxDetection } from './detect.js'
export { dependencyFolders } from './dependency-folders.js'
export { isSecretName } from './environment.js'
export { runSandboxed, type RunSandboxedOptions, type SandboxResult } from './run.js'
export { CODE_LANGUAGES, runCode, type CodeLanguage, type RunCodeOptions, type RunCodeResult } from './run-code.js'
