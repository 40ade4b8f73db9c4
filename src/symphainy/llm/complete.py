"""One-shot model calls for the pillars, with the same retries and backoff as the agents.

Called from request threads (sync endpoints run in a worker thread with no event loop), so it
drives the provider's async stream with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import time

from symphainy.config import Settings
from symphainy.core.logging import get_logger
from symphainy.llm import budget, build_provider
from symphainy.llm.base import ModelReply, Provider, ProviderError

log = get_logger(__name__)


async def _once(provider: Provider, system: str, prompt: str, max_tokens: int) -> ModelReply:
    reply: ModelReply | None = None
    async for item in provider.stream(
        system, [{"role": "user", "content": prompt}], [], max_tokens
    ):
        if isinstance(item, ModelReply):
            reply = item
    if reply is None:
        raise ProviderError("the model's answer ended early", retryable=True)
    return reply


def complete(
    settings: Settings,
    system: str,
    prompt: str,
    max_tokens: int = 1024,
    provider: Provider | None = None,
) -> ModelReply:
    """The model's full answer; :class:`ProviderError` once retries are spent.

    Made for a signed-in user's request, the call is refused once that user's daily model
    budget is spent, and what it used (tokens, seconds, retries included) is charged to it.
    """
    provider = provider or build_provider(settings)
    if provider is None:
        raise ProviderError("no language model is configured", retryable=False)
    user_id = budget.payer()
    if user_id is not None and (reason := budget.refusal(settings, user_id)):
        raise ProviderError(reason, retryable=False)
    started = time.monotonic()
    reply: ModelReply | None = None
    try:
        reply = _with_retries(settings, provider, system, prompt, max_tokens)
        return reply
    finally:
        if user_id is not None:
            budget.charge(
                user_id,
                (reply.model if reply else "") or provider.model,
                reply.tokens_in if reply else 0,
                reply.tokens_out if reply else 0,
                time.monotonic() - started,
            )


def _with_retries(
    settings: Settings, provider: Provider, system: str, prompt: str, max_tokens: int
) -> ModelReply:
    attempts = settings.LLM_MAX_RETRIES + 1
    for attempt in range(1, attempts + 1):
        try:
            return asyncio.run(_once(provider, system, prompt, max_tokens))
        except ProviderError as exc:
            log.warning("llm.call_failed", attempt=attempt, reason=exc.reason)
            if not exc.retryable or attempt == attempts:
                raise
            delay = settings.LLM_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
            if exc.retry_after is not None:
                delay = max(delay, min(exc.retry_after, 30.0))
            time.sleep(delay)
    raise ProviderError("the model did not answer", retryable=False)  # pragma: no cover


def reword(settings: Settings, system: str, text: str, max_tokens: int = 500) -> ModelReply:
    """Reworded text from the configured model, a drafting provider or the local one."""
    if settings.LLM_PROVIDER.strip().lower() == "local":
        from symphainy.llm import local

        return local.reword(settings, system, text, max_tokens)
    return complete(settings, system, text, max_tokens)
