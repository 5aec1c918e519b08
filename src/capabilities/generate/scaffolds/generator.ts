/** The contract every scaffold generator implements: an options schema and a plan for its templates. */
import type { z } from 'zod'
import type { ChangeSet } from '../changeset/index.js'
import type { ProjectInfo } from './project.js'
import type { TemplateVars } from './template.js'

export interface GeneratorEnv {
  workspace: string
  /** The change set: a generator may read the workspace through it and write computed files to it. */
  tree: ChangeSet
  project: ProjectInfo
  signal: AbortSignal
}

export interface RenderedOutput {
  path: string
  content: string
}

export interface GeneratorPlan {
  /** Variables for the templates. */
  vars: TemplateVars
  /** Things the person should know (e.g. "add a deploy script"). */
  notes?: string[]
  /**
   * Checks the generated files (all of them, after templates) before anything is written; returns
   * what was verified, throws ScaffoldVerificationError when the output is wrong.
   */
  verify?(files: RenderedOutput[]): string[] | Promise<string[]>
  /** Releases what the plan holds (scratch databases, servers); called once the run is over, whatever its outcome. */
  dispose?(): void | Promise<void>
}

export interface ScaffoldGenerator<Options extends z.ZodObject = z.ZodObject> {
  kind: string
  summary: string
  /** The generator's options: the schema behind CLI flags, HTTP bodies and MCP tool inputs. */
  options: Options
  examples: string[]
  plan(options: z.output<Options>, env: GeneratorEnv): GeneratorPlan | Promise<GeneratorPlan>
}

/** Identity with inference: a generator module's `export default defineGenerator({...})`. */
export function defineGenerator<Options extends z.ZodObject>(generator: ScaffoldGenerator<Options>): ScaffoldGenerator<Options> {
  return generator
}
