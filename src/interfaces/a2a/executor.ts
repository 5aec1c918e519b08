/**
 * The A2A door's agent executor: a `SendMessage` names a skill (an HTTP capability: analyze,
 * generate, scaffold, test) and carries that capability's request body as a data part (or JSON
 * text). The run is the same as over HTTP; the answer is a Task, completed with the result as a
 * JSON artifact, or failed (rejected for a bad request) with the error as its status message.
 */
import { randomUUID } from 'node:crypto'
import { Role, TaskState, type Artifact, type Message, type Part, type Task } from '@a2a-js/sdk'
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext, type User } from '@a2a-js/sdk/server'
import { toCodexError } from '../../core/errors.js'
import { hasScope, type ApiKeyRecord } from '../../store/api-keys.js'
import { REMOTE_CAPABILITIES, runRemote, type RemoteCapability, type RouteDeps } from '../http/capabilities.js'

/** The caller as the A2A server sees it: the API key that authenticated the request, if auth is on. */
export class ApiKeyUser implements User {
  constructor(readonly key: ApiKeyRecord | null) {}
  get isAuthenticated(): boolean {
    return this.key !== null
  }
  get userName(): string {
    return this.key ? `key:${this.key.id}` : 'anonymous'
  }
}

const dataPart = (value: unknown): Part => ({
  content: { $case: 'data', value },
  metadata: undefined,
  filename: '',
  mediaType: 'application/json',
})
const textPart = (value: string): Part => ({
  content: { $case: 'text', value },
  metadata: undefined,
  filename: '',
  mediaType: 'text/plain',
})

class RejectedRequest extends Error {}

const HOW = `Send a data part (or JSON text) with the capability's request body and name the skill (${REMOTE_CAPABILITIES.join(', ')}) in the message's metadata.skill or the body's "skill" field; the agent card lists examples.`

/** The skill and request body a message carries. */
export function readRequest(message: Message): { skill: RemoteCapability; body: Record<string, unknown> } {
  let body: Record<string, unknown> | undefined
  for (const part of message.parts) {
    const content = part.content
    if (content?.$case === 'data' && content.value && typeof content.value === 'object' && !Array.isArray(content.value)) {
      body = { ...(content.value as Record<string, unknown>) }
      break
    }
    if (content?.$case === 'text') {
      try {
        const parsed: unknown = JSON.parse(content.value)
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          body = { ...(parsed as Record<string, unknown>) }
          break
        }
      } catch {
        // not JSON: keep looking for a data part
      }
    }
  }
  if (!body) throw new RejectedRequest(`The message has no request. ${HOW}`)
  const named = message.metadata?.skill ?? body.skill
  delete body.skill
  if (typeof named !== 'string' || !(REMOTE_CAPABILITIES as readonly string[]).includes(named)) {
    throw new RejectedRequest(`Unknown or missing skill ${JSON.stringify(named ?? null)}. ${HOW}`)
  }
  return { skill: named as RemoteCapability, body }
}

export class CodexAgentExecutor implements AgentExecutor {
  private readonly running = new Map<string, AbortController>()
  constructor(private readonly deps: RouteDeps) {}

  async execute(requestContext: RequestContext, eventBus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = requestContext
    const userMessage = requestContext.userMessage
    const agentMessage = (parts: Part[]): Message => ({
      messageId: randomUUID(),
      contextId,
      taskId,
      role: Role.ROLE_AGENT,
      parts,
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    })
    const finish = (state: TaskState, artifacts: Artifact[], status: Message | undefined, metadata?: Record<string, unknown>) => {
      const task: Task = {
        id: taskId,
        contextId,
        status: { state, message: status, timestamp: new Date().toISOString() },
        artifacts,
        history: [userMessage],
        metadata,
      }
      eventBus.publish(AgentEvent.task(task))
      eventBus.finished()
    }

    const controller = new AbortController()
    this.running.set(taskId, controller)
    try {
      const { skill, body } = readRequest(userMessage)
      const user = requestContext.context.user
      const key = user instanceof ApiKeyUser ? user.key : null
      if (key && !hasScope(key, skill)) {
        throw new RejectedRequest(
          `The API key "${key.name}" (id ${key.id}) has scopes ${key.scopes.join(', ')}; the skill "${skill}" needs "${skill}".`,
        )
      }
      const outcome = await runRemote(skill, body, this.deps, controller.signal)
      const artifact: Artifact = {
        artifactId: outcome.runId,
        name: `${skill}-result`,
        description: `The ${skill} result (the body POST /api/codex/${skill} returns).`,
        parts: [dataPart(outcome.body)],
        metadata: undefined,
        extensions: [],
      }
      const verified = outcome.status === 200
      finish(
        verified ? TaskState.TASK_STATE_COMPLETED : TaskState.TASK_STATE_FAILED,
        [artifact],
        verified ? undefined : agentMessage([textPart('The generated code did not pass its checks; the result says what failed.')]),
        { skill, runId: outcome.runId },
      )
    } catch (error) {
      if (error instanceof RejectedRequest) {
        finish(TaskState.TASK_STATE_REJECTED, [], agentMessage([textPart(error.message)]))
        return
      }
      const e = toCodexError(error)
      const field = 'field' in e && typeof e.field === 'string' ? { field: e.field } : {}
      const state = controller.signal.aborted
        ? TaskState.TASK_STATE_CANCELED
        : e.httpStatus >= 400 && e.httpStatus < 500
          ? TaskState.TASK_STATE_REJECTED
          : TaskState.TASK_STATE_FAILED
      finish(state, [], agentMessage([textPart(e.message), dataPart({ error: { code: e.code, message: e.message, ...field } })]))
    } finally {
      this.running.delete(taskId)
    }
  }

  async cancelTask(taskId: string): Promise<void> {
    this.running.get(taskId)?.abort()
  }
}
