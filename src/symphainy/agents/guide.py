"""The Guide: greets, turns the journey's goals into a plan, and says what to do next.

Everything it says is read from the journey as it is now: its goals, its files by status, which
datasets have a quality review, which documents became workflows, the blueprints, the roadmap
and the proposal. It names the liaison who does each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

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
from symphainy.models.content import File
from symphainy.models.insights import Analysis
from symphainy.models.operations import Blueprint, Workflow
from symphainy.models.outcomes import Proposal, Roadmap

QUALITY_KINDS = ("quality",)
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
    files: list[File]
    reviewed: set[str] = field(default_factory=set)  # file ids with a quality review
    workflow_sources: set[str] = field(default_factory=set)
    workflows: list[Workflow] = field(default_factory=list)
    blueprinted: set[str] = field(default_factory=set)  # workflow ids with a blueprint
    roadmaps: int = 0
    proposals: int = 0

    def by_status(self, status: str) -> list[File]:
        return [f for f in self.files if f.status == status]

    @property
    def datasets(self) -> list[File]:
        return [f for f in self.files if f.kind == "dataset" and f.status == "ready"]

    @property
    def documents(self) -> list[File]:
        return [f for f in self.files if f.kind == "document" and f.status == "ready"]


def read_state(ctx: ToolContext) -> JourneyState:
    session, journey_id = ctx.session, ctx.journey.id
    state = JourneyState(goals=list(ctx.journey.goals or []), files=journey_files(ctx))
    state.reviewed = set(
        session.scalars(
            select(Analysis.file_id).where(
                Analysis.journey_id == journey_id,
                Analysis.kind.in_(QUALITY_KINDS),
                Analysis.status == "ready",
            )
        )
    )
    state.workflows = list(
        session.scalars(
            select(Workflow).where(Workflow.journey_id == journey_id).order_by(Workflow.id)
        )
    )
    state.workflow_sources = {w.source_file_id for w in state.workflows if w.source_file_id}
    state.blueprinted = set(
        session.scalars(select(Blueprint.workflow_id).where(Blueprint.journey_id == journey_id))
    )
    state.roadmaps = int(
        session.scalar(
            select(func.count()).select_from(Roadmap).where(Roadmap.journey_id == journey_id)
        )
        or 0
    )
    state.proposals = int(
        session.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.journey_id == journey_id)
        )
        or 0
    )
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


def next_actions(state: JourneyState) -> list[Step]:
    """What to do now, most urgent first, from the journey's state."""
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
    for f in state.datasets:
        if f.id not in state.reviewed:
            actions.append(Step("insights", f"review the data quality of “{f.display_name}”"))
    for f in state.documents:
        if f.id not in state.workflow_sources:
            actions.append(
                Step(
                    "operations",
                    f"turn “{f.display_name}” into a workflow if it describes a process",
                )
            )
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
    return actions


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
    ),
    journey_status,
    ("overview", "stand", "progress", "summary", "far"),
)
_tool(
    "greet",
    "Say hello and what the Guide can do.",
    ("hello", "hi there", "good morning", "who are you?"),
    greet,
    ("hello", "hi", "hey", "morning"),
)
