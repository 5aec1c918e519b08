/** The capabilities every door exposes. Adding a capability is adding it here (and its folder). */
import { analyzeCapability } from '../capabilities/analyze/index.js'

export const capabilities = { analyze: analyzeCapability } as const
