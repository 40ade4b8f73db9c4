"""Conversations with the Guide and the liaisons, and the chat turn that streams a reply.

A turn never holds a database session while it streams: it opens short sessions of the
caller's workspaces to store the question, to run each tool, and to store the answer. If the
client goes away mid-answer (the stop button), what was produced so far is stored, marked as
stopped.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from symphainy.agents import confirmation, engine
from symphainy.agents.llm_turn import (
    LLMTurn,
    ModelUnavailable,
    build_provider,
    daily_usage,
    over_daily_budget,
)
from symphainy.agents.schemas import ConversationPublic, MessagePublic
from symphainy.agents.tools import AGENT_TITLES, get_tool
from symphainy.agents.turn import (
    Event,
    TurnEnv,
    TurnOutput,
    cancel_pending,
    execute,
    reply_from,
)
from symphainy.auth.principal import Principal
from symphainy.core.db import lock_row
from symphainy.core.errors import Conflict, NotFound
from symphainy.core.logging import get_logger
from symphainy.core.pagination import Page, paginate
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.journeys import service as journeys
from symphainy.llm.base import Provider
from symphainy.models.agents import Conversation, Message
from symphainy.models.base import utcnow

log = get_logger(__name__)
HISTORY_MESSAGES = 12


def list_conversations(
    session: Session,
    principal: Principal,
    journey_id: str,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Conversation]:
    """The caller's own conversations in a journey, newest first."""
    journey = journeys.get_journey(session, principal, journey_id)
    query = select(Conversation).where(
        Conversation.journey_id == journey.id, Conversation.user_id == principal.user.id
    )
    return paginate(session, query, Conversation.id, limit=limit, cursor=cursor)


def get_conversation(session: Session, principal: Principal, conversation_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.user_id != principal.user.id:
        raise NotFound("conversation not found")
    journeys.get_journey(session, principal, conversation.journey_id)
    return conversation


def messages_of(session: Session, conversation: Conversation) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.created_at, Message.id)
        )
    )


def conversation_public(conversation: Conversation) -> ConversationPublic:
    pending = conversation.pending_action or {}
    return ConversationPublic.model_validate(conversation).model_copy(
        update={"pending_confirmation": pending.get("summary")}
    )


@dataclass
class _Start:
    conversation_id: str
    history: list[dict[str, Any]]
    pending: dict[str, Any] | None
    context_file: str | None
    usage: tuple[int, float] = (0, 0.0)
    tool_calls: list[list[dict[str, Any]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    asked: dict[str, Any] | None = None


def _asked(messages: list[Message]) -> dict[str, Any] | None:
    """The pending question of the last reply, when that reply asked which file."""
    replies = [m for m in messages if m.role == "assistant"]
    if not replies:
        return None
    for card in replies[-1].cards or []:
        if isinstance(card, dict) and card.get("type") == "choices":
            pending = card.get("pending")
            return dict(pending) if isinstance(pending, dict) else None
    return None


def _context_file(messages: list[Message]) -> str | None:
    for message in reversed(messages):
        for call in reversed(message.tool_calls or []):
            data = (call.get("result") or {}).get("data") or {}
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                return str(data["name"])
    return None


def _start(
    runtime: Runtime,
    principal: Principal,
    journey_id: str,
    agent: str,
    text: str,
    conversation_id: str | None,
    with_usage: bool,
) -> _Start:
    with runtime.db.session(Scope.for_workspaces(principal.workspace_ids)) as session:
        journey = journeys.get_journey(session, principal, journey_id)
        if conversation_id:
            conversation = get_conversation(session, principal, conversation_id)
            if conversation.journey_id != journey.id:
                raise NotFound("conversation not found")
        else:
            conversation = Conversation(
                workspace_id=journey.workspace_id,
                journey_id=journey.id,
                agent=agent,
                title=" ".join(text.split())[:120],
                user_id=principal.user.id,
            )
            session.add(conversation)
            session.flush()
        conversation.agent = agent
        earlier = messages_of(session, conversation)
        session.add(
            Message(
                workspace_id=journey.workspace_id,
                conversation_id=conversation.id,
                role="user",
                agent=agent,
                content=text,
                tool_calls=[],
                cards=[],
                method="user",
            )
        )
        history = [
            {"role": m.role, "content": m.content}
            for m in earlier[-HISTORY_MESSAGES:]
            if m.role in ("user", "assistant") and m.content
        ]
        usage = daily_usage(session, principal.user.id) if with_usage else (0, 0.0)
        return _Start(
            conversation.id,
            history,
            conversation.pending_action,
            _context_file(earlier),
            usage,
            tool_calls=[list(m.tool_calls or []) for m in earlier if m.role == "assistant"],
            asked=_asked(earlier),
        )


def _finish(
    runtime: Runtime, principal: Principal, start: _Start, agent: str, out: TurnOutput
) -> dict[str, Any]:
    return _store_reply(runtime, principal, start.conversation_id, agent, out)


def _store_reply(
    runtime: Runtime, principal: Principal, conversation_id: str, agent: str, out: TurnOutput
) -> dict[str, Any]:
    cards = list(out.cards)
    cards += [
        {"type": "status", "title": "Notice", "status": "notice", "text": n} for n in out.notices
    ]
    if out.stopped:
        cards.append(
            {
                "type": "status",
                "title": "Stopped",
                "status": "stopped",
                "text": "stopped by the user before the answer was complete",
            }
        )
    with runtime.db.session(Scope.for_workspaces(principal.workspace_ids)) as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise NotFound("conversation not found")
        if out.pending_action:
            conversation.pending_action = out.pending_action
        elif out.clear_pending:
            conversation.pending_action = None
        message = Message(
            workspace_id=conversation.workspace_id,
            conversation_id=conversation.id,
            role="assistant",
            agent=agent,
            content=out.text,
            tool_calls=out.tool_calls,
            cards=cards,
            method=out.method,
            model=out.model,
            tokens_in=out.tokens_in,
            tokens_out=out.tokens_out,
            latency_ms=int((time.perf_counter() - out.started) * 1000),
        )
        session.add(message)
        conversation.updated_at = message.created_at = utcnow()
        session.flush()
        return MessagePublic.model_validate(message).model_dump(mode="json")


async def chat(
    runtime: Runtime,
    principal: Principal,
    journey_id: str,
    agent: str,
    text: str,
    conversation_id: str | None = None,
    provider: Provider | None = None,
) -> AsyncGenerator[Event, None]:
    """The events of one chat turn: ``conversation``, then ``token``, ``tool_call``,
    ``tool_result``, ``notice``, ``handoff``, ``retract``, and finally ``message``."""
    provider = provider or build_provider(runtime.settings)
    start = await run_in_threadpool(
        _start, runtime, principal, journey_id, agent, text, conversation_id, provider is not None
    )
    out = TurnOutput()
    env = TurnEnv(
        runtime,
        principal,
        journey_id,
        agent,
        start.conversation_id,
        start.history,
        start.context_file,
        text,
        start.tool_calls,
        asked=start.asked,
    )
    yield (
        "conversation",
        {"id": start.conversation_id, "agent": agent, "title": AGENT_TITLES[agent]},
    )
    stored = False
    try:
        async for event in _respond(env, text, out, start, provider):
            yield event
        message = await run_in_threadpool(_finish, runtime, principal, start, agent, out)
        stored = True
        yield "message", message
    finally:
        if not stored:
            # The client stopped the stream (or the turn failed): keep what was produced.
            out.stopped = True
            try:
                # Shielded: a disconnect cancels the stream, and the save must still happen;
                # on the thread pool, so the event loop never waits on the database.
                with anyio.CancelScope(shield=True):
                    await run_in_threadpool(_finish, runtime, principal, start, agent, out)
            except Exception:
                log.exception("agents.store_stopped_turn_failed")


async def _respond(
    env: TurnEnv, text: str, out: TurnOutput, start: _Start, provider: Provider | None
) -> AsyncIterator[Event]:
    if start.pending and start.pending.get("user_id") == env.principal.user.id:
        answered = cancel_pending(env, start.pending, text, out)
        if answered is not None:
            async for event in iterate_in_threadpool(answered):
                yield event
            return
    if provider is not None:
        reason = over_daily_budget(env.runtime.settings, start.usage)
        if reason is None:
            try:
                async for event in LLMTurn(env, provider, env.runtime.settings).respond(text, out):
                    yield event
                return
            except ModelUnavailable as exc:
                reason = str(exc)
        notice = (
            f"The language model is not answering ({reason}); this answer comes from "
            "the built-in deterministic engine."
        )
        out.notices.append(notice)
        if out.tool_calls:
            # Tools already ran this turn: answer from their results rather than run them again.
            yield "notice", {"text": notice}
            out.method, out.model = engine.METHOD, None
            for event in out.token_events("\n".join(reply_from(c) for c in out.tool_calls)):
                yield event
            return
        out.text = ""
    async for event in iterate_in_threadpool(engine.respond(env, text, out)):
        yield event


def _claim(
    runtime: Runtime, principal: Principal, conversation_id: str, token: str
) -> tuple[dict[str, Any], str, str]:
    """Spend the token: the pending action it confirms, cleared so it can run only once."""
    with runtime.db.session(Scope.for_workspaces(principal.workspace_ids)) as session:
        conversation = get_conversation(session, principal, conversation_id)
        # Two Confirm clicks at once: the second waits here and then finds the action spent
        # (FOR UPDATE alone would not lock on SQLite).
        lock_row(session, conversation)
        pending = confirmation.check(
            conversation.pending_action,
            token,
            user_id=principal.user.id,
            conversation_id=conversation.id,
        )
        conversation.pending_action = None
        session.add(
            Message(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.id,
                role="user",
                agent=conversation.agent,
                content=f"Confirm: {pending.get('summary', '')}",
                tool_calls=[],
                cards=[],
                method="user",
            )
        )
        return pending, conversation.journey_id, conversation.agent


def confirm_action(
    runtime: Runtime, principal: Principal, conversation_id: str, token: str
) -> dict[str, Any]:
    """Run the pending destructive action ``token`` confirms, once, as the confirming user."""
    pending, journey_id, agent = _claim(runtime, principal, conversation_id, token)
    tool = get_tool(str(pending.get("tool")))
    if tool is None:
        raise Conflict("that action is no longer available")
    env = TurnEnv(runtime, principal, journey_id, agent, conversation_id)
    out = TurnOutput()
    for _event in execute(env, tool, dict(pending.get("arguments") or {}), out, confirmed=True):
        pass
    for _event in out.token_events(reply_from(out.tool_calls[-1])):
        pass
    return _store_reply(runtime, principal, conversation_id, agent, out)
