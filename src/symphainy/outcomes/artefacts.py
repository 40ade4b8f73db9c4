"""A journey's artefacts from every pillar, gathered into plain dataclasses.

Everything else in this package (summary, roadmap, proposal, financials) works on these
dataclasses only, so it can be tested without a database and does not care how each pillar
stores its results. :func:`gather` is the one place that reads the other pillars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.content import service as content
from symphainy.insights import service as insights
from symphainy.models.journey import Journey
from symphainy.models.operations import Workflow
from symphainy.operations import service as operations

SEVERITY_RANK = {
    "critical": 4,
    "high": 3,
    "error": 3,
    "medium": 2,
    "warning": 2,
    "low": 1,
    "info": 0,
}
AI_ROLES = ("automate", "assist", "human")


@dataclass(frozen=True)
class FileArtefact:
    id: str
    name: str
    kind: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class Finding:
    check: str
    column: str | None
    severity: str
    count: int
    suggestion: str

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity.lower(), 1)


@dataclass(frozen=True)
class DatasetArtefact:
    file_id: str
    dataset_id: str
    name: str
    rows: int
    columns: int
    quality_score: float | None = None
    findings: tuple[Finding, ...] = ()
    quality_id: str | None = None  # the analysis (or insights result) the findings come from

    def top_findings(self, limit: int = 3) -> list[Finding]:
        """The most severe findings first, then the ones affecting most rows."""
        ranked = sorted(self.findings, key=lambda f: (-f.rank, -f.count, f.check, f.column or ""))
        return ranked[:limit]


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    actor: str
    ai_role: str  # automate | assist | human
    minutes_before: float
    minutes_after: float
    reason: str = ""

    @property
    def minutes_saved(self) -> float:
        return max(0.0, self.minutes_before - self.minutes_after)


@dataclass(frozen=True)
class BlueprintArtefact:
    id: str
    workflow_id: str
    workflow_title: str
    steps: tuple[Step, ...]
    runs_per_month: float | None
    hours_saved_per_run: float
    hours_saved_per_month: float | None
    risks: tuple[str, ...] = ()

    @property
    def minutes_before(self) -> float:
        return sum(s.minutes_before for s in self.steps)

    @property
    def minutes_after(self) -> float:
        return sum(s.minutes_after for s in self.steps)

    def steps_with(self, role: str) -> list[Step]:
        return [s for s in self.steps if s.ai_role == role]


@dataclass(frozen=True)
class WorkflowArtefact:
    id: str
    title: str
    steps: int
    actors: tuple[str, ...]


@dataclass
class JourneyArtefacts:
    journey_id: str
    title: str
    goals: list[str]
    files: list[FileArtefact] = field(default_factory=list)
    datasets: list[DatasetArtefact] = field(default_factory=list)
    workflows: list[WorkflowArtefact] = field(default_factory=list)
    blueprints: list[BlueprintArtefact] = field(default_factory=list)

    @property
    def has_material(self) -> bool:
        """Whether there is anything a roadmap or proposal could be built from."""
        ready = any(f.status == "ready" for f in self.files)
        return bool(ready or self.datasets or self.workflows or self.blueprints)

    def files_by_status(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out


def what_to_do_first(artefacts: JourneyArtefacts) -> list[str]:
    """The next steps that would give this journey something to plan with, in order."""
    todo: list[str] = []
    if not artefacts.files:
        todo.append("upload files (data exports, spreadsheets, SOP documents) in Content")
    elif not any(f.status == "ready" for f in artefacts.files):
        todo.append("wait for the uploaded files to finish parsing, or fix the ones that failed")
    if not any(d.quality_score is not None for d in artefacts.datasets):
        todo.append("run a data-quality check on a dataset in Insights")
    if not artefacts.workflows:
        todo.append("build a workflow from an SOP or a described process in Operations")
    elif not artefacts.blueprints:
        todo.append("generate a coexistence blueprint for a workflow in Operations")
    if not artefacts.goals:
        todo.append("add the journey's goals so the plan can aim at them")
    return todo


# --- reading the other pillars -------------------------------------------------------------
# Every pillar is read through its service; the parsing below accepts each pillar's result JSON.


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def parse_findings(result: dict[str, Any]) -> tuple[float | None, tuple[Finding, ...]]:
    """The 0..100 score and the findings of a quality result."""
    score = _num(result.get("score"))
    findings = []
    for raw in result.get("findings") or []:
        if not isinstance(raw, dict):
            continue
        findings.append(
            Finding(
                check=str(raw.get("check") or raw.get("kind") or "finding"),
                column=str(raw["column"]) if raw.get("column") else None,
                severity=str(raw.get("severity") or "low").lower(),
                count=int(_num(raw.get("count")) or 0),
                suggestion=str(raw.get("suggestion") or raw.get("action") or ""),
            )
        )
    return score, tuple(findings)


def parse_blueprint(
    blueprint_id: str, workflow_id: str, title: str, result: dict[str, Any]
) -> BlueprintArtefact:
    """A blueprint result's steps and savings; the totals are recomputed from the steps."""
    steps = []
    for i, raw in enumerate(result.get("steps") or []):
        if not isinstance(raw, dict):
            continue
        before = _num(raw.get("minutes_before", raw.get("effort_before_minutes"))) or 0.0
        after = _num(raw.get("minutes_after", raw.get("effort_after_minutes")))
        role = str(raw.get("ai_role") or "human")
        steps.append(
            Step(
                id=str(raw.get("step_id") or raw.get("id") or f"s{i + 1}"),
                name=str(raw.get("name") or raw.get("step") or f"step {i + 1}"),
                actor=str(raw.get("actor") or ""),
                ai_role=role if role in AI_ROLES else "human",
                minutes_before=before,
                minutes_after=before if after is None else after,
                reason=str(raw.get("reason") or ""),
            )
        )
    runs = _num(result.get("runs_per_month", result.get("volume_per_month")))
    per_run = sum(max(0.0, s.minutes_before - s.minutes_after) for s in steps) / 60.0
    per_month = per_run * runs if runs is not None else None
    risks = tuple(
        str(r.get("risk") if isinstance(r, dict) else r) for r in result.get("risks") or []
    )
    return BlueprintArtefact(
        id=blueprint_id,
        workflow_id=workflow_id,
        workflow_title=title,
        steps=tuple(steps),
        runs_per_month=runs,
        hours_saved_per_run=per_run,
        hours_saved_per_month=per_month,
        risks=risks,
    )


def _workflow(row: Workflow) -> WorkflowArtefact:
    graph = row.graph or {}
    steps = [s for s in graph.get("steps") or [] if isinstance(s, dict)]
    actors = graph.get("actors") or sorted({str(s.get("actor")) for s in steps if s.get("actor")})
    names = tuple(str(a.get("name") if isinstance(a, dict) else a) for a in actors)
    return WorkflowArtefact(id=row.id, title=row.title, steps=len(steps), actors=names)


def gather(session: Session, principal: Principal, journey: Journey) -> JourneyArtefacts:
    """Everything the journey has produced that outcomes can build on."""
    out = JourneyArtefacts(
        journey_id=journey.id, title=journey.title, goals=list(journey.goals or [])
    )
    files = content.list_files(session, principal, journey.id, limit=200).items
    for file in sorted(files, key=lambda f: f.id):
        out.files.append(
            FileArtefact(
                id=file.id,
                name=file.display_name,
                kind=file.kind,
                status=file.status,
                detail=file.status_message,
            )
        )
        if file.status != "ready":
            continue
        tables = content.datasets_of(session, file)
        for table in tables:
            name = file.display_name if len(tables) == 1 else f"{file.display_name} / {table.name}"
            analysis = insights.latest_quality(session, table)
            score, findings = parse_findings(analysis.result) if analysis else (None, ())
            out.datasets.append(
                DatasetArtefact(
                    file_id=file.id,
                    dataset_id=table.id,
                    name=name,
                    rows=table.rows,
                    columns=len(table.columns or []),
                    quality_score=score,
                    findings=findings,
                    quality_id=analysis.id if analysis else None,
                )
            )
    workflows = operations.list_workflows(session, principal, journey.id, limit=200).items
    out.workflows = [_workflow(w) for w in workflows]
    for wf in workflows:
        _sop, bp = operations.latest_for(session, wf.id)
        if bp is not None:
            out.blueprints.append(
                parse_blueprint(
                    bp.id, wf.id, wf.title, {**(bp.assumptions or {}), **(bp.result or {})}
                )
            )
    return out
