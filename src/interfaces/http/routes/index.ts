/** Every HTTP route group; a capability's door is one file here and one line below. */
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../capabilities.js'
import { registerAnalyzeRoutes } from './analyze.js'
import { registerGenerateRoutes } from './generate.js'
import { registerRunRoutes } from './runs.js'
import { registerScaffoldRoutes } from './scaffold.js'
import { registerTestRoutes } from './test.js'

export const routeGroups: Array<(app: FastifyInstance, deps: RouteDeps) => void> = [
  registerAnalyzeRoutes,
  registerGenerateRoutes,
  registerRunRoutes,
  registerScaffoldRoutes,
  registerTestRoutes,
]
