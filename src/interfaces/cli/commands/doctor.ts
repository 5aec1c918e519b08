/** `codex-agent doctor`: what this machine offers — sandbox, analysis engines, model providers. */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import pc from 'picocolors'
import { describeSandbox } from '../../../sandbox/index.js'
import { shellcheckAvailable } from '../../../capabilities/analyze/engines/shellcheck.js'
import { loadCliConfig, type GlobalOptions } from '../runtime.js'

const require = createRequire(import.meta.url)

function commandVersion(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 3000 }, (error, stdout) => {
      const lines = stdout.trim().split('\n')
      resolve(error ? undefined : (lines.find((l) => /^version:/i.test(l))?.replace(/^version:\s*/i, '') ?? lines[0]))
    })
  })
}

async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(500) })
    return response.status < 500
  } catch {
    return false
  }
}

export async function doctorCommand(flags: GlobalOptions): Promise<number> {
  const config = loadCliConfig(flags)
  const env = process.env
  const [sandbox, shellcheck, ollama, llamaServer] = await Promise.all([
    describeSandbox(),
    shellcheckAvailable().then((ok) => (ok ? commandVersion('shellcheck', ['--version']).then((v) => v ?? 'installed') : undefined)),
    reachable(`${env.OLLAMA_HOST ?? 'http://127.0.0.1:11434'}/api/tags`),
    reachable('http://127.0.0.1:8080/v1/models'),
  ])
  const { Workspace } = require('@astral-sh/ruff-wasm-nodejs') as { Workspace: { version(): string } }
  const report = {
    node: process.version,
    sandbox,
    analyze: { astGrep: true, ruff: Workspace.version(), shellcheck: shellcheck ?? null },
    models: {
      configured: config.model?.model ?? config.models?.local ?? config.models?.cloud ?? null,
      openaiKey: Boolean(env.OPENAI_API_KEY),
      anthropicKey: Boolean(env.ANTHROPIC_API_KEY),
      ollama,
      llamaCppServer: llamaServer,
    },
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    return 0
  }
  const ok = (yes: boolean) => (yes ? pc.green('yes') : pc.yellow('no'))
  const lines = [
    `node            ${report.node}`,
    `sandbox         ${sandbox.backend}${sandbox.isolated ? '' : pc.yellow(' (not isolated)')}`,
    ...sandbox.notes.map((n) => `                ${n}`),
    `ast-grep        ${ok(true)}`,
    `ruff            ${report.analyze.ruff}`,
    `shellcheck      ${shellcheck ?? pc.yellow('not installed (apt-get install shellcheck): shell files get only the built-in rules')}`,
    `model           ${report.models.configured ?? pc.yellow('none configured (set `model:` in .codex/config.yml or pass --model)')}`,
    `OPENAI_API_KEY  ${ok(report.models.openaiKey)}    ANTHROPIC_API_KEY ${ok(report.models.anthropicKey)}`,
    `ollama          ${ok(ollama)}    llama.cpp server (127.0.0.1:8080) ${ok(llamaServer)}`,
    '',
    'Offline, without a model: analyze, init, runs, serve, mcp.',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
