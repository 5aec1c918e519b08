#!/usr/bin/env node
/**
 * The CLI door. Only commander loads at start-up; each command imports its implementation when run,
 * so `codex-agent --help` stays fast.
 */
import { Command, Option } from 'commander'
import { readFileSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }

/** Runs a command body, maps errors to exit codes, and exits with the command's code. */
function run<A extends unknown[]>(body: (...args: A) => Promise<number> | number) {
  return async (...args: A) => {
    const command = args.at(-1) as Command
    const globals = command.optsWithGlobals() as { debug?: boolean; json?: boolean }
    try {
      process.exitCode = await body(...args)
    } catch (error) {
      const { reportError } = await import('./runtime.js')
      process.exitCode = reportError(error, globals)
    }
  }
}

/**
 * An action that imports its command module only when the command runs. `call` gets the module, the
 * command's positional arguments and its options merged with the global ones.
 */
function lazy<M>(
  load: () => Promise<M>,
  call: (module: M, positionals: unknown[], options: Record<string, unknown>) => Promise<number> | number,
) {
  return run(async (...args: unknown[]) => {
    const command = args.at(-1) as Command
    return call(await load(), args.slice(0, -2), command.optsWithGlobals())
  })
}

const program = new Command()
  .name('codex-agent')
  .description('Code-intelligence and code-generation agent: analysis, scaffolds, tests, docs, refactors.')
  .version(version, '-v, --version')
  .option('--json', 'machine-readable output on stdout')
  .option('--config <file>', 'use this config file instead of .codex/config.yml / .codexrc')
  .option('--workspace <dir>', 'workspace root (default: current directory); nothing outside it is read or written')
  .option('--no-store', 'do not record this run in .codex/state.db')
  .option('--debug', 'show stack traces')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: false })

program
  .command('analyze')
  .description('static analysis: security (CWE/OWASP), performance, quality, compatibility')
  .argument('[paths...]', 'files or folders to analyze (default: .)')
  .option('-t, --type <types>', 'comma-separated: security,performance,quality,compatibility (default: all)')
  .option('--standards <list>', 'rule sets, e.g. OWASP,CWE,PEP8,performance_best_practices')
  .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif']))
  .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
  .addOption(
    new Option('--fail-on <severity>', 'exit 1 when a finding is at or above (default: high)').choices([
      'critical',
      'high',
      'medium',
      'low',
      'info',
      'none',
    ]),
  )
  .option('--baseline <file>', 'an earlier JSON or SARIF report: show only new findings')
  .option('--code <source>', 'analyze this snippet instead of files')
  .option('--language <language>', 'language of --code (detected when omitted)')
  .option('--no-cache', 'ignore the content-hash cache')
  .option('--no-progress', 'no progress output on stderr')
  .option('--no-color', 'no colour in the text report')
  .action(
    lazy(
      () => import('./commands/analyze.js'),
      (m, [paths], o) => m.analyzeCommand(paths as string[], o),
    ),
  )

program
  .command('generate')
  .description(
    'generate code: `generate tests <module>` (offline), `generate <kind>` scaffolds, `generate --task "..."` (with a model); `generate --list`',
  )
  .argument('[args...]', 'a scaffold kind and its options, or --task and its options')
  .allowUnknownOption()
  .helpOption(false)
  // Everything after `generate` goes to the generator, which parses its own options.
  .action(
    lazy(
      () => import('./commands/generate.js'),
      (m, _p, o) => m.generateCommand(process.argv.slice(process.argv.indexOf('generate') + 1), o),
    ),
  )

program
  .command('cloud')
  .description("the spec's `cloud ...` commands: the same command on the cloud agent's model (build-pipeline, generate-migration)")
  .argument('<command>', 'build-pipeline | generate-migration')
  .argument('[args...]', "the command's options")
  .allowUnknownOption()
  .helpOption(false)
  .action(
    lazy(
      () => import('./commands/cloud.js'),
      (m, [name], o) => m.cloudCommand(name as string, process.argv.slice(process.argv.indexOf(name as string) + 1), o),
    ),
  )

program
  .command('init')
  .description('write a commented starter .codex/config.yml')
  .option('--force', 'replace an existing config')
  .option('--dry-run', 'print the config instead of writing it')
  .action(
    lazy(
      () => import('./commands/init.js'),
      (m, _p, o) => m.initCommand(o),
    ),
  )

const runs = program.command('runs').description('recorded runs (the audit trail in .codex/state.db)')
runs
  .command('list')
  .description('list recent runs')
  .option('-n, --limit <n>', 'how many', '20')
  .action(
    lazy(
      () => import('./commands/runs.js'),
      (m, _p, o) => m.runsListCommand(o),
    ),
  )
runs
  .command('show')
  .description('show one run: request, summary, events, findings')
  .argument('<id>', 'run id (a unique prefix is enough)')
  .action(
    lazy(
      () => import('./commands/runs.js'),
      (m, [id], o) => m.runsShowCommand(id as string, o),
    ),
  )

program
  .command('serve')
  .description('HTTP API: POST /api/codex/analyze, /generate, /scaffold, /test, /a2a; GET /openapi.json, /healthz, /metrics')
  .option('-p, --port <port>', 'port (default 8787)')
  .option('--host <host>', 'interface (default 127.0.0.1)')
  .action(
    lazy(
      () => import('./commands/serve.js'),
      (m, _p, o) => m.serveCommand(o),
    ),
  )

const keys = program.command('keys').description('API keys for `serve` (stored hashed in .codex/state.db): create, list, revoke')
keys
  .command('create')
  .description('create an API key and print it once')
  .option('--name <name>', 'a name to recognise the key by')
  .option('--rate-limit <rate>', 'requests per key, e.g. "60/minute" (default: server.rate_limit)')
  .option('--scopes <list>', 'comma-separated: analyze,generate,scaffold,test,runs or * (default *)')
  .action(
    lazy(
      () => import('./commands/keys.js'),
      (m, _p, o) => m.keysCreateCommand(o),
    ),
  )
keys
  .command('list')
  .description('list API keys: id, name, prefix, created, last used, limit (never the key)')
  .action(
    lazy(
      () => import('./commands/keys.js'),
      (m, _p, o) => m.keysListCommand(o),
    ),
  )
keys
  .command('revoke')
  .description('revoke an API key: requests with it get 403')
  .argument('<id>', 'key id (a unique prefix is enough)')
  .action(
    lazy(
      () => import('./commands/keys.js'),
      (m, [id], o) => m.keysRevokeCommand(id as string, o),
    ),
  )

program
  .command('mcp')
  .description('Model Context Protocol server on stdio (tools: analyze, generate, scaffold, generate_tests)')
  .action(
    lazy(
      () => import('./commands/mcp.js'),
      (m, _p, o) => m.mcpCommand(o),
    ),
  )

program
  .command('doctor')
  .description('report the sandbox, analysis engines and reachable model providers')
  .action(
    lazy(
      () => import('./commands/doctor.js'),
      (m, _p, o) => m.doctorCommand(o),
    ),
  )

await program.parseAsync(process.argv)
