"""The Guide: greets, turns the journey's goals into a plan, and says what to do next.

Everything it says is read from the journey as it is now: its goals, its files by status, which
datasets have a quality review, which documents became workflows, the blueprints, the roadmap
and the proposal. It names the liaison who does each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.agents.artefacts import journey_files
from symphainy.agents.tools import (
    AGENT_TITLES,
    NoArgs,
    Runner,
    Tool,
    ToolContext,
    ToolResult,
    register,
    table_card,
)
from symphainy.content import service as content
from symphainy.insights import service as insights
from symphainy.models.agents import Conversation, Message
from symphainy.operations import service as operations
from symphainy.outcomes import service as outcomes

_DATA_WORDS_TEXT = (
    "reduce increase cut grow cost costs revenue sales margin churn quality report reports "
    "reporting kpi kpis forecast metric metrics spend price prices data customers customer "
    "orders order inventory errors error rate rates time days hours budget profit volume demand"
)
DATA_WORDS = frozenset(_DATA_WORDS_TEXT.split())
_PROCESS_WORDS_TEXT = (
    "process processes workflow workflows automate automation sop sops procedure procedures "
    "onboarding approval approvals manual handoff handoffs claims invoice invoices invoicing "
    "steps team staff ticket tickets support hiring compliance operations operational"
)
PROCESS_WORDS = frozenset(_PROCESS_WORDS_TEXT.split())
_LEAD_VERB = re.compile(
    r"^(reduce|increase|cut|improve|grow|automate|speed up|lower|raise|"
    r"streamline|understand|build|launch|create|make|get)\s+",
    re.I,
)
_TAIL = re.compile(r"\s+(by|to|within|in|before|from)\s+[\d$€£].*$", re.I)


@dataclass
class JourneyState:
    goals: list[str]
    files: list[Any]  # the Content service's file rows
    reviewed: set[str] = field(default_factory=set)  # file ids whose quality report was read
    workflow_sources: set[str] = field(default_factory=set)
    workflows: list[Any] = field(default_factory=list)  # the Operations service's workflows
    blueprinted: set[str] = field(default_factory=set)  # workflow ids with a blueprint
    roadmaps: int = 0
    proposals: int = 0
    empty: set[str] = field(default_factory=set)  # ready files with no rows or no text

    def by_status(self, status: str) -> list[Any]:
        return [f for f in self.files if f.status == status]

    @property
    def datasets(self) -> list[Any]:
        return [f for f in self.files if f.kind == "dataset" and f.status == "ready"]

    @property
    def documents(self) -> list[Any]:
        return [f for f in self.files if f.kind == "document" and f.status == "ready"]


REVIEW_TOOLS = ("data_quality", "compare_quality", "journey_findings")
RECENT_MESSAGES = 500


def quality_shown(session: Session, journey_id: str) -> set[str]:
    """Datasets whose quality review a conversation of this journey has shown."""
    rows = session.scalars(
        select(Message.tool_calls)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.journey_id == journey_id, Message.role == "assistant")
        .order_by(Message.created_at.desc())
        .limit(RECENT_MESSAGES)
    )
    shown: set[str] = set()
    for calls in rows:
        for call in calls or []:
            result = call.get("result") or {}
            if call.get("name") not in REVIEW_TOOLS or not result.get("ok"):
                continue
            data = result.get("data") or {}
            if data.get("file_id"):
                shown.add(str(data["file_id"]))
            shown |= {str(d["file_id"]) for d in data.get("datasets") or [] if d.get("file_id")}
    return shown


def read_state(ctx: ToolContext) -> JourneyState:
    """The journey as it is now, read through each pillar's service (never their tables)."""
    session, principal, journey_id = ctx.session, ctx.principal, ctx.journey.id
    state = JourneyState(goals=list(ctx.journey.goals or []), files=journey_files(ctx))
    shown = quality_shown(session, journey_id)
    for file in state.datasets:
        datasets = content.datasets_of(session, file)
        # Quality is computed when a file is parsed; it counts as reviewed once someone has
        # read it: shown in a conversation of this journey, or every table's report opened
        # on the Insights page.
        results = [insights.latest_quality(session, d) for d in datasets]
        read = insights.quality_reviewed_of(session, datasets)
        on_page = bool(datasets) and all(d.id in read for d in datasets)
        if results and all(r is not None for r in results) and (file.id in shown or on_page):
            state.reviewed.add(file.id)
        if not datasets or all(d.rows == 0 for d in datasets):
            state.empty.add(file.id)
    for file in state.documents:
        if content.chunk_count(session, file.id) == 0:
            state.empty.add(file.id)
    state.workflows = sorted(
        operations.list_workflows(session, principal, journey_id, limit=200).items,
        key=lambda w: w.id,
    )
    state.workflow_sources = {w.source_file_id for w in state.workflows if w.source_file_id}
    state.blueprinted = {
        w.id for w in state.workflows if operations.latest_for(session, w.id)[1] is not None
    }
    counts = outcomes.counts_by_journey(session, [journey_id]).get(journey_id, {})
    state.roadmaps = counts.get("roadmaps", 0)
    state.proposals = counts.get("proposals", 0)
    return state


@dataclass(frozen=True)
class Step:
    agent: str
    text: str
    done: bool = False


def _topic(goal: str) -> str:
    topic = _TAIL.sub("", _LEAD_VERB.sub("", goal.strip().rstrip(".")))
    return topic[:1].lower() + topic[1:] if topic else goal


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def goal_needs(goal: str) -> tuple[bool, bool]:
    """Whether a goal needs data (Insights) and process material (Operations)."""
    words = _words(goal)
    data = bool(words & DATA_WORDS) or bool(re.search(r"\d+\s*%|\$|€|£", goal))
    process = bool(words & PROCESS_WORDS)
    if not data and not process:
        return True, True  # a goal we cannot classify gets both kinds of evidence
    return data, process


def plan_steps(state: JourneyState) -> list[Step]:
    """The journey's plan in order, each step marked done from the journey's real state."""
    needs_data = needs_process = False
    bring: list[str] = []
    for goal in state.goals:
        data, process = goal_needs(goal)
        needs_data, needs_process = needs_data or data, needs_process or process
        kinds = " and ".join(
            k
            for k, on in (("data exports (CSV/XLSX)", data), ("SOPs or process documents", process))
            if on
        )
        bring.append(f"for “{goal}”: {kinds} about {_topic(goal)}")
    if not state.goals:
        needs_data = needs_process = True
    steps = [
        Step(
            "content",
            "Bring " + ("; ".join(bring) if bring else "your data exports and process documents"),
            done=bool(state.files),
        )
    ]
    if needs_data:
        steps.append(
            Step(
                "insights",
                "Review the data quality of each dataset and fix what it flags",
                done=bool(state.datasets) and all(f.id in state.reviewed for f in state.datasets),
            )
        )
        steps.append(
            Step(
                "insights",
                "Ask questions of the data that measure your goals",
                done=bool(state.reviewed),
            )
        )
    if needs_process:
        steps.append(
            Step(
                "operations",
                "Turn each SOP or process description into a workflow",
                done=bool(state.workflows),
            )
        )
        steps.append(
            Step(
                "operations",
                "Build the human/AI coexistence blueprint of each workflow",
                done=bool(state.workflows)
                and all(w.id in state.blueprinted for w in state.workflows),
            )
        )
    steps.append(Step("outcomes", "Draft the roadmap", done=state.roadmaps > 0))
    steps.append(
        Step(
            "outcomes",
            "Draft the proof-of-concept proposal and export it",
            done=state.proposals > 0,
        )
    )
    return steps


def _relevance(name: str, goals: list[str]) -> int:
    """How many words of a file's name its journey's goals share (a goal's own data first)."""
    goal_words = {w for g in goals for w in _words(g) if len(w) > 3}
    return len({w for w in _words(name) if len(w) > 3} & goal_words) + sum(
        1 for w in _words(name) for g in goal_words if len(w) > 3 and g.startswith(w[:5])
    )


def next_actions(state: JourneyState) -> list[Step]:
    """What to do now, most urgent first, each action once, from the journey's state.

    Broken files come first, then files still parsing, then the steps on real material (the
    files the goals name before the others), then the outcomes. An empty file (no rows, no
    text) is never a first step: it is listed last, as something to fill in or remove.
    """
    actions: list[Step] = []
    for f in state.by_status("failed"):
        actions.append(
            Step(
                "content",
                f"“{f.display_name}” failed to parse ({f.error}); "
                "fix the file and upload it again, or reprocess it",
            )
        )
    busy = state.by_status("pending") + state.by_status("processing")
    if busy:
        actions.append(
            Step(
                "content",
                f"wait for {len(busy)} file(s) still being parsed: "
                + ", ".join(f"“{f.display_name}”" for f in busy[:5]),
            )
        )
    if not state.files:
        actions.append(
            Step(
                "content",
                "upload your first files: " + plan_steps(state)[0].text.removeprefix("Bring "),
            )
        )
    material: list[tuple[int, int, Step]] = []
    for position, f in enumerate(state.datasets):
        if f.id not in state.reviewed and f.id not in state.empty:
            step = Step("insights", f"review the data quality of “{f.display_name}”")
            material.append((-_relevance(f.display_name, state.goals), position, step))
    for position, f in enumerate(state.documents):
        if f.id not in state.workflow_sources and f.id not in state.empty:
            step = Step(
                "operations", f"turn “{f.display_name}” into a workflow if it describes a process"
            )
            material.append((-_relevance(f.display_name, state.goals), position, step))
    actions += [step for _rank, _pos, step in sorted(material, key=lambda m: (m[0], m[1]))]
    for w in state.workflows:
        if w.id not in state.blueprinted:
            actions.append(
                Step("operations", f"build the coexistence blueprint of the workflow “{w.title}”")
            )
    if state.files and not state.roadmaps:
        actions.append(Step("outcomes", "draft the roadmap"))
    if state.roadmaps and not state.proposals:
        actions.append(Step("outcomes", "draft the proof-of-concept proposal"))
    if state.proposals and not actions:
        actions.append(Step("outcomes", "export the proposal (PDF, DOCX or Markdown) and share it"))
    for f in state.files:
        if f.id in state.empty:
            actions.append(Step("content", f"“{f.display_name}” is empty: fill it in or remove it"))
    unique: dict[str, Step] = {}
    for step in actions:
        unique.setdefault(step.text.lower(), step)
    return list(unique.values())


def _counts(state: JourneyState) -> list[str]:
    statuses = ", ".join(
        f"{len(state.by_status(s))} {s}"
        for s in ("ready", "processing", "pending", "failed")
        if state.by_status(s)
    )
    return [
        f"{len(state.files)} file(s)" + (f": {statuses}" if statuses else ""),
        f"{len(state.datasets)} dataset(s), "
        f"{len(state.reviewed & {f.id for f in state.datasets})} with a quality review",
        f"{len(state.documents)} document(s)",
        f"{len(state.workflows)} workflow(s), {len(state.blueprinted)} with a blueprint",
        f"{state.roadmaps} roadmap(s), {state.proposals} proposal(s)",
    ]


def next_step(ctx: ToolContext, args: NoArgs) -> ToolResult:
    state = read_state(ctx)
    actions = next_actions(state)
    first = actions[0]
    facts = [f"{a.text} — {AGENT_TITLES[a.agent]}" for a in actions[:5]]
    return ToolResult(
        data={
            "actions": [{"agent": a.agent, "text": a.text} for a in actions],
            "state": _counts(state),
        },
        facts=facts,
        cards=[
            table_card(
                "Next steps",
                ["step", "who helps"],
                [[a.text, AGENT_TITLES[a.agent]] for a in actions[:8]],
            ),
            {
                "type": "status",
                "title": "Hand-off",
                "status": first.agent,
                "text": f"The {AGENT_TITLES[first.agent]} can do this with you.",
                "agent": first.agent,
            },
        ],
        headline=f"Next, {first.text}.",
    )


def journey_plan(ctx: ToolContext, args: NoArgs) -> ToolResult:
    state = read_state(ctx)
    steps = plan_steps(state)
    facts = [
        f"{i}. {'✓ ' if s.done else ''}{s.text} ({AGENT_TITLES[s.agent]})"
        for i, s in enumerate(steps, 1)
    ]
    goals = (
        f"your {len(state.goals)} goal{'s' if len(state.goals) != 1 else ''}"
        if state.goals
        else "a journey without goals yet (add them so the plan can aim at them)"
    )
    return ToolResult(
        data={
            "goals": state.goals,
            "steps": [{"agent": s.agent, "text": s.text, "done": s.done} for s in steps],
        },
        facts=facts,
        cards=[
            table_card(
                "Journey plan",
                ["#", "step", "who", "done"],
                [
                    [i, s.text, AGENT_TITLES[s.agent], "yes" if s.done else ""]
                    for i, s in enumerate(steps, 1)
                ],
            )
        ],
        headline=f"Here is the plan for {goals}, in order:",
    )


def journey_status(ctx: ToolContext, args: NoArgs) -> ToolResult:
    state = read_state(ctx)
    facts = _counts(state)
    return ToolResult(
        data={"state": facts}, facts=facts, headline=f"Where “{ctx.journey.title}” stands:"
    )


def greet(ctx: ToolContext, args: NoArgs) -> ToolResult:
    state = read_state(ctx)
    actions = next_actions(state)
    name = (ctx.principal.user.full_name or "").split(" ")[0]
    facts = [f"goal: {g}" for g in state.goals[:5]] + _counts(state)[:1]
    if actions:
        facts.append(f"suggested next step: {actions[0].text} ({AGENT_TITLES[actions[0].agent]})")
    return ToolResult(
        data={"goals": state.goals},
        facts=facts,
        headline=(
            f"Hello{' ' + name if name else ''}, I'm the Guide for “{ctx.journey.title}”. I can "
            "plan the journey from its goals and tell you what to do next."
        ),
    )


def _tool(
    name: str, description: str, examples: tuple[str, ...], run: Runner, keywords: tuple[str, ...]
) -> None:
    register(
        Tool(
            name=name,
            agent="guide",
            description=description,
            examples=examples,
            args=NoArgs,
            run=run,
            keywords=keywords,
        )
    )


_tool(
    "next_step",
    "Say what to do next in this journey, from its current state.",
    (
        "what should I do next?",
        "what's next?",
        "where do I go from here",
        "what now",
        "whats the next step",
        "what do you recommend I do?",
    ),
    next_step,
    ("next", "now", "recommend", "should"),
)
_tool(
    "journey_plan",
    "Turn the journey's goals into a plan: which files to bring and which "
    "pillar steps to run, in order.",
    (
        "make me a plan for this journey",
        "how do I reach my goals?",
        "what files should I bring?",
        "plan the steps for my goals",
        "give me a roadmap of what to do in the platform",
    ),
    journey_plan,
    ("plan", "goals", "steps", "bring", "order"),
)
_tool(
    "journey_status",
    "Summarise where the journey stands across the four pillars.",
    (
        "where do we stand?",
        "give me an overview of the journey",
        "how far along are we?",
        "journey status",
        "how are we doing?",
        "give me a recap",
    ),
    journey_status,
    ("overview", "stand", "progress", "summary", "far", "recap"),
)
_tool(
    "greet",
    "Say hello and what the Guide can do.",
    ("hello", "hi there", "good morning", "who are you?"),
    greet,
    ("hello", "hi", "hey", "morning"),
)
