"""Each user's daily model budget (``LLM_USER_DAILY_TOKENS`` / ``_SECONDS``), in one place.

Chat turns record their tokens and time on their messages (agents reports them through
:func:`count_usage_from`); every other model call made while a signed-in user's request runs
(an Insights question drafting SQL, a reworded summary, a proposed workflow) goes through
:func:`symphainy.llm.complete.complete`, which asks :func:`refusal` first and :func:`charge`
after. :func:`daily_usage` adds both up, so one budget covers every way a user can make the
platform call a model.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from symphainy.config import Settings
from symphainy.core.logging import get_logger
from symphainy.core.middleware import request_caller
from symphainy.core.scoping import Scope
from symphainy.models.llm import ModelCall

log = get_logger(__name__)


def payer() -> str | None:
    """The signed-in user the current request acts for; None outside a user's request."""
    caller = request_caller()
    return caller.user_id if caller is not None else None


# Pillars that keep model usage in tables of their own (agents: chat messages) report it
# here, so this module reads no pillar's tables. Each answers (tokens, seconds) since a moment.
UsageSource = Callable[[Session, str, datetime], tuple[int, float]]
_SOURCES: list[UsageSource] = []


def count_usage_from(source: UsageSource) -> UsageSource:
    """Add a pillar's own record of model usage to every user's daily total."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def daily_usage(session: Session, user_id: str) -> tuple[int, float]:
    """Tokens and model seconds ``user_id`` has spent today (UTC), chat and other calls."""
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    row = session.execute(
        select(
            func.coalesce(func.sum(ModelCall.tokens_in + ModelCall.tokens_out), 0),
            func.coalesce(func.sum(ModelCall.latency_ms), 0),
        ).where(ModelCall.user_id == user_id, ModelCall.created_at >= midnight)
    ).one()
    tokens, seconds = int(row[0]), float(row[1]) / 1000.0
    for source in _SOURCES:
        more_tokens, more_seconds = source(session, user_id, midnight)
        tokens, seconds = tokens + more_tokens, seconds + more_seconds
    return tokens, seconds


def over_daily_budget(settings: Settings, used: tuple[int, float]) -> str | None:
    """Why the user may not call a model any more today, or None."""
    tokens, seconds = used
    if tokens >= settings.LLM_USER_DAILY_TOKENS:
        return f"today's model budget of {settings.LLM_USER_DAILY_TOKENS:,} tokens is used up"
    if seconds >= settings.LLM_USER_DAILY_SECONDS:
        return f"today's model time budget of {settings.LLM_USER_DAILY_SECONDS:.0f} s is used up"
    return None


def refusal(settings: Settings, user_id: str) -> str | None:
    """Why a model call for ``user_id`` must not be made now, or None."""
    from symphainy.core.runtime import current_runtime

    with current_runtime().db.session(Scope.for_system()) as session:
        tokens, seconds = daily_usage(session, user_id)
    for call in _pending():  # calls of this request not stored yet
        tokens += call.keywords["tokens"]
        seconds += call.keywords["seconds"]
    return over_daily_budget(settings, (tokens, seconds))


def charge(user_id: str, model: str, tokens_in: int, tokens_out: int, seconds: float) -> None:
    """Count one call against ``user_id``'s budget.

    In a request the row is written once the response is sent, in a transaction of its own:
    the call stays counted even if the request fails, and on SQLite the write does not wait
    on the request's own transaction. Outside a request it is written at once.
    """
    store = partial(
        _store,
        user_id,
        model[:120],
        tokens_in,
        tokens_out,
        tokens=tokens_in + tokens_out,
        seconds=seconds,
    )
    caller = request_caller()
    if caller is not None:
        caller.after_response.append(store)
    else:
        store()


def _pending() -> list[partial[None]]:
    caller = request_caller()
    if caller is None:
        return []
    return [t for t in caller.after_response if isinstance(t, partial) and t.func is _store]


def _store(
    user_id: str, model: str, tokens_in: int, tokens_out: int, *, tokens: int, seconds: float
) -> None:
    from symphainy.core.runtime import current_runtime

    with current_runtime().db.session(Scope.for_system()) as session:
        session.add(
            ModelCall(
                user_id=user_id,
                model=model,
                tokens_in=tokens_in,
                tokens_out=tokens_out,
                latency_ms=int(seconds * 1000),
            )
        )
    log.info("llm.charged", user_id=user_id, tokens=tokens, ms=int(seconds * 1000))
