"""The deterministic engine: understand the request, call the tool, reply from its result.

What the message asks for is decided by ``agents.understand`` from the whole message, the
journey's files (names, columns, values) and artefacts, and the conversation's previous
reading. It never writes a fact that a tool did not return. When it does not understand, it
asks, with choices; out-of-scope requests are declined with what it can do. Replies are
labelled ``deterministic``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from symphainy.agents import followup, understand
from symphainy.agents.artefacts import FileRef, file_refs
from symphainy.agents.naming import named_files
from symphainy.agents.slots import tokens
from symphainy.agents.tools import AGENT_TITLES, Tool, ToolContext, get_tool, status_card, tools_for
from symphainy.agents.tools_charts import _PAIR, _SPREAD, what_to_chart
from symphainy.agents.tools_insights import AskArgs, ask_data
from symphainy.agents.turn import Event, TurnEnv, TurnOutput, execute, handoff_card, reply_from
from symphainy.agents.wording import question_for, without_file_words
from symphainy.core.errors import AppError
from symphainy.insights import service as insights
from symphainy.operations import service as operations
from symphainy.outcomes import service as outcomes

METHOD = "deterministic"
MAX_VALUES = 50
MAX_DISTINCT = 50


def capabilities(agent: str) -> list[tuple[Tool, str]]:
    """What ``agent`` can do: each tool with its first example phrasing."""
    tools = tools_for(agent)
    own = [t for t in tools if t.agent == agent] or tools
    return [(t, t.examples[0] if t.examples else t.description) for t in own]


def capability_text(agent: str) -> str:
    lines = [f"- {t.description} For example: “{example}”" for t, example in capabilities(agent)]
    return "\n".join(lines)


def _named_artefacts(ctx: ToolContext) -> list[tuple[str, str, str]]:
    """The journey's workflows, roadmap and proposal, read through their pillars' services."""
    session, principal, journey_id = ctx.session, ctx.principal, ctx.journey.id
    named = [
        ("workflow", w.id, w.title)
        for w in operations.list_workflows(session, principal, journey_id, limit=200).items
    ]
    roadmap = outcomes.latest_roadmap(session, principal, journey_id)
    if roadmap is not None:
        named.append(("roadmap", roadmap.id, "roadmap"))
    proposal = outcomes.latest_proposal(session, principal, journey_id)
    if proposal is not None:
        named.append(("proposal", proposal.id, "proposal"))
    return named


def _profile_facts(
    ctx: ToolContext, refs: list[FileRef]
) -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]]]:
    """Each ready dataset's frequent category values and the calendar years its date columns
    cover, from its profile (when computed)."""
    values: dict[str, dict[str, list[str]]] = {}
    years: dict[str, list[str]] = {}
    for ref in refs:
        if ref.kind != "dataset" or ref.status != "ready" or ref.archived:
            continue
        try:
            row = insights.dataset_analysis(
                ctx.session, ctx.runtime, ctx.principal, ref.id, "profile"
            )
        except AppError:
            continue
        if row.status != "ready":
            continue
        columns = row.result.get("columns", [])
        values[ref.id] = {
            str(c["name"]): [str(t["value"]) for t in c.get("top_values") or []][:MAX_VALUES]
            for c in columns
            if c.get("top_values") and c.get("distinct", 0) <= MAX_DISTINCT
        }
        if covered := _years(columns):
            years[ref.id] = covered
    return values, years


def _years(columns: list[dict[str, object]]) -> list[str]:
    """The calendar years a dataset's date columns cover (so "in 2014" finds the weather file)."""
    years: set[int] = set()
    for column in columns:
        if column.get("kind") != "temporal":
            continue
        first, last = str(column.get("min") or "")[:4], str(column.get("max") or "")[:4]
        if first.isdigit() and last.isdigit() and 0 <= int(last) - int(first) <= 200:
            years.update(range(int(first), int(last) + 1))
    return [str(y) for y in sorted(years)]


def journey_view(env: TurnEnv) -> understand.Journey:
    with env.session() as session:
        ctx = env.context(session)
        refs = file_refs(ctx)
        values, years = _profile_facts(ctx, refs)
        return understand.Journey(
            files=refs,
            values=values,
            named=_named_artefacts(ctx),
            today=datetime.now(UTC).date(),
            years=years,
        )


def respond(env: TurnEnv, message: str, out: TurnOutput) -> Iterator[Event]:
    """Events of the deterministic engine's answer to ``message``."""
    out.method, out.model = METHOD, None
    for notice in out.notices:
        yield "notice", {"text": notice}
    try:
        journey = journey_view(env)
    except AppError as exc:
        yield from out.token_events(f"I couldn't read this journey: {exc.detail}.")
        return
    previous = followup.last_reading(env.earlier_calls, {f.id for f in journey.files})
    tools = tools_for(env.agent)
    decision = understand.decide(message, env.agent, tools, journey, previous)
    if env.asked:
        carried = _after_asked(env, journey, message, env.asked, decision)
        if carried is not None:
            decision = carried
    if decision.kind == "clarify" and decision.retry and decision.tool is not None:
        ref = next((f for f in journey.live if f.id == decision.args.get("file")), None)
        if ref is not None and _answered(env, ref, decision.retry) is not None:
            retried: dict[str, object] = {"file": ref.id, "question": decision.retry}
            yield from run_tool(env, decision.tool, retried, out, decision.retry)
            return
    if decision.kind == "tool" and decision.tool is not None:
        yield from run_tool(env, decision.tool, decision.args, out, decision.note)
        return
    agreed = _same_answer(env, journey, decision)
    if agreed is not None and decision.tool is not None:
        ref, args = agreed
        others = ", ".join(f"“{c.name}”" for c in decision.candidates if c is not ref)
        after = (
            f"(Answered from “{ref.name}”: {others} gives the same figures for this question. "
            "Name a file to use another one.)"
        )
        yield from run_tool(env, decision.tool, args, out, after=after)
        return
    yield from _answer_without_tool(env, decision, out)


MAX_AGREEING = 3


def _figures(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """What an answer says, without the words of its file: how it was computed (aggregate,
    order, limit) and the numbers of its measure column (or of its last column)."""
    evidence = data.get("evidence") or {}
    reading = data.get("interpretation") or {}
    if not data.get("answered") or not evidence.get("rows"):
        return None
    columns = list(evidence.get("columns") or [])
    measure = reading.get("measure")
    at = columns.index(measure) if measure in columns else len(columns) - 1
    numbers: list[float] = []
    for row in evidence["rows"]:
        value = row[at] if isinstance(row, list | tuple) and len(row) > at else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        numbers.append(round(float(value), 6))
    return (reading.get("aggregate"), reading.get("order"), reading.get("limit"), tuple(numbers))


def _same_answer(
    env: TurnEnv, journey: understand.Journey, decision: understand.Decision
) -> tuple[FileRef, dict[str, Any]] | None:
    """When a data question fits several files (two versions of the same data), each is asked;
    if every one answers with the same figures, the answer is given from the first, saying the
    others agree (no file is picked silently). Otherwise ``None``: the reply asks which."""
    tool, candidates = decision.tool, decision.candidates
    if decision.kind != "clarify" or tool is None or tool.name not in ("ask_data", "chart_data"):
        return None
    if not 1 < len(candidates) <= MAX_AGREEING or not decision.args.get("question"):
        return None
    asked: list[tuple[FileRef, dict[str, Any]]] = []
    seen: set[tuple[Any, ...]] = set()
    with env.session() as session:
        ctx = env.context(session)
        for ref in candidates:
            question = question_for(str(decision.args["question"]), ref, journey)
            args = {**decision.args, "file": ref.id, "question": question}
            probe = question
            if tool.name == "chart_data":
                # A chart draws the rows of the parsed question: the same rows, the same chart.
                probe = what_to_chart(question)
                if _SPREAD.search(probe) or _PAIR.search(probe):
                    return None  # histograms and scatters are drawn from the raw column
            try:
                result = ask_data(ctx, AskArgs.model_validate({**args, "question": probe}))
            except (AppError, ValueError):
                return None
            figures = _figures(result.data)
            if figures is None:
                return None
            seen.add(figures)
            asked.append((ref, args))
    return asked[0] if len(seen) == 1 else None


def _answered(env: TurnEnv, ref: FileRef, question: str) -> followup.Reading | None:
    """How Insights reads ``question`` on ``ref`` when it answers it (nothing is stored)."""
    probe = what_to_chart(question)
    try:
        with env.session() as session:
            ctx = env.context(session)
            result = ask_data(ctx, AskArgs.model_validate({"file": ref.id, "question": probe}))
    except (AppError, ValueError):
        return None
    data = result.data
    if not data.get("answered"):
        return None
    return followup.Reading(
        tool="ask_data",
        file_id=ref.id,
        question=str(data.get("question") or probe),
        interpretation=dict(data.get("interpretation") or {}),
        answered=True,
    )


# Words of a pick that only point at a file ("use the raw one", "in penguins.csv please").
PICK_WORDS = frozenset(
    [
        "the",
        "one",
        "in",
        "use",
        "a",
        "please",
        "that",
        "this",
        "file",
        "from",
        "on",
        "with",
        "go",
        "lets",
        "let's",
        "ok",
        "okay",
        "data",
        "dataset",
        "csv",
        "raw",
        "clean",
        "first",
        "second",
        "other",
        "i",
        "mean",
    ]
)


def _after_asked(
    env: TurnEnv,
    journey: understand.Journey,
    message: str,
    asked: dict[str, Any],
    decision: understand.Decision,
) -> understand.Decision | None:
    """The turn after "which dataset do you mean?". A pick of one of the offered files answers
    the pending question with the follow-ups typed since ("what species is that one?" asked
    while the file was unknown); a follow-up typed instead of a pick is carried into the same
    question back, so that the pick answers it. ``None``: the message is read as it is."""
    offered = [f for f in journey.live if f.id in (asked.get("files") or [])]
    question, name = asked.get("question"), asked.get("tool")
    if len(offered) < 2 or not isinstance(question, str) or not isinstance(name, str):
        return None
    tools = tools_for(env.agent)
    followups = [str(f) for f in asked.get("followups") or []]
    named, ambiguous = named_files(message, offered)
    if len(named) == 1 and not ambiguous:
        ref = named[0]
        rest = " ".join(tokens(message.split(" — in ")[0]))
        left = set(tokens(without_file_words(message, ref, journey))) - PICK_WORDS
        bare = len(left) <= 1
        if not followups:
            if not bare:
                return None  # the question again, naming the file: read as it is
            args = {"file": ref.id, "question": question_for(question, ref, journey)}
            return understand.Decision("tool", get_tool(name), args, note=None)
        if not (bare or rest == " ".join(tokens(followups[-1]))):
            return None
        naming = f"{question.rstrip(' ?.!')} in {ref.name}"
        first = understand.decide(naming, env.agent, tools, journey, None)
        asked_first = first.args.get("question") if first.kind == "tool" else None
        first_question = str(asked_first or question_for(question, ref, journey))
        reading = _answered(env, ref, first_question)
        if reading is None:
            # The open question is not answered on that file: it is asked, so that the reply
            # says why, rather than the pick being read as a request of its own.
            args = {"file": ref.id, "question": first_question}
            return understand.Decision("tool", get_tool(name), args)
        for step, text in enumerate(followups):
            if reading is None:
                return None
            reading.tool = name
            found = understand.decide(text, env.agent, tools, journey, reading)
            if step == len(followups) - 1 or found.kind != "tool":
                return found
            asked_now = str(found.args.get("question") or "")
            reading = _answered(env, ref, asked_now) if asked_now else None
        return None
    if named or decision.kind != "clarify" or decision.retry:
        return None  # a file named, or the message is understood alone
    leans = bool(followup.LEAD.match(message)) or bool(
        set(tokens(message)) & followup.PRONOUNS or re.search(r"\b(that|this) one\b", message)
    )
    if decision.choices:
        # Asked which file again ("what region is it in?" fits both): carried only when it
        # leans on the open question, and the files asked about are the same.
        if not leans or not {f.id for f in decision.candidates} <= {f.id for f in offered}:
            return None
    elif not (leans or followup.looks_like_followup(message)):
        return None
    tool = get_tool(name)
    carried = [*followups, message.strip()]
    return understand.Decision(
        "clarify",
        tool,
        {},
        text=f"Which dataset do you mean? (Still open: “{question}”, then “{message.strip()}”.)",
        choices=[
            understand.Choice(ref.name, f"{message.strip().rstrip(' ?.!')}? — in {ref.name}")
            for ref in offered
        ],
        candidates=offered,
        pending={**asked, "followups": carried},
    )


def _answer_without_tool(
    env: TurnEnv, decision: understand.Decision, out: TurnOutput
) -> Iterator[Event]:
    title = AGENT_TITLES[env.agent]
    if decision.kind == "help":
        out.add_cards([status_card("Help", "help", f"What the {title} can do")])
        intro = f"{decision.text}\n" if decision.text else "Hello, "
        yield from out.token_events(
            f"{intro}I'm the {title} for this journey. I work with its files and "
            f"results. I can:\n{capability_text(env.agent)}"
        )
    elif decision.kind == "ack":
        out.add_cards([status_card("Help", "help", "Nothing to do")])
        yield from out.token_events(
            "Nothing is waiting for an answer, so nothing was done. "
            "Ask me about a file, a chart, the data quality or what to do next."
        )
    elif decision.kind == "decline":
        out.add_cards([status_card("Out of scope", "out_of_scope", decision.text)])
        yield from out.token_events(
            f"Sorry, that is outside what I can do here ({decision.text}): I work only with "
            f"this journey's files and results. As the {title} I can:\n"
            + capability_text(env.agent)
        )
    else:
        choices = decision.choices or [
            understand.Choice(example, example) for _tool, example in capabilities(env.agent)[:5]
        ]
        question = decision.text or "I'm not sure what you mean."
        pending = decision.pending or _pending(decision)
        out.add_cards(
            [
                status_card("Question", "clarify", question),
                {
                    "type": "choices",
                    "title": question,
                    "choices": [{"label": c.label, "message": c.message} for c in choices],
                    **({"pending": pending} if pending else {}),
                },
            ]
        )
        text = question
        if not decision.choices:
            text += f" As the {title} I can:\n" + capability_text(env.agent)
        else:
            text += " " + ", ".join(f"“{c.label}”" for c in choices) + "?"
        yield from out.token_events(text)


def _pending(decision: understand.Decision) -> dict[str, Any] | None:
    """What a "which file?" question back leaves open: the data question and its files."""
    tool, question = decision.tool, decision.args.get("question")
    if tool is None or tool.name not in ("ask_data", "chart_data") or not question:
        return None
    if len(decision.candidates) < 2:
        return None
    files = [f.id for f in decision.candidates]
    return {"tool": tool.name, "question": str(question), "files": files}


def run_tool(
    env: TurnEnv,
    tool: Tool,
    args: dict[str, object],
    out: TurnOutput,
    note: str | None = None,
    *,
    after: str | None = None,
) -> Iterator[Event]:
    yield from execute(env, tool, dict(args), out)
    call = out.tool_calls[-1]
    text = reply_from(call)
    if note and call.get("result", {}).get("ok"):
        text += f"\n(I read this as: “{note}”.)"
    if after and call.get("result", {}).get("ok"):
        text += f"\n{after}"
    if tool.agent not in ("guide", env.agent) and call.get("result", {}).get("ok"):
        out.add_cards([handoff_card(tool.agent)])
        text += f"\n(This is the {AGENT_TITLES[tool.agent]}'s area; you can carry on with them.)"
    for card in out.cards:
        if card.get("title") == "Hand-off" and card.get("agent") not in (None, env.agent):
            yield "handoff", {"agent": card["agent"], "title": AGENT_TITLES[card["agent"]]}
            break
    yield from out.token_events(text)
