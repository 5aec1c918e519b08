/** Shared setup of the sandbox integration tests: temporary workspaces and which backends to test. */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe } from 'vitest'
import type { SandboxBackend } from '../../src/sandbox/index.js'

/**
 * `CODEX_SANDBOX_TESTS=fallback` runs only the tests that need no bubblewrap (for machines without it).
 * Otherwise the bubblewrap tests run and fail, with the reason, where bwrap is missing or unusable:
 * CI installs the `bubblewrap` package, and a skipped isolation test would prove nothing.
 */
export const FALLBACK_ONLY = process.env.CODEX_SANDBOX_TESTS === 'fallback'

/** `describe` for tests that need bubblewrap; skipped only under CODEX_SANDBOX_TESTS=fallback. */
export function describeBubblewrap(name: string, tests: () => void): void {
  if (FALLBACK_ONLY) describe.skip(name, tests)
  else describe(name, tests)
}

/** The backends to run backend-independent tests against. */
export const BACKENDS: SandboxBackend[] = FALLBACK_ONLY ? ['process'] : ['bubblewrap', 'process']

/** A fresh workspace folder (real path), removed after the file's tests. */
export function makeWorkspace(prefix = 'codex-sandbox-test-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Host processes whose command line contains `marker` (Linux /proc). */
export function processesWith(marker: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) found.push(Number(name))
    } catch {
      // The process exited between listing and reading: it is not a survivor.
    }
  }
  return found
}
