"""The deterministic engine: understand the request, call the tool, reply from its result.

It never writes a fact that a tool did not return. When it does not understand, it says what
it can do, listing its tools with an example each. Replies are labelled ``deterministic``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import select

from symphainy.agents import intent
from symphainy.agents.artefacts import file_refs
from symphainy.agents.tools import AGENT_TITLES, Tool, tools_for
from symphainy.agents.turn import Event, TurnEnv, TurnOutput, execute, handoff_card, reply_from
from symphainy.core.errors import AppError
from symphainy.models.operations import Workflow
from symphainy.models.outcomes import Proposal, Roadmap

METHOD = "deterministic"


def capabilities(agent: str) -> list[tuple[Tool, str]]:
    """What ``agent`` can do: each tool with its first example phrasing."""
    tools = tools_for(agent)
    own = [t for t in tools if t.agent == agent] or tools
    return [(t, t.examples[0] if t.examples else t.description) for t in own]


def capability_text(agent: str) -> str:
    lines = [f"- {t.description} For example: “{example}”" for t, example in capabilities(agent)]
    return "\n".join(lines)


def _named_artefacts(env: TurnEnv) -> list[tuple[str, str, str]]:
    with env.session() as session:
        ctx = env.context(session)
        named = [
            ("workflow", w.id, w.title)
            for w in session.scalars(select(Workflow).where(Workflow.journey_id == ctx.journey.id))
        ]
        named += [
            ("roadmap", r.id, "roadmap")
            for r in session.scalars(select(Roadmap).where(Roadmap.journey_id == ctx.journey.id))
        ]
        named += [
            ("proposal", p.id, "proposal")
            for p in session.scalars(select(Proposal).where(Proposal.journey_id == ctx.journey.id))
        ]
        return named


def understand(env: TurnEnv, message: str) -> intent.Intent | None:
    with env.session() as session:
        refs = file_refs(env.context(session))
    today = datetime.now(UTC).date()
    return intent.understand(
        message,
        tools_for(env.agent),
        env.agent,
        refs,
        today,
        _named_artefacts(env),
        env.context_file,
    )


def respond(env: TurnEnv, message: str, out: TurnOutput) -> Iterator[Event]:
    """Events of the deterministic engine's answer to ``message``."""
    out.method, out.model = METHOD, None
    for notice in out.notices:
        yield "notice", {"text": notice}
    try:
        found = understand(env, message)
    except AppError as exc:
        yield from out.token_events(f"I couldn't read this journey: {exc.detail}.")
        return
    if found is None:
        yield from out.token_events(
            f"I'm not sure what you mean. As the {AGENT_TITLES[env.agent]} I can:\n"
            + capability_text(env.agent)
        )
        return
    yield from run_tool(env, found.tool, found.args, out)


def run_tool(env: TurnEnv, tool: Tool, args: dict[str, object], out: TurnOutput) -> Iterator[Event]:
    yield from execute(env, tool, dict(args), out)
    call = out.tool_calls[-1]
    text = reply_from(call)
    if tool.agent not in ("guide", env.agent) and call.get("result", {}).get("ok"):
        out.add_cards([handoff_card(tool.agent)])
        text += f"\n(This is the {AGENT_TITLES[tool.agent]}'s area; you can carry on with them.)"
    for card in out.cards:
        if card.get("title") == "Hand-off" and card.get("agent") not in (None, env.agent):
            yield "handoff", {"agent": card["agent"], "title": AGENT_TITLES[card["agent"]]}
            break
    yield from out.token_events(text)
