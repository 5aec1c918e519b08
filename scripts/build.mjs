// Compiles src/ to dist/ with tsc and copies the rule data beside the compiled engine.
// Runs on `npm ci` (prepare), so a fresh clone gets a working `codex-agent` bin. Builds into a
// temporary folder and swaps it in, so a running CLI or test never sees a half-built dist/.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('../', import.meta.url))
const staging = `${root}dist.build-${process.pid}`
const dist = `${root}dist`
rmSync(staging, { recursive: true, force: true })
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', staging], {
    stdio: 'inherit',
    cwd: root,
  })
  // Data beside the code (rule YAML, mappings, taint specs, scaffold templates) ships as is.
  cpSync(`${root}src`, staging, {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || (!src.endsWith('.ts') && !src.endsWith('.md')),
  })
  chmodSync(`${staging}/interfaces/cli/main.js`, 0o755)
  const old = `${root}dist.old-${process.pid}`
  if (existsSync(dist)) renameSync(dist, old)
  renameSync(staging, dist)
  rmSync(old, { recursive: true, force: true })
} finally {
  rmSync(staging, { recursive: true, force: true })
}
