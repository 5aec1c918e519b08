/** Every scaffold generator, in the order `generate --list` shows them. */
import type { ScaffoldGenerator } from '../generator.js'
import apiRoute from './api-route/index.js'
import ciCd from './ci-cd/index.js'
import component from './component/index.js'
import envConfig from './env-config/index.js'
import fixtures from './fixtures/index.js'
import migration from './migration/index.js'
import pipeline from './pipeline/index.js'
import types from './types/index.js'

export const GENERATORS: readonly ScaffoldGenerator[] = [
  apiRoute,
  envConfig,
  ciCd,
  component,
  types,
  migration,
  fixtures,
  pipeline,
] as unknown as ScaffoldGenerator[]
