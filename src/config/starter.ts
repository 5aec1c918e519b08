/** The commented starter config `codex-agent init` writes. It must load with the schema as is. */

export const STARTER_CONFIG = `# Codex Agent configuration (.codex/config.yml; .codexrc uses the same keys).
# Precedence: defaults < ~/.config/codex-agent/config.yml < this file < CODEX_AGENT_* env < flags.
# Secrets (API keys) never go here: set OPENAI_API_KEY / ANTHROPIC_API_KEY in the environment.
version: 1.0.0

# local: models on this machine (Ollama, llama.cpp, vLLM, a GGUF file); cloud: OpenAI/Anthropic;
# hybrid: each agent uses its own mode.
mode: local

# Defaults for every agent (the spec's model configuration block).
model:
  # provider:model, e.g. openai:gpt-4.1, anthropic:claude-sonnet-4-5, ollama:qwen2.5-coder:7b,
  # openai-compatible:http://127.0.0.1:8080/v1#model, llama-cpp:./models/coder.gguf
  # model: ollama:qwen2.5-coder:7b
  temperature: 0.1
  max_tokens: 4096
  tools: [code_interpreter, file_system, terminal]
  safety_instructions: strict
  code_execution: true
  function_calling: true

# The model for each mode (hybrid routing): agents with mode local use \`local\`, cloud use \`cloud\`,
# hybrid prefer local. An agent's own \`model:\` wins; \`model.model\` is the last fallback.
# models:
#   local: ollama:qwen2.5-coder:7b
#   cloud: openai:gpt-4.1

# Tactical agents: generation, tests, docs, refactors. Unset keys inherit from \`model\`.
agents:
  code_generator:
    mode: local
    context_window: 8192
    temperature: 0.2       # low for deterministic code
    triggers: [generate, scaffold, create]
  test_generator:
    mode: local
    context_window: 4096
    temperature: 0.1
    coverage_threshold: 80
  doc_generator:
    mode: local
    context_window: 4096
    temperature: 0.3
    formats: [jsdoc, markdown, api-docs]
  refactor_optimizer:
    mode: hybrid
    context_window: 8192
    temperature: 0.2
    auto_suggest: false

# Agents that run on a cloud model (larger context, API cost per request).
cloud_agents:
  large_refactor:
    mode: cloud
    context_window: 32768
    temperature: 0.2
  documentation_suite:
    mode: cloud
    context_window: 16384
    temperature: 0.3

# Multi-step workflows: each step names an agent (or a handoff to the reviewer) and its task.
hybrid_workflows:
  feature_implementation:
    steps:
      - agent: code_generator (local)
        task: Generate initial implementation
      - agent: test_generator (local)
        task: Generate test suite
      - agent: large_refactor (cloud)
        task: Optimize and refactor
      - handoff: claude
        task: Security review and integration

integration:
  ide: vscode
  vcs: git
  ci_cd: github-actions
  claude_sync:
    enabled: false
    endpoint: localhost:8000
    auto_review: true

# Static analysis (codex-agent analyze).
analyze:
  # types: [security, performance, quality, compatibility]
  # standards: [OWASP, PEP8, performance_best_practices]
  fail_on: high            # critical | high | medium | low | info | none
  exclude: []              # gitignore-style patterns, on top of .gitignore
  max_file_bytes: 1000000  # larger files are skipped with a note
  rules_dirs: [.codex/rules]
  workers: 0               # 0 = one worker thread per core
  taint: true              # data-flow analysis (source → sink) for JS/TS and Python security runs

# Where commands and generated code run (tests, checks, the code_interpreter and terminal tools).
sandbox:
  policy: workspace-write  # read-only | workspace-write | full
  approval: never          # ask | never: never = refuse what the policy does not allow
  network: false
  backend: auto            # auto = bubblewrap when it works, else a restricted child process

# HTTP API (codex-agent serve).
server:
  host: 127.0.0.1
  port: 8787
  body_limit_bytes: 5242880
  auth: auto               # auto = API keys required once one exists or off loopback | required | off
  rate_limit: 120/minute   # per key, for keys created without --rate-limit (codex-agent keys create)
`
