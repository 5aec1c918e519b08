// Compiles src/ to dist/ with tsc and copies the rule data beside the compiled engine.
// Runs on `npm ci` (prepare), so a fresh clone gets a working `codex-agent` bin.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const root = new URL('../', import.meta.url)
rmSync(new URL('dist', root), { recursive: true, force: true })
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: root })
for (const data of ['rules', 'mappings']) {
  cpSync(new URL(`src/capabilities/analyze/${data}`, root), new URL(`dist/capabilities/analyze/${data}`, root), {
    recursive: true,
    filter: (src) => !src.endsWith('.ts'),
  })
}
chmodSync(new URL('dist/interfaces/cli/main.js', root), 0o755)
