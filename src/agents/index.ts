/** The agent runtime: the loop, its tools, prompts, the repository symbol map and context compaction. */
export { runAgentLoop, outputReserve, type AgentLoopOptions, type AgentLoopResult, type Verification } from './loop.js'
export { defineTool, runToolCall, clip, ToolArgumentsError, type AgentTool, type ToolOutput, type ToolRunContext } from './tool.js'
export { compactMessages, estimateTokens, type CompactionInput, type CompactionResult } from './compaction.js'
export { buildSymbolMap, fileSymbols, type SymbolMapOptions } from './symbol-map.js'
export { confinePath, relativePosix, PathEscapeError, type ConfinedPath } from './workspace-path.js'
export { createAgentApprover, describeApproval, type AgentApproverOptions } from './approval.js'
export { createFileSystemTool, type FileSystemTool } from './tools/file-system.js'
export { listFiles, SKIPPED_FOLDERS } from './walk.js'
export { createTerminalTool } from './tools/terminal.js'
export { createCodeInterpreterTool } from './tools/code-interpreter.js'
export type { AgentSandbox } from './tools/sandbox-options.js'
export {
  CODE_STYLES,
  TASK_LANGUAGES,
  generateTaskMessage,
  generateTaskSystemPrompt,
  type CodeStyle,
  type GenerateTaskPromptInput,
  type TaskLanguage,
} from './prompts/generate-task.js'
