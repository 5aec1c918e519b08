/** `generate component`: a typed React function component (TSX), optionally animated and responsive, with its test. */
import { posix } from 'node:path'
import { z } from 'zod'
import { UserInputError } from '../../../../../core/errors.js'
import { defineGenerator } from '../../generator.js'
import { tsString } from '../../literal.js'
import { words } from '../../template.js'

const PROP_TYPES = ['string', 'number', 'boolean', 'date', 'node', 'callback'] as const
type PropType = (typeof PROP_TYPES)[number]

export const ComponentOptions = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Z][A-Za-z0-9]*$/, 'a PascalCase name, e.g. PostCard')
    .describe('Component name (PascalCase)'),
  type: z.enum(['functional']).default('functional').describe('Component kind: functional'),
  features: z
    .array(z.enum(['typescript', 'framer-motion', 'responsive']))
    .default(['typescript'])
    .describe('typescript (always on), framer-motion (enter animation, reduced-motion aware), responsive (mobile-first breakpoints)'),
  props: z
    .array(
      z
        .string()
        .regex(new RegExp(`^[a-z][A-Za-z0-9]*\\??:(${PROP_TYPES.join('|')})$`), `write name:type or name?:type (${PROP_TYPES.join(', ')})`),
    )
    .default(['title:string', 'description?:string'])
    .describe('Props as name:type (string, number, boolean, date, node, callback); name?: optional'),
  styling: z
    .enum(['css-modules', 'tailwind', 'none'])
    .optional()
    .describe(
      'css-modules, tailwind or none (default: tailwind when installed, else css-modules; none under NodeNext, which has no bundler)',
    ),
  dir: z.string().optional().describe('Folder for the component (default components/, or src/components/ under src/)'),
  test: z.boolean().default(true).describe('Write a test (server-rendered with react-dom, runs under vitest)'),
})

interface Prop {
  name: string
  type: PropType
  optional: boolean
}

const TS_TYPE: Record<PropType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'Date',
  node: 'ReactNode',
  callback: '() => void',
}

function render(prop: Prop): string {
  if (prop.type === 'boolean') return `${prop.name} ? 'Yes' : 'No'`
  if (prop.type === 'date') return `${prop.name}${prop.optional ? '!' : ''}.toISOString().slice(0, 10)`
  return prop.name
}

/** A JSX attribute with a sample value for the test, and the text it should render. */
function sample(prop: Prop): { attribute: string; text: string } {
  const label = words(prop.name).join(' ').toLowerCase()
  switch (prop.type) {
    case 'string':
      return { attribute: `${prop.name}=${JSON.stringify(`Sample ${label}`)}`, text: `Sample ${label}` }
    case 'number':
      return { attribute: `${prop.name}={42}`, text: '42' }
    case 'boolean':
      return { attribute: `${prop.name}={true}`, text: 'Yes' }
    case 'date':
      return { attribute: `${prop.name}={new Date('2024-01-31T00:00:00Z')}`, text: '2024-01-31' }
    case 'node':
      return { attribute: `${prop.name}={<em>Sample ${label}</em>}`, text: `<em>Sample ${label}</em>` }
    case 'callback':
      return { attribute: `${prop.name}={() => undefined}`, text: actionLabel(prop.name) }
  }
}

function actionLabel(name: string): string {
  const w = words(name.replace(/^on(?=[A-Z])/, ''))
  return w.map((x, i) => (i === 0 ? x.charAt(0).toUpperCase() + x.slice(1).toLowerCase() : x.toLowerCase())).join(' ')
}

const TAILWIND = {
  root: (responsive: boolean) =>
    `flex flex-col gap-2 rounded-xl border border-black/10 p-4${responsive ? ' sm:p-6 lg:flex-row lg:items-center' : ''}`,
  title: 'm-0 text-lg font-semibold',
  text: 'm-0 leading-relaxed',
  action: 'self-start',
}

export default defineGenerator({
  kind: 'component',
  summary: 'A React function component in TypeScript (TSX), optionally animated with framer-motion and responsive, with its test',
  options: ComponentOptions,
  examples: [
    'generate component --name PostCard --type functional --features typescript,framer-motion,responsive',
    'generate component --name UserBadge --props name:string,joined:date,onFollow?:callback --styling tailwind',
  ],
  plan(options, { project }) {
    const deps = project.dependencies
    const features = new Set(options.features)
    const motion = features.has('framer-motion')
    const responsive = features.has('responsive')
    // CSS modules need a bundler; a project that resolves modules as Node does (NodeNext) gets none.
    const styling = options.styling ?? ('tailwindcss' in deps ? 'tailwind' : project.importExtensions ? 'none' : 'css-modules')
    const props: Prop[] = options.props.map((spec) => {
      const [raw = '', type = 'string'] = spec.split(':')
      const optional = raw.endsWith('?')
      return { name: optional ? raw.slice(0, -1) : raw, type: type as PropType, optional }
    })
    const names = props.map((p) => p.name)
    const clash = names.find((n, i) => names.indexOf(n) !== i || n === 'className' || n === 'children')
    if (clash)
      throw new UserInputError(`Prop "${clash}" is repeated or reserved (className and children are always there).`, { field: 'props' })

    const dir = (options.dir ?? (project.srcDir ? 'src/components' : 'components')).replace(/\/$/, '')
    const base = `${dir}/${options.name}`
    const files = {
      component: `${base}/${options.name}.tsx`,
      index: `${base}/index.ts`,
      test: `${base}/${options.name}.test.tsx`,
      styles: `${base}/${options.name}.module.css`,
      stylesTypes: `${base}/${options.name}.module.css.d.ts`,
    }
    const ext = project.importExtensions ? '.js' : ''
    const cssModule = styling === 'css-modules'
    const cls = (key: 'root' | 'title' | 'text' | 'action') =>
      cssModule
        ? `styles.${key}`
        : styling === 'tailwind'
          ? tsString(key === 'root' ? TAILWIND.root(responsive) : TAILWIND[key])
          : 'undefined'
    const rootClass = styling === 'none' ? 'className' : `[${cls('root')}, className].filter(Boolean).join(' ')`
    const titleProp = props.find((p) => p.type === 'string' && !p.optional && /^(title|name|heading|label)$/.test(p.name))
    const textProps = props.filter((p) => p !== titleProp && p.type !== 'callback' && p.type !== 'node')
    const nodeProps = props.filter((p) => p.type === 'node')
    const samples = new Map(props.map((p) => [p.name, sample(p)]))
    const required = props.filter((p) => !p.optional)
    const firstOptionalText = textProps.find((p) => p.optional && p.type !== 'boolean')
    const motionPackage = 'motion' in deps && !('framer-motion' in deps) ? 'motion/react' : 'framer-motion'
    const htmlTag = 'article'
    return {
      vars: {
        name: options.name,
        files,
        imports: {
          styles: `./${options.name}.module.css`,
          component: `./${options.name}${ext}`,
          testComponent: `./${options.name}${ext}`,
        },
        useClient: motion && 'next' in deps,
        motion,
        motionImport: motionPackage,
        needsReactTypes: true,
        reactTypes: 'ReactNode',
        cssModule,
        responsive,
        props: props.map((p) => ({
          signature: `${p.name}${p.optional ? '?' : ''}: ${TS_TYPE[p.type]}`,
          expectText: samples.get(p.name)!.text,
        })),
        destructure: [...names, 'children', 'className'].join(', '),
        rootTag: motion ? `motion.${htmlTag}` : htmlTag,
        htmlTag,
        rootClass,
        classes: { title: cls('title'), text: cls('text'), action: cls('action') },
        testId: words(options.name)
          .map((w) => w.toLowerCase())
          .join('-'),
        titleProp: titleProp !== undefined,
        titleExpr: titleProp ? `{${titleProp.name}}` : '',
        textProps: [...textProps, ...nodeProps].map((p) => ({ name: p.name, optional: p.optional, render: render(p) })),
        callbackProps: props
          .filter((p) => p.type === 'callback')
          .map((p) => ({ name: p.name, optional: p.optional, label: actionLabel(p.name) })),
        hasChildren: true,
        sampleProps: props.length ? ` ${props.map((p) => samples.get(p.name)!.attribute).join(' ')}` : '',
        requiredOnlyProps: required.length ? ` ${required.map((p) => samples.get(p.name)!.attribute).join(' ')}` : '',
        firstOptionalText: firstOptionalText ? samples.get(firstOptionalText.name)!.text : '',
        barrel: true,
        test: options.test,
      },
      notes: [
        `import { ${options.name} } from './${posix.relative('.', base)}'`,
        ...(options.test && project.jsx === 'preserve'
          ? [
              'tsconfig.json has "jsx": "preserve": give vitest a JSX transform (vitest.config: esbuild: { jsx: "automatic" }, or @vitejs/plugin-react) to run the test.',
            ]
          : []),
        ...(motion && !('framer-motion' in deps) && !('motion' in deps) ? ['Install framer-motion: the component imports it.'] : []),
      ],
    }
  },
})
