// Writes docs/rule-catalog.md from the built rule pack (run `npm run build` first; docs:rules does).
import { writeFileSync } from 'node:fs'
import { loadRules } from '../dist/capabilities/analyze/engines/rule-loader.js'
import { ruleCatalogMarkdown } from '../dist/capabilities/analyze/catalog.js'

const { rules } = loadRules()
writeFileSync(new URL('../docs/rule-catalog.md', import.meta.url), ruleCatalogMarkdown(rules))
console.log(`docs/rule-catalog.md: ${rules.length} rules`)
