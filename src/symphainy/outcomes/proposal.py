"""A proof-of-concept proposal assembled from the artefacts, the roadmap and the assumptions.

Every statement names what it rests on (``source``: a goal, a quality finding, a blueprint
step or control, a roadmap task or a user input) and every number is a
:class:`~symphainy.core.provenance.Figure` with its own source. The wording is fixed
sentence patterns filled with those values; nothing is invented.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field

from symphainy.core.provenance import ComputedSource, Figure, InputSource
from symphainy.outcomes import financials
from symphainy.outcomes.artefacts import JourneyArtefacts
from symphainy.outcomes.financials import FinancialResult
from symphainy.outcomes.roadmap import RoadmapResult

ROLE_BY_KIND = {
    "data": "Data engineer",
    "automation": "Automation engineer",
    "pilot": "Process owner",
    "rollout": "Process owner",
    "review": "Journey sponsor",
}
QUALITY_WORDS = re.compile(r"\b(?:quality|score|clean|error|accura\w*|complete\w*)\b", re.I)
EFFORT_WORDS = re.compile(
    r"\b(?:time|effort|hours?|minutes?|faster|handling|workload|manual)\b", re.I
)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%|\bhalf\b|\bhalve\b", re.I)
TARGET = re.compile(r"\b(?:above|over|at least|to|reach(?:es)?|>=?)\s*(\d+(?:\.\d+)?)", re.I)


class Item(BaseModel):
    text: str
    source: dict[str, Any]


class Objective(Item):
    id: str


class Scope(BaseModel):
    in_scope: list[Item] = Field(default_factory=list)
    out_of_scope: list[Item] = Field(default_factory=list)


class Risk(BaseModel):
    risk: str
    mitigation: str
    kind: Literal["data quality", "control", "human check"]
    source: dict[str, Any]


class Criterion(BaseModel):
    text: str
    metric: str
    baseline: Figure | None = None
    target: Figure | None = None
    source: dict[str, Any]


class PhaseLine(BaseModel):
    key: str
    name: str
    start: str
    finish: str
    effort_days: Figure
    calendar_days: Figure


class MilestoneLine(BaseModel):
    name: str
    date: str


class Timeline(BaseModel):
    roadmap_id: str
    start_date: str
    finish_date: str | None
    working_days: Figure
    calendar_days: Figure
    phases: list[PhaseLine]
    milestones: list[MilestoneLine]


class TeamLine(BaseModel):
    role: str
    effort_days: Figure
    tasks: list[str]


class ProposalResult(BaseModel):
    """The proposal as stored and served."""

    title: str
    status: Literal["final", "estimate", "incomplete"]
    decision: str
    objectives: list[Objective]
    scope: Scope
    assumptions: list[Item]
    risks: list[Risk]
    success_criteria: list[Criterion]
    timeline: Timeline
    team: list[TeamLine]
    effort_days: Figure
    financials: FinancialResult
    left_out: list[str] = Field(default_factory=list)
    method: str = "deterministic"


def _objectives(a: JourneyArtefacts) -> list[Objective]:
    out = [
        Objective(id=f"O{i + 1}", text=goal, source={"type": "goal", "id": str(i)})
        for i, goal in enumerate(a.goals)
    ]
    if not out:  # no goals stated: the blueprints' savings are the only stated aim
        out = [
            Objective(
                id=f"O{i + 1}",
                text=f"Reduce the effort of {bp.workflow_title} from "
                f"{bp.minutes_before:,.0f} to {bp.minutes_after:,.0f} minutes per run",
                source={"type": "blueprint", "id": bp.id},
            )
            for i, bp in enumerate(a.blueprints)
        ]
    return out


def _scope(a: JourneyArtefacts) -> Scope:
    scope = Scope()
    for bp in a.blueprints:
        for step in bp.steps:
            ref = {"type": "blueprint_step", "id": bp.id, "step_id": step.id}
            text = f"{bp.workflow_title}: “{step.name}”"
            if step.ai_role == "human":
                scope.out_of_scope.append(
                    Item(
                        text=f"{text} stays with people"
                        + (f" ({step.reason})" if step.reason else ""),
                        source=ref,
                    )
                )
            else:
                verb = "automated" if step.ai_role == "automate" else "assisted by AI"
                scope.in_scope.append(Item(text=f"{text} {verb}", source=ref))
    for ds in a.datasets:
        if ds.findings:
            scope.in_scope.append(
                Item(
                    text=f"Cleaning {ds.name}: its {len(ds.top_findings())} most severe "
                    "quality findings",
                    source={"type": "quality", "id": ds.quality_id, "file_id": ds.file_id},
                )
            )
    for f in a.files:
        if f.status == "failed":
            scope.out_of_scope.append(
                Item(
                    text=f"{f.name}: it could not be parsed ({f.detail})",
                    source={"type": "file", "id": f.id},
                )
            )
    return scope


def _risks(a: JourneyArtefacts) -> list[Risk]:
    """Blueprint controls and human checks first, then severe data-quality findings.

    The risks of automated steps are the blueprint's own (``operations.blueprint`` derives them
    once, with their controls); the proposal only words them, it never re-derives them.
    """
    risks: list[Risk] = []
    for bp in a.blueprints:
        for c in bp.controls:
            human = c.checkpoint == "yes"
            risks.append(
                Risk(
                    risk=f"{bp.workflow_title}, “{c.name}”: {c.risk}",
                    mitigation=c.control[0].upper() + c.control[1:],
                    kind="human check" if human else "control",
                    source={"type": "blueprint_control", "id": bp.id, "step_id": c.step_id},
                )
            )
    for ds in a.datasets:
        for f in ds.top_findings():
            if f.rank < 2:
                continue
            where = f"the “{f.column}” column of {ds.name}" if f.column else ds.name
            risks.append(
                Risk(
                    risk=f"Results built on {where} may be wrong: "
                    f"{f.check.replace('_', ' ')} in {f.count:,} rows ({f.severity})",
                    mitigation=f.suggestion
                    or "Fix the finding before the pilot (data foundation phase)",
                    kind="data quality",
                    source={
                        "type": "quality_finding",
                        "id": ds.quality_id,
                        "check": f.check,
                        "column": f.column,
                    },
                )
            )
    return risks


def _goal_target(goal: str, i: int, unit: str) -> Figure | None:
    found = TARGET.search(goal)
    if not found:
        return None
    return Figure(
        name=f"goal.{i}.target",
        label=f"target stated in the goal “{goal}”",
        value=float(found.group(1)),
        unit=unit,
        digits=0,
        source=InputSource(field=f"journey goal {i + 1}"),
    )


def _success_criteria(a: JourneyArtefacts, confirmed: Mapping[str, float]) -> list[Criterion]:
    """One criterion per journey goal, measured against the artefacts it concerns."""
    out: list[Criterion] = []
    scored = [d for d in a.datasets if d.quality_score is not None]
    minutes = sum(s.minutes_with(confirmed)[0] for bp in a.blueprints for s in bp.steps)
    defaults = sorted(
        {n for bp in a.blueprints for s in bp.steps for n in s.defaults() if n not in confirmed}
    )
    for i, goal in enumerate(a.goals):
        ref = {"type": "goal", "id": str(i)}
        if QUALITY_WORDS.search(goal) and scored:
            baseline = Figure(
                name=f"goal.{i}.baseline",
                label="average quality score today",
                value=sum(d.quality_score or 0.0 for d in scored) / len(scored),
                unit="of 100",
                digits=0,
                source=ComputedSource(
                    formula="average of the datasets' quality scores",
                    inputs=[f"quality {d.quality_id}" for d in scored],
                ),
            )
            out.append(
                Criterion(
                    text=f"{goal} (quality check run again after the data foundation phase)",
                    metric="quality_score",
                    baseline=baseline,
                    target=_goal_target(goal, i, "of 100"),
                    source=ref,
                )
            )
        elif EFFORT_WORDS.search(goal) and minutes > 0:
            share = PERCENT.search(goal)
            cut = (
                (float(share.group(1)) / 100 if share.group(1) else 0.5)
                if share is not None
                else None
            )
            baseline = Figure(
                name=f"goal.{i}.baseline",
                label="minutes per run today, over the journey's workflows",
                value=minutes,
                unit="min",
                digits=0,
                source=ComputedSource(
                    formula="Σ minutes before over the blueprints' steps",
                    inputs=[f"blueprint {bp.id}" for bp in a.blueprints],
                    rests_on_defaults=defaults,
                ),
            )
            target = (
                Figure(
                    name=f"goal.{i}.target",
                    label=f"minutes per run after the cut the goal states ({cut:.0%})",
                    value=minutes * (1 - cut),
                    unit="min",
                    digits=0,
                    source=ComputedSource(
                        formula="baseline × (1 − the cut stated in the goal)",
                        inputs=[f"goal.{i}.baseline", f"journey goal {i + 1}"],
                        rests_on_defaults=defaults,
                    ),
                )
                if cut is not None
                else None
            )
            out.append(
                Criterion(
                    text=f"{goal} (effort per run measured over the pilot's runs)",
                    metric="minutes_per_run",
                    baseline=baseline,
                    target=target,
                    source=ref,
                )
            )
        else:
            out.append(
                Criterion(
                    text=f"{goal} (reviewed with the sponsor at the goal review)",
                    metric="sponsor review",
                    source=ref,
                )
            )
    if not a.goals:
        for bp in a.blueprints:
            out.append(
                Criterion(
                    text=f"Effort per run of {bp.workflow_title} falls to the blueprint's "
                    "estimate, measured over the pilot's runs",
                    metric="minutes_per_run",
                    target=Figure(
                        name=f"blueprint.{bp.id}.minutes_after",
                        label="minutes per run after",
                        value=sum(s.minutes_with(confirmed)[1] for s in bp.steps),
                        unit="min",
                        digits=0,
                        source=ComputedSource(
                            formula="Σ minutes after over the blueprint's steps",
                            inputs=[f"blueprint {bp.id}"],
                            rests_on_defaults=sorted(
                                {n for s in bp.steps for n in s.defaults() if n not in confirmed}
                            ),
                        ),
                    ),
                    source={"type": "blueprint", "id": bp.id},
                )
            )
    return out


def _days(name: str, label: str, value: float, formula: str, defaults: list[str]) -> Figure:
    return Figure(
        name=name,
        label=label,
        value=value,
        unit="days",
        digits=0,
        source=ComputedSource(formula=formula, inputs=["roadmap"], rests_on_defaults=defaults),
    )


def _team(plan: RoadmapResult, defaults: list[str]) -> list[TeamLine]:
    effort: dict[str, int] = {}
    tasks: dict[str, list[str]] = {}
    for t in plan.tasks:
        role = ROLE_BY_KIND.get(t.kind, "Project team")
        effort[role] = effort.get(role, 0) + t.duration_days
        tasks.setdefault(role, []).append(t.id)
    return [
        TeamLine(
            role=role,
            effort_days=_days(
                f"team.{role}", f"{role} effort", days, "Σ durations of the role's tasks", defaults
            ),
            tasks=tasks[role],
        )
        for role, days in sorted(effort.items(), key=lambda kv: -kv[1])
    ]


def _timeline(plan: RoadmapResult, roadmap_id: str, defaults: list[str]) -> Timeline:
    return Timeline(
        roadmap_id=roadmap_id,
        start_date=plan.start_date,
        finish_date=plan.finish_date,
        working_days=_days(
            "timeline.working_days",
            "working days from start to finish",
            plan.duration_days,
            "critical path length (CPM)",
            defaults,
        ),
        calendar_days=_days(
            "timeline.calendar_days",
            "calendar days from start to finish",
            plan.calendar_days,
            "finish date − start date + 1",
            defaults,
        ),
        phases=[
            PhaseLine(
                key=p.key,
                name=p.name,
                start=p.start,
                finish=p.finish,
                effort_days=_days(
                    f"phase.{p.key}.effort",
                    f"{p.name} effort (person-days)",
                    p.effort_days,
                    "Σ durations of the phase's tasks",
                    defaults,
                ),
                calendar_days=_days(
                    f"phase.{p.key}.calendar",
                    f"{p.name} calendar span",
                    p.calendar_days,
                    "phase finish − phase start + 1",
                    defaults,
                ),
            )
            for p in plan.phases
        ],
        milestones=[MilestoneLine(name=m.name, date=m.date) for m in plan.milestones],
    )


def _decision(a: JourneyArtefacts, plan: RoadmapResult, money: FinancialResult) -> str:
    ask = f"Approve the proof of concept of {a.title} from {plan.start_date} to {plan.finish_date}"
    cost = money.figures["cost"]
    if cost.value is not None:
        ask += f", at a one-off cost of {cost.display}"
    if money.status == "estimate":
        ask += ", once the assumptions listed with the financials are confirmed"
    return ask + "."


def build(
    a: JourneyArtefacts,
    roadmap_id: str,
    roadmap: RoadmapResult | Mapping[str, Any],
    assumptions: Mapping[str, Any],
) -> ProposalResult:
    """The proposal's sections; financials are computed by :mod:`financials`."""
    plan = roadmap if isinstance(roadmap, RoadmapResult) else RoadmapResult.model_validate(roadmap)
    money = financials.compute(assumptions, a.blueprints, plan, roadmap_id)
    confirmed = financials.confirmations(assumptions)
    defaults = [n for n in plan.defaults_used() if n not in confirmed]
    notes = [
        Item(text=str(n), source={"type": "user_input", "field": "notes"})
        for n in assumptions.get("notes") or []
    ]
    rules = [Item(text=r, source={"type": "roadmap_rule"}) for r in plan.rules]
    left_out = [
        f"{count:,} more {kind} were not read (the first ones by id are); "
        "the plan covers only those read"
        for kind, count in a.omitted.items()
    ]
    effort = next((i for i in money.inputs if i.name == "effort_days"), None)
    return ProposalResult(
        title=f"Proof of concept: {a.title}",
        status=money.status,
        decision=_decision(a, plan, money),
        objectives=_objectives(a),
        scope=_scope(a),
        assumptions=notes + rules,
        risks=_risks(a),
        success_criteria=_success_criteria(a, confirmed),
        timeline=_timeline(plan, roadmap_id, defaults),
        team=_team(plan, defaults),
        effort_days=effort
        or _days("effort_days", "effort", plan.effort_days, "Σ task durations", defaults),
        financials=money,
        left_out=left_out,
    )
