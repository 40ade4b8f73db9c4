"""A journey's artefacts from every pillar, gathered into plain typed records.

Everything else in this package (summary, roadmap, proposal, financials) works on these
records only, so it can be tested without a database and does not care how each pillar
stores its results. :func:`gather` is the one place that reads the other pillars, in a few
batched reads (not one per file, dataset or workflow), and it reports what it left out
rather than stopping silently at a cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.content import service as content
from symphainy.core.provenance import DefaultSource, InputSource, Source
from symphainy.insights import service as insights
from symphainy.operations import service as operations
from symphainy.operations.schemas import BlueprintResult, Control, DefaultUse

if TYPE_CHECKING:  # types of what other pillars' services return
    from symphainy.models.journey import Journey
    from symphainy.models.operations import Workflow

Severity = Literal["critical", "warning", "info"]  # what the insights quality check produces
SEVERITY_RANK: dict[str, int] = {"critical": 4, "warning": 2, "info": 0}
AI_ROLES = ("automate", "assist", "human")
MAX_FILES = 2000  # read at most this many files / workflows; the rest is reported, not hidden
MAX_WORKFLOWS = 500


@dataclass(frozen=True)
class FileArtefact:
    id: str
    name: str
    kind: str
    status: str
    detail: str = ""


class Finding(BaseModel):
    """One data-quality finding as outcomes consume it (the insights quality result's item)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    check: str
    column: str | None = None
    severity: Severity
    count: int = 0
    suggestion: str = ""

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


class QualityResult(BaseModel):
    """The part of an insights quality result that outcomes use: the score and the findings."""

    model_config = ConfigDict(extra="ignore")

    score: float | None = None
    findings: list[Finding] = []
    formula: str = ""


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
    category: str = "unclear"
    minutes_source: Source | None = None
    share: float | None = None
    share_source: Source | None = None

    @property
    def minutes_saved(self) -> float:
        return max(0.0, self.minutes_before - self.minutes_after)

    def minutes_with(self, confirmed: Mapping[str, float]) -> tuple[float, float]:
        """(before, after) with confirmed or edited defaults applied."""
        before, share = self.minutes_before, self.share
        if isinstance(self.minutes_source, DefaultSource):
            before = confirmed.get(self.minutes_source.name, before)
        if isinstance(self.share_source, DefaultSource):
            share = confirmed.get(self.share_source.name, share)
        if share is None:
            return before, self.minutes_after
        return before, round(before * share, 2)

    def defaults(self) -> list[str]:
        """Names of the built-in defaults this step's minutes rest on."""
        return [
            s.name for s in (self.minutes_source, self.share_source) if isinstance(s, DefaultSource)
        ]


@dataclass(frozen=True)
class BlueprintArtefact:
    id: str
    workflow_id: str
    workflow_title: str
    steps: tuple[Step, ...]
    runs_per_month: float | None
    hours_saved_per_run: float
    hours_saved_per_month: float | None
    controls: tuple[Control, ...] = ()
    defaults: tuple[DefaultUse, ...] = ()
    entered_by: str | None = None
    entered_at: datetime | None = None

    @property
    def minutes_before(self) -> float:
        return sum(s.minutes_before for s in self.steps)

    @property
    def minutes_after(self) -> float:
        return sum(s.minutes_after for s in self.steps)

    def steps_with(self, role: str) -> list[Step]:
        return [s for s in self.steps if s.ai_role == role]

    def hours_saved_per_run_with(self, confirmed: Mapping[str, float]) -> float:
        """Hours saved per run with confirmed or edited defaults applied.

        The blueprint's own figure while no confirmed value changes a step's minutes; only an
        edited default makes outcomes sum the steps again.
        """
        minutes = [step.minutes_with(confirmed) for step in self.steps]
        if all(
            m == (s.minutes_before, s.minutes_after)
            for m, s in zip(minutes, self.steps, strict=True)
        ):
            return self.hours_saved_per_run
        return sum(max(0.0, before - after) for before, after in minutes) / 60.0

    def volume_source(self) -> InputSource | None:
        if self.runs_per_month is None:
            return None
        return InputSource(
            field=f"blueprint {self.id}: volume_per_month", by=self.entered_by, at=self.entered_at
        )


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
    omitted: dict[str, int] = field(default_factory=dict)  # what was not read, by kind

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
# Every pillar is read through its service; the typed models above validate each result.


def parse_findings(result: Mapping[str, Any]) -> tuple[float | None, tuple[Finding, ...]]:
    """The 0..100 score and the findings of a quality result (an unreadable one gives none)."""
    try:
        quality = QualityResult.model_validate(result)
    except ValidationError:
        return None, ()
    return quality.score, tuple(quality.findings)


def blueprint_artefact(
    blueprint_id: str,
    workflow_id: str,
    title: str,
    result: BlueprintResult | Mapping[str, Any],
) -> BlueprintArtefact:
    """A blueprint's steps, savings and controls.

    The savings are the blueprint's own figures (``blueprint.build`` computes them once);
    outcomes read them rather than summing the steps a second time.
    """
    typed = (
        result if isinstance(result, BlueprintResult) else BlueprintResult.model_validate(result)
    )
    steps = tuple(
        Step(
            id=row.step_id,
            name=row.name,
            actor=row.actor or "",
            ai_role=row.ai_role,
            minutes_before=row.minutes_before,
            minutes_after=row.minutes_after,
            reason=row.reason,
            category=row.category,
            minutes_source=row.minutes_before_source,
            share=row.remaining_share,
            share_source=row.remaining_share_source,
        )
        for row in typed.steps
    )
    return BlueprintArtefact(
        id=blueprint_id,
        workflow_id=workflow_id,
        workflow_title=title,
        steps=steps,
        runs_per_month=typed.summary.volume_per_month,
        hours_saved_per_run=typed.summary.hours_saved_per_run,
        hours_saved_per_month=typed.summary.hours_saved_per_month,
        controls=tuple(typed.controls),
        defaults=tuple(typed.assumptions.defaults),
        entered_by=typed.assumptions.entered_by,
        entered_at=typed.assumptions.entered_at,
    )


def _workflow(row: Workflow) -> WorkflowArtefact:
    # The stored graph is ``WorkflowGraph.public()``: steps, and actors derived from them.
    graph = row.graph or {}
    names = tuple(str(actor["name"]) for actor in graph.get("actors", []))
    return WorkflowArtefact(
        id=row.id, title=row.title, steps=len(graph.get("steps", [])), actors=names
    )


def _all_files(session: Session, principal: Principal, journey_id: str) -> tuple[list[Any], int]:
    """The journey's files, page by page up to MAX_FILES, and how many more there are."""
    files: list[Any] = []
    cursor: str | None = None
    while len(files) < MAX_FILES:
        page = content.list_files(session, principal, journey_id, limit=200, cursor=cursor)
        files += page.items
        cursor = page.next_cursor
        if cursor is None:
            return files, 0
    more = 0
    while cursor is not None:
        page = content.list_files(session, principal, journey_id, limit=200, cursor=cursor)
        more += len(page.items)
        cursor = page.next_cursor
    return files[:MAX_FILES], more + len(files) - MAX_FILES


def _all_workflows(
    session: Session, principal: Principal, journey_id: str
) -> tuple[list[Workflow], int]:
    flows: list[Workflow] = []
    cursor: str | None = None
    more = 0
    while True:
        page = operations.list_workflows(session, principal, journey_id, limit=200, cursor=cursor)
        room = MAX_WORKFLOWS - len(flows)
        flows += page.items[:room]
        more += max(0, len(page.items) - room)
        cursor = page.next_cursor
        if cursor is None:
            return flows, more


def gather(session: Session, principal: Principal, journey: Journey) -> JourneyArtefacts:
    """Everything the journey has produced that outcomes can build on (batched reads)."""
    out = JourneyArtefacts(
        journey_id=journey.id, title=journey.title, goals=list(journey.goals or [])
    )
    files, files_left = _all_files(session, principal, journey.id)
    if files_left:
        out.omitted["files"] = files_left
    files.sort(key=lambda f: f.id)
    ready = [f for f in files if f.status == "ready"]
    tables = content.datasets_of_files(session, [f.id for f in ready])
    quality = insights.latest_quality_of(session, [t for f in ready for t in tables[f.id]])
    for file in files:
        out.files.append(
            FileArtefact(
                id=file.id,
                name=file.display_name,
                kind=file.kind,
                status=file.status,
                detail=file.status_message,
            )
        )
        of_file = tables.get(file.id, []) if file.status == "ready" else []
        for table in of_file:
            name = file.display_name if len(of_file) == 1 else f"{file.display_name} / {table.name}"
            analysis = quality.get(table.id)
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
    workflows, workflows_left = _all_workflows(session, principal, journey.id)
    if workflows_left:
        out.omitted["workflows"] = workflows_left
    out.workflows = [_workflow(w) for w in workflows]
    latest = operations.latest_blueprints(session, [w.id for w in workflows])
    for wf in workflows:
        bp = latest.get(wf.id)
        if bp is not None:
            out.blueprints.append(blueprint_artefact(bp.id, wf.id, wf.title, bp.result or {}))
    return out
