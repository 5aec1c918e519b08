/**
 * Validates a GitHub Actions workflow against GitHub's own workflow schema, as shipped in
 * @actions/workflow-parser (the parser behind GitHub's Actions language services). Its entry module
 * imports the schema JSON without an import attribute, which Node refuses; so the schema file is
 * read directly and the parser's reader is used without the entry module.
 */
import { readFileSync } from 'node:fs'

let schema: unknown

export async function checkGithubWorkflow(name: string, content: string): Promise<string[]> {
  const [
    { TemplateContext, TemplateValidationErrors },
    templateReader,
    { WORKFLOW_ROOT },
    { YamlObjectReader },
    { TemplateSchema },
    { JSONObjectReader },
    { NoOperationTraceWriter },
  ] = await Promise.all([
    import('@actions/workflow-parser/templates/template-context'),
    import('@actions/workflow-parser/templates/template-reader'),
    import('@actions/workflow-parser/workflows/workflow-constants'),
    import('@actions/workflow-parser/workflows/yaml-object-reader'),
    import('@actions/workflow-parser/templates/schema/index'),
    import('@actions/workflow-parser/templates/json-object-reader'),
    import('@actions/workflow-parser/templates/trace-writer'),
  ])
  if (!schema) {
    const file = new URL('../workflow-v1.0.min.json', import.meta.resolve('@actions/workflow-parser/templates/trace-writer'))
    schema = TemplateSchema.load(new JSONObjectReader(undefined, readFileSync(file, 'utf8')))
  }
  const context = new TemplateContext(
    new TemplateValidationErrors(),
    schema as InstanceType<typeof TemplateSchema>,
    new NoOperationTraceWriter(),
  )
  const fileId = context.getFileId(name)
  const reader = new YamlObjectReader(fileId, content)
  if (reader.errors.length) return reader.errors.map((e) => e.message)
  templateReader.readTemplate(context, WORKFLOW_ROOT, reader, fileId)
  return context.errors.getErrors().map((e) => e.message)
}
