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

# Providers that only reword deterministic text and are never asked for facts or actions.
REWORD_ONLY = frozenset({"local"})

__all__ = [
    "PROVIDERS",
    "REWORD_ONLY",
    "ModelReply",
    "Provider",
    "ProviderError",
    "build_provider",
    "can_draft",
    "can_reword",
]


def _name(settings: Settings) -> str:
    return settings.LLM_PROVIDER.strip().lower()


def can_draft(settings: Settings) -> bool:
    """A model that may draft SQL, workflows and tool calls (always checked afterwards)."""
    return _name(settings) in PROVIDERS


def can_reword(settings: Settings) -> bool:
    return _name(settings) in PROVIDERS or _name(settings) in REWORD_ONLY


def build_provider(settings: Settings) -> Provider | None:
    """The configured drafting provider, or None for the offline deterministic engine."""
    name = _name(settings)
    if not name or name in REWORD_ONLY:
        return None
    provider = PROVIDERS.get(name)
    if provider is None:
        log.warning("llm.unknown_provider", provider=name)
        return None
    return provider(settings)
