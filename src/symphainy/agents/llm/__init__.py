"""Language-model providers: OpenAI-compatible chat completions and Anthropic Messages."""
