/**
 * A structural schema of .gitlab-ci.yml (the keywords this generator writes, as GitLab's CI
 * reference defines them) plus the cross-checks GitLab makes: a job's stage is declared, `extends`
 * and `needs` name jobs that exist.
 */
import { z } from 'zod'

const Rule = z.strictObject({
  if: z.string().optional(),
  when: z.enum(['on_success', 'on_failure', 'always', 'never', 'manual', 'delayed']).optional(),
  changes: z.array(z.string()).optional(),
})

const Cache = z.strictObject({
  key: z.union([z.string(), z.strictObject({ files: z.array(z.string()).min(1).max(2), prefix: z.string().optional() })]).optional(),
  paths: z.array(z.string()).min(1),
  policy: z.enum(['pull', 'push', 'pull-push']).optional(),
})

const Job = z.strictObject({
  extends: z.union([z.string(), z.array(z.string())]).optional(),
  stage: z.string().optional(),
  image: z.string().optional(),
  variables: z.record(z.string(), z.string()).optional(),
  cache: Cache.optional(),
  before_script: z.array(z.string()).optional(),
  script: z.array(z.string()).min(1).optional(),
  after_script: z.array(z.string()).optional(),
  needs: z.array(z.string()).optional(),
  rules: z.array(Rule).optional(),
  environment: z.union([z.string(), z.strictObject({ name: z.string(), url: z.string().optional() })]).optional(),
  artifacts: z.strictObject({ paths: z.array(z.string()), expire_in: z.string().optional() }).optional(),
})

const RESERVED = new Set([
  'stages',
  'workflow',
  'variables',
  'default',
  'include',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
])

export const GitlabCi = z.object({
  stages: z.array(z.string()).min(1),
  workflow: z.strictObject({ rules: z.array(Rule) }).optional(),
  variables: z.record(z.string(), z.string()).optional(),
})

/** Problems in a parsed .gitlab-ci.yml; empty when it is valid. */
export function checkGitlabCi(document: unknown): string[] {
  const top = GitlabCi.safeParse(document)
  if (!top.success) return top.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  const problems: string[] = []
  const entries = Object.entries(document as Record<string, unknown>).filter(([key]) => !RESERVED.has(key))
  const jobs = new Map<string, z.output<typeof Job>>()
  for (const [name, value] of entries) {
    const job = Job.safeParse(value)
    if (!job.success) problems.push(...job.error.issues.map((i) => `${name}.${i.path.join('.')}: ${i.message}`))
    else jobs.set(name, job.data)
  }
  for (const [name, job] of jobs) {
    if (name.startsWith('.')) continue
    const parents = [job.extends ?? []].flat().map((p) => jobs.get(p))
    if (parents.some((p) => p === undefined)) problems.push(`${name}: extends a job that does not exist`)
    const stage = job.stage ?? 'test'
    if (!top.data.stages.includes(stage)) problems.push(`${name}: stage "${stage}" is not in stages`)
    const script = job.script ?? parents.find((p) => p?.script)?.script
    if (!script) problems.push(`${name}: has no script`)
    for (const need of job.needs ?? [])
      if (!jobs.has(need) || need.startsWith('.')) problems.push(`${name}: needs "${need}", which is not a job`)
  }
  return problems
}
