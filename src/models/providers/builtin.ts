/**
 * `builtin`: no model. The deterministic engines need none; anything that does gets an error that
 * says exactly how to configure a model (exit code 3).
 */
import { ModelError } from '../../core/errors.js'
import type { ModelClient } from '../model.js'

export const NO_MODEL_MESSAGE = [
  'This needs an AI model, and none is configured. Configure one of:',
  '  - OpenAI:    export OPENAI_API_KEY=...      then --model openai:gpt-4.1',
  '  - Anthropic: export ANTHROPIC_API_KEY=...   then --model anthropic:claude-sonnet-4-5',
  '  - Ollama:    ollama pull qwen2.5-coder:7b   then --model ollama:qwen2.5-coder:7b (server at OLLAMA_HOST, default 127.0.0.1:11434)',
  '  - llama.cpp server, vLLM, LM Studio:        --model openai-compatible:http://127.0.0.1:8080/v1#MODEL',
  '  - A GGUF file: npm install node-llama-cpp   then --model llama-cpp:./model.gguf',
  'or set `model:` in .codex/config.yml. Analysis, scaffolds, test and docs generation work offline without a model.',
].join('\n')

export function createBuiltinClient(): ModelClient {
  return {
    ref: 'builtin',
    generate: () => Promise.reject(new ModelError(NO_MODEL_MESSAGE, { code: 'model_not_configured' })),
  }
}
