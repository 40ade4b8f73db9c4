"""One turn of a conversation: what it runs with, what it produced, and how tools are called.

Both engines call tools through :func:`execute`, which is where the safety rules live: the
caller's own role and workspace, a confirmation turn before anything destructive, arguments
validated against the tool's model, and a failed tool rolled back in its own session.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from symphainy.agents.artefacts import resolve_file
from symphainy.agents.tools import AGENT_TITLES, Tool, ToolContext, ToolResult
from symphainy.auth.principal import Principal
from symphainy.core.errors import AppError, Forbidden
from symphainy.core.ids import new_id
from symphainy.core.logging import get_logger
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope
from symphainy.journeys import service as journeys
from symphainy.models.workspace import Role

log = get_logger(__name__)

Event = tuple[str, dict[str, Any]]
FILE_FIELDS = ("file", "source_file", "target_file")
_WORDS = re.compile(r"\S+\s*")
YES = re.compile(
    r"^\s*(yes|y|yep|yeah|ok|okay|confirm|confirmed|go ahead|do it|sure|please do)"
    r"\b",
    re.I,
)
NO = re.compile(r"^\s*(no|n|nope|cancel|stop|don'?t|do not|abort|never ?mind)\b", re.I)


@dataclass
class TurnEnv:
    """What a turn runs with: the caller, the journey and the conversation so far."""

    runtime: Runtime
    principal: Principal
    journey_id: str
    agent: str
    conversation_id: str
    history: list[dict[str, Any]] = field(default_factory=list)
    context_file: str | None = None  # the file the conversation last worked on

    def session(self) -> AbstractContextManager[Session]:
        """A short session of the caller's workspaces (never the request's own)."""
        return self.runtime.db.session(Scope.for_workspaces(self.principal.workspace_ids))

    def context(self, session: Session) -> ToolContext:
        journey = journeys.get_journey(session, self.principal, self.journey_id)
        return ToolContext(
            session=session, runtime=self.runtime, principal=self.principal, journey=journey
        )


@dataclass
class TurnOutput:
    """Everything a turn produced, kept as it goes so a stopped turn can still be stored."""

    text: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    method: str = "deterministic"
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    notices: list[str] = field(default_factory=list)
    pending_action: dict[str, Any] | None = None
    clear_pending: bool = False
    stopped: bool = False
    started: float = field(default_factory=time.perf_counter)
    first_token_ms: float | None = None

    def token_events(self, text: str) -> Iterator[Event]:
        """Stream ``text`` a word at a time, as a model would."""
        for piece in _WORDS.findall(text):
            if self.first_token_ms is None:
                self.first_token_ms = (time.perf_counter() - self.started) * 1000
            self.text += piece
            yield "token", {"text": piece}

    def add_cards(self, cards: list[dict[str, Any]]) -> None:
        self.cards.extend(cards)


def _prepare(ctx: ToolContext, args: BaseModel) -> BaseModel:
    """Resolve file references to ids, so what is confirmed is exactly what will run."""
    updates = {}
    for name in FILE_FIELDS:
        value = getattr(args, name, None)
        if name in type(args).model_fields and (value or name == "file"):
            file = resolve_file(ctx, value, archived=None)
            updates[name] = file.id
    return args.model_copy(update=updates) if updates else args


def _describe(ctx: ToolContext, tool: Tool, args: BaseModel) -> str:
    from symphainy.models.content import File

    parts = []
    for name in FILE_FIELDS:
        value = getattr(args, name, None)
        if value:
            file = ctx.session.get(File, value)
            parts.append(f"“{file.display_name}”" if file else str(value))
    action = tool.description.rstrip(".")
    return f"{action}: {', '.join(parts)}" if parts else action


def refusal(exc: AppError) -> str:
    if isinstance(exc, Forbidden):
        return f"I can't do that for you: {exc.detail}."
    return f"I couldn't do that: {exc.detail}."


def execute(
    env: TurnEnv,
    tool: Tool,
    raw_args: dict[str, Any],
    out: TurnOutput,
    *,
    confirmed: bool = False,
    call_id: str | None = None,
) -> Iterator[Event]:
    """Run one tool call with the caller's permissions, recording the call and its result."""
    call = {
        "id": call_id or new_id(),
        "name": tool.name,
        "arguments": raw_args,
        "agent": tool.agent,
    }
    out.tool_calls.append(call)
    yield "tool_call", dict(call)
    started = time.perf_counter()
    try:
        args = tool.args.model_validate(raw_args)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in exc.errors()
        )
        yield from _failed(
            call, out, f"the request for {tool.name} was incomplete: {problems}", started=started
        )
        return
    try:
        with env.session() as session:
            ctx = env.context(session)
            if tool.writes:
                ctx.principal.require(ctx.journey.workspace_id, Role.member)
            if tool.destructive and not confirmed:
                args = _prepare(ctx, args)
                summary = _describe(ctx, tool, args)
                out.pending_action = {
                    "tool": tool.name,
                    "arguments": args.model_dump(),
                    "summary": summary,
                    "user_id": env.principal.user.id,
                    "call_id": call["id"],
                }
                result = ToolResult(
                    data={"confirmation_required": True, "summary": summary},
                    headline=f"Please confirm: {summary}. Reply “yes” to go "
                    "ahead or “no” to cancel.",
                )
            else:
                result = tool.run(ctx, args)
    except AppError as exc:  # raised outside the ``with``: the tool's writes are rolled back
        yield from _failed(call, out, refusal(exc), status=exc.status_code, started=started)
        return
    call["result"] = {
        "ok": True,
        "facts": result.facts,
        "headline": result.headline,
        "data": _compact(result.data),
        "ms": _ms(started),
    }
    out.facts.extend(result.facts)
    out.add_cards(result.cards)
    yield (
        "tool_result",
        {
            "id": call["id"],
            "name": tool.name,
            "ok": True,
            "headline": result.headline,
            "facts": result.facts,
            "cards": result.cards,
            "confirmation_required": bool(out.pending_action),
        },
    )


def _failed(
    call: dict[str, Any],
    out: TurnOutput,
    message: str,
    status: int = 422,
    started: float | None = None,
) -> Iterator[Event]:
    call["result"] = {
        "ok": False,
        "error": message,
        "status": status,
        "ms": _ms(started) if started is not None else 0,
    }
    yield (
        "tool_result",
        {
            "id": call["id"],
            "name": call["name"],
            "ok": False,
            "error": message,
            "status": status,
            "facts": [],
            "cards": [],
        },
    )


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _compact(value: Any, depth: int = 0) -> Any:
    """A tool's data as stored with the message: long lists and strings are cut."""
    if isinstance(value, dict):
        return {k: _compact(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        items = [_compact(v, depth + 1) for v in value[:25]]
        return items + ([f"… {len(value) - 25} more"] if len(value) > 25 else [])
    if isinstance(value, str) and len(value) > 2000:
        return value[:2000] + "…"
    return value


def reply_from(call: dict[str, Any]) -> str:
    """The reply to a tool call, written only from its recorded result."""
    result = call.get("result") or {}
    if not result.get("ok"):
        return str(result.get("error") or "That did not work.")
    lines = [str(result.get("headline") or "Done.")]
    lines += [f"- {fact}" for fact in result.get("facts", [])]
    return "\n".join(lines)


def handoff_card(agent: str) -> dict[str, Any]:
    return {
        "type": "status",
        "title": "Hand-off",
        "status": agent,
        "agent": agent,
        "text": f"The {AGENT_TITLES[agent]} looks after this; you can carry on with them.",
    }


def confirm_pending(
    env: TurnEnv,
    pending: dict[str, Any],
    message: str,
    out: TurnOutput,
    lookup: Callable[[str], Tool | None],
) -> Iterator[Event] | None:
    """Events for the answer to a pending confirmation, or None if the message is not one."""
    if pending.get("user_id") != env.principal.user.id:
        return None
    if YES.match(message):
        tool = lookup(str(pending.get("tool")))
        out.clear_pending = True
        if tool is None:
            return iter(out.token_events("That action is no longer available."))

        def run() -> Iterator[Event]:
            assert tool is not None
            yield from execute(env, tool, dict(pending.get("arguments") or {}), out, confirmed=True)
            yield from out.token_events(reply_from(out.tool_calls[-1]))

        return run()
    if NO.match(message):
        out.clear_pending = True
        return iter(
            out.token_events(
                f"Cancelled: nothing was changed ({pending.get('summary', 'the pending action')})."
            )
        )
    out.clear_pending = True
    out.notices.append(f"The pending action was cancelled: {pending.get('summary', '')}.")
    return None
