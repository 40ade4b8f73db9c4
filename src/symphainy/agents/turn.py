"""One turn of a conversation: what it runs with, what it produced, and how tools are called.

Both engines call tools through :func:`execute`, which is where the safety rules live: the
caller's own role and workspace, a destructive tool only when the user's own message asks for
it and then only as a proposal confirmed by a one-time token (``agents.confirmation``),
arguments validated against the tool's model, and a failed tool rolled back in its own session.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from symphainy.agents import confirmation, scope
from symphainy.agents.artefacts import resolve_file
from symphainy.agents.tools import AGENT_TITLES, Tool, ToolContext, ToolResult
from symphainy.auth.principal import Principal
from symphainy.content import service as content
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
    message: str = ""  # the user's message this turn (a destructive tool needs it to ask)
    earlier_calls: list[list[dict[str, Any]]] = field(default_factory=list)  # per reply
    # The question the last reply asked back about ("which dataset do you mean?"): its tool,
    # question, candidate files and the follow-ups typed since, so that a pick answers them.
    asked: dict[str, Any] | None = None

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
    confirmation_token: str | None = None  # sent once with the question, never stored
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
    parts = []
    for name in FILE_FIELDS:
        value = getattr(args, name, None)
        if value:
            file = content.get_file(ctx.session, ctx.principal, str(value))
            parts.append(f"“{file.display_name}”")
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
    if tool.destructive and not confirmed and not scope.asks_for(tool.name, env.message):
        yield from _failed(
            call,
            out,
            "I only propose deleting or archiving when you ask for it in your own words; "
            "nothing was changed.",
            status=403,
            started=started,
        )
        return
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
                token, out.pending_action = confirmation.issue(
                    tool.name,
                    args.model_dump(),
                    summary,
                    user_id=env.principal.user.id,
                    conversation_id=env.conversation_id,
                    call_id=str(call["id"]),
                )
                out.confirmation_token = token
                result = ToolResult(
                    data={
                        "confirmation_required": True,
                        "summary": summary,
                        "file_id": getattr(args, "file", None),
                    },
                    headline=f"Please confirm: {summary}. Nothing happens until you press "
                    "Confirm; any new message cancels it.",
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
            **(
                {
                    "confirmation_token": out.confirmation_token,
                    "confirm_url": confirmation.confirm_url(env.conversation_id),
                }
                if out.pending_action and out.confirmation_token
                else {}
            ),
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


def cancel_pending(
    env: TurnEnv, pending: dict[str, Any], message: str, out: TurnOutput
) -> Iterator[Event] | None:
    """A new message cancels the pending action; free text never confirms it.

    A bare "no"/"yes"/"ok" gets its own short answer (nothing was changed; only the Confirm
    button runs the action); any other message is answered as usual, with a notice.
    """
    out.clear_pending = True
    summary = pending.get("summary", "the pending action")
    if scope.is_cancel(message):
        return iter(out.token_events(f"Cancelled: nothing was changed ({summary})."))
    if scope.is_acknowledgement(message):
        return iter(
            out.token_events(
                f"Nothing was changed ({summary}): a pending action runs only from its Confirm "
                "button, and a new message cancels it. Ask again if you still want it."
            )
        )
    out.notices.append(f"The pending action was cancelled: {summary}.")
    return None
