/** component × project kind × features × styling: strict typecheck, lint, and the generated tests pass. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectGeneratedTestsPass, expectTypecheckAndLint, makeProject, scaffold, type TempProject } from './helpers.js'

const VARIANTS = [
  { name: 'PostCard', type: 'functional', features: ['typescript', 'framer-motion', 'responsive'] },
  {
    name: 'UserBadge',
    features: ['typescript', 'responsive'],
    styling: 'tailwind',
    props: ['name:string', 'joined:date', 'posts?:number', 'verified:boolean', 'onFollow?:callback'],
  },
  { name: 'EmptyState', features: ['typescript'], styling: 'none', props: ['heading:string', 'icon?:node', 'onRetry:callback'] },
  { name: 'StatTile', features: ['framer-motion'], props: ['label:string', 'value:number', 'note?:string'] },
] as const

for (const flavour of ['next', 'node'] as const) {
  describe(`component (${flavour} project)`, () => {
    let project: TempProject
    beforeAll(async () => {
      project = makeProject({
        flavour,
        dependencies:
          flavour === 'next' ? ['next', 'react', 'react-dom', 'framer-motion'] : ['react', 'react-dom', 'framer-motion', 'vite'],
      })
      for (const variant of VARIANTS) expect((await scaffold(project.dir, { kind: 'component', ...variant })).applied).toBe(true)
    }, 60_000)
    afterAll(() => project.remove())

    it('typechecks under strict and passes the linter', () => expectTypecheckAndLint(project.dir), 120_000)

    // 3 tests for components with an optional text prop (PostCard, UserBadge, StatTile), 2 for EmptyState.
    it('passes its generated tests', () => expectGeneratedTestsPass(project.dir, 11), 120_000)

    it('animates with framer-motion, honours reduced motion, and marks client components for Next.js', () => {
      const source = readFileSync(join(project.dir, 'components/PostCard/PostCard.tsx'), 'utf8')
      expect(source).toContain("import { motion, useReducedMotion } from 'framer-motion'")
      expect(source).toContain('<motion.article')
      expect(source.startsWith("'use client'")).toBe(flavour === 'next')
      if (flavour === 'next') {
        expect(readFileSync(join(project.dir, 'components/PostCard/PostCard.module.css'), 'utf8')).toContain('@media (min-width: 640px)')
      } else {
        // NodeNext has no bundler to load CSS modules: no styling unless asked (tailwind).
        expect(existsSync(join(project.dir, 'components/PostCard/PostCard.module.css'))).toBe(false)
        expect(readFileSync(join(project.dir, 'components/UserBadge/UserBadge.tsx'), 'utf8')).toContain('sm:p-6 lg:flex-row')
      }
    })
  })
}
