"""Language-model providers shared by every pillar: OpenAI-compatible and Anthropic.

Only configured providers are ever called (``LLM_PROVIDER``); nothing here runs what a model
writes. Pillars use :func:`complete` for one-shot text (a SQL draft, a workflow proposal) and
validate the answer themselves; the agents stream chat turns through the providers directly.
"""

from __future__ import annotations

from symphainy.config import Settings
from symphainy.core.logging import get_logger
from symphainy.llm.anthropic import AnthropicProvider
from symphainy.llm.base import ModelReply, Provider, ProviderError
from symphainy.llm.openai import OpenAIProvider

log = get_logger(__name__)
PROVIDERS: dict[str, type[Provider]] = {"openai": OpenAIProvider, "anthropic": AnthropicProvider}

__all__ = ["PROVIDERS", "ModelReply", "Provider", "ProviderError", "build_provider"]


def build_provider(settings: Settings) -> Provider | None:
    """The configured provider, or None for the offline deterministic engine."""
    name = settings.LLM_PROVIDER.strip().lower()
    if not name:
        return None
    provider = PROVIDERS.get(name)
    if provider is None:
        log.warning("llm.unknown_provider", provider=name)
        return None
    return provider(settings)
