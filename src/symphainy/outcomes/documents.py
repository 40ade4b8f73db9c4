"""The content of a roadmap or proposal export, as format-neutral blocks.

``exports`` renders the same blocks to Markdown, PDF (HTML + CSS) and DOCX, so the three
formats always say the same thing. A proposal is written for a reader who decides: page 1
is the executive summary, the financials follow, and the traceability (ids, formulas,
sources) sits in an appendix. Every number is a figure's ``display`` (rounded once).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from symphainy.core.provenance import Figure
from symphainy.core.text import safe_cell
from symphainy.outcomes.proposal import ProposalResult
from symphainy.outcomes.roadmap import RoadmapResult

EXECUTIVE_HEADINGS = (
    "Executive summary",
    "Objective",
    "Scope",
    "Cost, benefit, ROI and payback",
    "Main risks",
    "Decision asked for",
)


@dataclass
class Block:
    kind: str  # heading | para | bullets | table | gantt | pagebreak | notice
    text: str = ""
    level: int = 1
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Doc:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    blocks: list[Block]
    gantt_svg: str | None = None
    cover: bool = True  # a cover page of its own; a proposal opens on its summary instead


def H(text: str, level: int = 1) -> Block:  # noqa: N802 - reads like the markup it builds
    return Block("heading", text=text, level=level)


def P(text: str) -> Block:  # noqa: N802
    return Block("para", text=text)


def notice(text: str) -> Block:
    return Block("notice", text=text)


def table(header: list[str], rows: Sequence[Sequence[object]]) -> Block:
    return Block(
        "table",
        header=[safe_cell(h) for h in header],
        rows=[[safe_cell(c) for c in row] for row in rows],
    )


def bullets(items: list[str]) -> Block:
    return Block("bullets", items=[safe_cell(i) for i in items])


def shown(f: Figure | None) -> str:
    """A figure as people read it, marked when it is an estimate from defaults."""
    if f is None:
        return "—"
    return f.display + (" (estimate)" if f.is_estimate and f.value is not None else "")


def figures_in(model: BaseModel | Any, path: str = "") -> Iterator[tuple[str, Figure]]:
    """Every figure inside a result, with where it sits (for the traceability appendix)."""
    if isinstance(model, Figure):
        yield path, model
        return
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from figures_in(getattr(model, name), f"{path}.{name}" if path else name)
    elif isinstance(model, dict):
        for key, value in model.items():
            yield from figures_in(value, f"{path}.{key}")
    elif isinstance(model, list):
        for i, value in enumerate(model):
            yield from figures_in(value, f"{path}[{i}]")


def roadmap_blocks(plan: RoadmapResult) -> list[Block]:
    blocks = [
        H("Summary"),
        P(
            f"{len(plan.tasks)} tasks in {len(plan.phases)} phases, from {plan.start_date} to "
            f"{plan.finish_date}: a calendar span of {plan.calendar_days} days "
            f"({plan.duration_days} working days). Effort: {plan.effort_days} person-days "
            "(one person per task)."
        ),
        *[P("Note: " + w) for w in plan.warnings],
    ]
    if plan.defaults_used():
        blocks.append(
            notice(
                "Estimate from defaults: task durations follow built-in rules nobody has "
                "confirmed yet (listed under Rules); edit them on the roadmap page."
            )
        )
    blocks += [
        H("Gantt chart"),
        Block("gantt"),
        H("Milestones"),
        table(["Milestone", "Date"], [[m.name, m.date] for m in plan.milestones]),
        H("Tasks on the critical path"),
        P(
            "These tasks have no slack: a day late on any of them moves the finish date. "
            + "; ".join(t.name for t in plan.tasks if t.id in plan.critical_path)
        ),
        Block("pagebreak"),
        H("Tasks"),
    ]
    by_id = {t.id: t for t in plan.tasks}
    for phase in plan.phases:
        blocks.append(
            H(
                f"{phase.name}: {phase.start} to {phase.finish} (calendar span "
                f"{phase.calendar_days} days; effort {phase.effort_days} person-days)",
                2,
            )
        )
        blocks.append(
            table(
                ["Task", "Working days", "Start", "Finish", "On the critical path", "Why"],
                [
                    [
                        t.name,
                        t.duration_days,
                        t.start,
                        t.finish,
                        "yes" if t.critical else "",
                        t.motivation.get("label", ""),
                    ]
                    for t in (by_id[i] for i in phase.task_ids)
                ],
            )
        )
    blocks += [
        H("Appendix: rules and references"),
        bullets(list(plan.rules)),
        table(
            ["Ref", "Task", "After", "Duration source"],
            [
                [
                    t.id,
                    t.name,
                    ", ".join(t.depends_on) or "—",
                    t.duration_source.describe() if t.duration_source else "not recorded",
                ]
                for t in plan.tasks
            ],
        ),
    ]
    return blocks


def _scope_line(p: ProposalResult) -> str:
    automated = sum(1 for i in p.scope.in_scope if i.text.endswith(" automated"))
    assisted = sum(1 for i in p.scope.in_scope if i.text.endswith(" assisted by AI"))
    cleaning = sum(1 for i in p.scope.in_scope if i.text.startswith("Cleaning "))
    kept = len(p.scope.out_of_scope)
    return (
        f"{_n(automated, 'step')} automated, {assisted} assisted by AI, "
        f"{_n(cleaning, 'dataset')} cleaned; {_n(kept, 'item')} stay with people or out of "
        "scope. "
        f"From {p.timeline.start_date} to {p.timeline.finish_date} "
        f"(calendar span {p.timeline.calendar_days.display}; effort {p.effort_days.display})."
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def executive_summary(p: ProposalResult) -> list[Block]:
    figs = p.financials.figures
    blocks = [H("Executive summary")]
    if p.status == "estimate":
        blocks.append(
            notice(
                "Estimates from defaults: these figures rest on built-in assumptions nobody "
                "has confirmed yet (listed under Financials, Assumptions to confirm)."
            )
        )
    elif p.status == "incomplete":
        blocks.append(
            notice(
                "Not all figures can be computed yet: "
                + ", ".join(n.label for n in p.financials.needed_inputs)
                + " still to be entered."
            )
        )
    objective = "; ".join(o.text for o in p.objectives) or "none stated yet"
    risks = [f"{r.risk}. Mitigation: {r.mitigation}" for r in p.risks[:3]]
    blocks += [
        H("Objective", 2),
        P(objective),
        H("Scope", 2),
        P(_scope_line(p)),
        H("Cost, benefit, ROI and payback", 2),
        table(
            ["Figure", "Value"],
            [
                ["Cost (one-off)", shown(figs["cost"])],
                ["Annual benefit", shown(figs["annual_benefit"])],
                ["Return on investment", shown(figs["roi"])],
                ["Payback", shown(figs["payback_months"])],
            ],
        ),
        H("Main risks", 2),
        bullets(risks or ["No risk found in the artefacts."]),
        H("Decision asked for", 2),
        P(p.decision),
    ]
    return blocks


def _financial_blocks(p: ProposalResult) -> list[Block]:
    money = p.financials
    figs = money.figures
    blocks = [
        H("Financials"),
        table(
            ["Figure", "Value", "Note"],
            [
                [f.label, shown(f), f.message or ""]
                for f in (figs[k] for k in ("cost", "hours_saved_per_month", "annual_benefit"))
            ]
            + [
                [f.label, shown(f), f.message or ""]
                for f in (figs[k] for k in ("roi", "npv", "payback_months"))
            ],
        ),
        H("What the figures rest on", 2),
        table(
            ["Input", "Value", "Source"],
            [[i.label, shown(i), _plain_source(i)] for i in money.inputs],
        ),
    ]
    if money.assumptions:
        blocks += [
            H("Assumptions to confirm", 2),
            table(
                ["Assumption", "Value used", "Status"],
                [
                    [
                        a.label,
                        a.figure.display,
                        "confirmed" if a.confirmed else "default, not confirmed",
                    ]
                    for a in money.assumptions
                ],
            ),
        ]
    if money.needed_inputs:
        blocks.append(
            P("Still to be entered: " + ", ".join(n.label for n in money.needed_inputs) + ".")
        )
    blocks.append(H("Sensitivity of the benefit", 2))
    if money.sensitivity.rows:
        blocks.append(
            table(
                ["Benefit change", "Annual benefit", "NPV", "ROI", "Payback"],
                [
                    [
                        r.change.display,
                        r.annual_benefit.display,
                        r.npv.display,
                        r.roi.display,
                        r.payback_months.display,
                    ]
                    for r in money.sensitivity.rows
                ],
            )
        )
    else:
        blocks.append(P(money.sensitivity.message or ""))
    return blocks


def _plain_source(f: Figure) -> str:
    s = f.source
    if s.kind == "input":
        who = f" by {s.by}" if s.by else ""
        return ("confirmed" if s.confirms_default else "entered") + who
    if s.kind == "default":
        return "built-in default, not confirmed"
    return "estimate from defaults" if s.rests_on_defaults else "computed"


def proposal_blocks(p: ProposalResult) -> list[Block]:
    tl = p.timeline
    blocks = [
        *executive_summary(p),
        Block("pagebreak"),
        *_financial_blocks(p),
        H("Objectives"),
        bullets([o.text for o in p.objectives] or ["none stated"]),
        H("Scope"),
        H("In scope", 2),
        bullets([s.text for s in p.scope.in_scope] or ["nothing yet"]),
        H("Out of scope", 2),
        bullets([s.text for s in p.scope.out_of_scope] or ["nothing excluded"]),
        H("Success criteria"),
        table(
            ["Criterion", "Today", "Target"],
            [[c.text, shown(c.baseline), shown(c.target)] for c in p.success_criteria],
        ),
        H("Risks and mitigations"),
        table(
            ["Risk", "Mitigation", "Kind"],
            [[r.risk, r.mitigation, r.kind] for r in p.risks],
        ),
        H("Timeline"),
        P(
            f"From {tl.start_date} to {tl.finish_date}: a calendar span of "
            f"{tl.calendar_days.display} ({tl.working_days.display} working days)."
        ),
        Block("gantt"),
        table(
            ["Phase", "Start", "Finish", "Calendar span", "Effort (person-days)"],
            [
                [ph.name, ph.start, ph.finish, ph.calendar_days.display, ph.effort_days.display]
                for ph in tl.phases
            ],
        ),
        H("Team and effort"),
        table(
            ["Role", "Effort (person-days)"],
            [[t.role, t.effort_days.display] for t in p.team],
        ),
    ]
    if p.left_out:
        blocks += [H("What this proposal does not cover"), bullets(p.left_out)]
    blocks += [
        Block("pagebreak"),
        H("Appendix: traceability"),
        P("Where every number comes from, with its formula or the person who entered it."),
        table(
            ["Figure", "Value", "Source"],
            [
                [f.label, f.display, f.source.describe()]
                for path, f in figures_in(p)
                if not path.startswith("financials.sensitivity")
            ],
        ),
        P(
            "Sensitivity table: each value is the figure above recomputed with the annual "
            "benefit changed by the share in its first column."
        ),
        H("Other assumptions and rules", 2),
        bullets([a.text for a in p.assumptions]),
        H("References", 2),
        table(
            ["Statement", "Rests on"],
            [[r.risk, _ref(r.source)] for r in p.risks]
            + [[c.text, _ref(c.source)] for c in p.success_criteria]
            + [[i.text, _ref(i.source)] for i in p.scope.in_scope + p.scope.out_of_scope],
        ),
    ]
    return blocks


def _ref(src: dict[str, Any]) -> str:
    parts = [str(src.get("type", ""))]
    for key in ("id", "field", "step_id", "check"):
        if src.get(key):
            parts.append(f"{key}={src[key]}")
    return " ".join(parts)
