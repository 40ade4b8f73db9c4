"""A phased roadmap derived from a journey's artefacts and goals, scheduled with CPM.

The rules, stated so every task can be traced to why it exists and why it lasts as long as it
does (``RULES`` is also returned with each roadmap):

* Data foundation: one task per quality finding, the three most severe per dataset, lasting
  by severity (``FINDING_DAYS``); a dataset with no quality result yet gets a one-day
  "run the quality check" task. Tasks on the same dataset run one after another.
* Quick wins: each step a blueprint marks ``assist`` gets a task (``ASSIST_DAYS``); they need
  no other task first.
* Pilot: each ``automate`` step gets a task (``AUTOMATE_DAYS``) that starts after the whole
  data foundation (automation needs clean data); then one pilot run per blueprint
  (``PILOT_DAYS``) after all of that blueprint's quick wins and automation tasks.
* Scale: one roll-out per blueprint (``ROLLOUT_DAYS``) after its pilot; then one review per
  journey goal (``GOAL_REVIEW_DAYS``) after every other task.
* A milestone closes each phase on the finish date of its last task.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator

from symphainy.core.provenance import DefaultSource, InputSource, Source
from symphainy.outcomes.artefacts import BlueprintArtefact, JourneyArtefacts
from symphainy.outcomes.schedule import (
    add_working_days,
    critical_path,
    critical_path_method,
    next_working_day,
    working_days_between,
)

FINDING_DAYS = {4: 5, 2: 2, 0: 1}  # severity rank (critical, warning, info) -> working days
QUALITY_CHECK_DAYS = 1
ASSIST_DAYS = 3
AUTOMATE_DAYS = 5
PILOT_DAYS = 10
ROLLOUT_DAYS = 10
GOAL_REVIEW_DAYS = 2
FINDINGS_PER_DATASET = 3
MAX_DURATION_DAYS = 500

PHASES = (
    ("data_foundation", "Data foundation", "Data foundation complete"),
    ("quick_wins", "Quick wins", "Quick wins live"),
    ("pilot", "Pilot", "Pilot complete"),
    ("scale", "Scale", "Scaled to full volume"),
)

RULES = [
    "Durations are working days; Saturdays and Sundays are skipped.",
    "Quality finding fix: critical 5 days, warning 2, info 1; "
    f"the {FINDINGS_PER_DATASET} most severe findings per dataset; one dataset's fixes run "
    "in sequence.",
    f"Dataset without a quality result: run the quality check, {QUALITY_CHECK_DAYS} day.",
    f"Step the blueprint marks 'assist': introduce AI assistance, {ASSIST_DAYS} days, no "
    "prerequisite.",
    f"Step the blueprint marks 'automate': build the automation, {AUTOMATE_DAYS} days, after "
    "the whole data foundation.",
    f"Pilot run per blueprint: {PILOT_DAYS} days, after that blueprint's assist and automate "
    "tasks.",
    f"Roll-out per blueprint: {ROLLOUT_DAYS} days, after its pilot.",
    f"Review per journey goal: {GOAL_REVIEW_DAYS} days, after every other task.",
    "Dependencies are finish-to-start; the critical path comes from a CPM forward and "
    "backward pass.",
]


CHANGE_AT = "on the roadmap page (the Days column), or confirm it on the proposal"
# default name -> (working days, the rule in words)
DEFAULT_DAYS: dict[str, tuple[int, str]] = {
    "roadmap.days.fix_critical_finding": (FINDING_DAYS[4], "fixing a critical quality finding"),
    # the names keep their first wording ("medium", "low") so confirmed values stay attached
    "roadmap.days.fix_medium_finding": (FINDING_DAYS[2], "fixing a warning quality finding"),
    "roadmap.days.fix_low_finding": (FINDING_DAYS[0], "fixing an info quality finding"),
    "roadmap.days.quality_check": (QUALITY_CHECK_DAYS, "running a dataset's quality check"),
    "roadmap.days.assist_step": (ASSIST_DAYS, "introducing AI assistance for one step"),
    "roadmap.days.automate_step": (AUTOMATE_DAYS, "building the automation of one step"),
    "roadmap.days.pilot": (PILOT_DAYS, "piloting one workflow"),
    "roadmap.days.rollout": (ROLLOUT_DAYS, "rolling one workflow out"),
    "roadmap.days.goal_review": (GOAL_REVIEW_DAYS, "reviewing the results against one goal"),
}
FINDING_DEFAULT = {
    4: "roadmap.days.fix_critical_finding",
    2: "roadmap.days.fix_medium_finding",
    0: "roadmap.days.fix_low_finding",
}
RULE_DEFAULT = {
    "quality check": "roadmap.days.quality_check",
    "critical finding": "roadmap.days.fix_critical_finding",
    "warning finding": "roadmap.days.fix_medium_finding",
    "info finding": "roadmap.days.fix_low_finding",
    "assist step": "roadmap.days.assist_step",
    "automate step": "roadmap.days.automate_step",
    "pilot per blueprint": "roadmap.days.pilot",
    "roll-out per blueprint": "roadmap.days.rollout",
    "review per goal": "roadmap.days.goal_review",
}
CHECK_PHRASES = {
    "missing_values": "Fill in or explain the missing values",
    "duplicate_rows": "Remove the duplicate rows",
    "outliers": "Check the unusual values",
    "invalid_dates": "Correct the invalid dates",
    "mixed_date_formats": "Bring the dates to one format",
    "invalid_email": "Correct the invalid email addresses",
    "invalid_phone": "Correct the invalid phone numbers",
    "non_unique_id": "Make the identifiers unique",
    "numbers_as_text": "Store the numbers as numbers",
    "constant_column": "Review the column that holds a single value",
    "almost_empty": "Decide what to do with the nearly empty column",
}


def default_days_source(name: str) -> DefaultSource:
    days, what = DEFAULT_DAYS[name]
    return DefaultSource(name=name, rule=f"{what} takes {days} working days", change_at=CHANGE_AT)


def finding_task_name(check: str, column: str | None, dataset: str) -> str:
    """A finding's fix in plain words, the dataset and column names kept readable."""
    phrase = CHECK_PHRASES.get(check, f"Resolve the “{check.replace('_', ' ')}” finding")
    where = f"the “{column}” column of {dataset}" if column else dataset
    return f"{phrase} in {where}"


class RoadmapError(ValueError):
    """Input the roadmap cannot use (an unknown task, a duration out of range)."""


class Milestone(BaseModel):
    id: str
    name: str
    phase: str
    offset: int
    date: str
    after: list[str]


class Phase(BaseModel):
    key: str
    name: str
    task_ids: list[str]
    start: str
    finish: str
    effort_days: int
    calendar_days: int = 0

    @model_validator(mode="after")
    def _span(self) -> Phase:
        if not self.calendar_days:  # stored before the span was recorded
            span = date.fromisoformat(self.finish) - date.fromisoformat(self.start)
            self.calendar_days = span.days + 1
        return self


class Dependency(BaseModel):
    predecessor: str
    successor: str
    type: str = "finish_to_start"

    @model_validator(mode="before")
    @classmethod
    def _older_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and "from" in data:  # stored before the rename
            return {"predecessor": data["from"], "successor": data.get("to"), **data}
        return data


class RoadmapTask(BaseModel):
    id: str
    phase: str
    name: str
    kind: str
    duration_days: int
    duration_source: Source | None = None
    default_name: str | None = None
    rule: str
    motivation: dict[str, Any]
    depends_on: list[str]
    es: int
    ef: int
    ls: int
    lf: int
    slack_days: int
    critical: bool  # on the critical path (zero slack): not a severity
    start: str
    finish: str

    @model_validator(mode="after")
    def _source_of_older_roadmaps(self) -> RoadmapTask:
        """Roadmaps stored before sources were recorded: a default-length task is a default."""
        if self.default_name is None:
            self.default_name = RULE_DEFAULT.get(self.rule)
        if self.duration_source is None and self.default_name in DEFAULT_DAYS:
            if DEFAULT_DAYS[self.default_name][0] == self.duration_days:
                self.duration_source = default_days_source(self.default_name)
            else:
                self.duration_source = InputSource(field=f"durations.{self.id}")
        return self


class RoadmapResult(BaseModel):
    """A scheduled roadmap; durations say whether they were entered or are named defaults."""

    start_date: str
    finish_date: str | None
    duration_days: int  # working days from the first start to the last finish
    calendar_days: int = 0  # calendar days of the same span, weekends included
    effort_days: int  # person-days: the sum of task durations, one person per task
    horizon_months: int | None = None
    phases: list[Phase]
    tasks: list[RoadmapTask]
    dependencies: list[Dependency] = Field(default_factory=list)
    milestones: list[Milestone]
    critical_path: list[str]
    warnings: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    method: str = "deterministic"

    @model_validator(mode="after")
    def _calendar_span(self) -> RoadmapResult:
        if not self.calendar_days and self.finish_date:  # stored before it was recorded
            span = date.fromisoformat(self.finish_date) - date.fromisoformat(self.start_date)
            self.calendar_days = span.days + 1
        return self

    def defaults_used(self) -> list[str]:
        return list(
            dict.fromkeys(
                t.duration_source.name
                for t in self.tasks
                if isinstance(t.duration_source, DefaultSource)
            )
        )

    def effort_with(self, confirmed: Mapping[str, float]) -> float:
        """Person-days with confirmed or edited default durations applied."""
        total = 0.0
        for t in self.tasks:
            if isinstance(t.duration_source, DefaultSource):
                total += confirmed.get(t.duration_source.name, t.duration_days)
            else:
                total += t.duration_days
        return total


@dataclass
class Task:
    id: str
    phase: str
    name: str
    duration: int
    rule: str
    motivation: dict[str, Any]
    depends_on: list[str] = field(default_factory=list)
    kind: str = "task"
    default_name: str | None = None


def _finding_tasks(artefacts: JourneyArtefacts, add: Any) -> None:
    for ds in artefacts.datasets:
        previous: str | None = None
        if ds.quality_score is None:
            add(
                "data_foundation",
                f"Run the quality check on {ds.name}",
                "roadmap.days.quality_check",
                "quality check",
                {"type": "dataset", "id": ds.dataset_id, "file_id": ds.file_id, "label": ds.name},
                [],
                "data",
            )
            continue
        for finding in ds.top_findings(FINDINGS_PER_DATASET):
            where = f"{ds.name}, column “{finding.column}”" if finding.column else ds.name
            task = add(
                "data_foundation",
                finding_task_name(finding.check, finding.column, ds.name),
                FINDING_DEFAULT[finding.rank],
                f"{finding.severity} finding",
                {
                    "type": "quality_finding",
                    "id": ds.quality_id,
                    "file_id": ds.file_id,
                    "dataset_id": ds.dataset_id,
                    "check": finding.check,
                    "column": finding.column,
                    "severity": finding.severity,
                    "count": finding.count,
                    "label": f"{finding.severity} {finding.check} in {where} "
                    f"({finding.count} rows)",
                },
                [previous] if previous else [],
                "data",
            )
            previous = task.id


def _blueprint_tasks(bp: BlueprintArtefact, add: Any, foundation: list[str]) -> str:
    own: list[str] = []
    for step in bp.steps_with("assist"):
        own.append(
            add(
                "quick_wins",
                f"Introduce AI assistance for “{step.name}” ({bp.workflow_title})",
                "roadmap.days.assist_step",
                "assist step",
                _step_ref(bp, step),
                [],
                "automation",
            ).id
        )
    for step in bp.steps_with("automate"):
        own.append(
            add(
                "pilot",
                f"Automate “{step.name}” ({bp.workflow_title})",
                "roadmap.days.automate_step",
                "automate step",
                _step_ref(bp, step),
                list(foundation),
                "automation",
            ).id
        )
    pilot = add(
        "pilot",
        f"Pilot {bp.workflow_title} and measure the effort per run",
        "roadmap.days.pilot",
        "pilot per blueprint",
        {
            "type": "blueprint",
            "id": bp.id,
            "workflow_id": bp.workflow_id,
            "label": f"blueprint of {bp.workflow_title}: "
            f"{bp.hours_saved_per_run:.2f} h saved per run",
        },
        own or list(foundation),
        "pilot",
    )
    volume = (
        f"{bp.runs_per_month:g} runs a month"
        if bp.runs_per_month is not None
        else "its full volume"
    )
    rollout = add(
        "scale",
        f"Roll out {bp.workflow_title} to {volume}",
        "roadmap.days.rollout",
        "roll-out per blueprint",
        {
            "type": "blueprint",
            "id": bp.id,
            "workflow_id": bp.workflow_id,
            "label": f"blueprint of {bp.workflow_title}",
        },
        [pilot.id],
        "rollout",
    )
    return str(rollout.id)


def _step_ref(bp: BlueprintArtefact, step: Any) -> dict[str, Any]:
    return {
        "type": "blueprint_step",
        "id": bp.id,
        "workflow_id": bp.workflow_id,
        "step_id": step.id,
        "ai_role": step.ai_role,
        "minutes_before": step.minutes_before,
        "minutes_after": step.minutes_after,
        "label": f"step “{step.name}”: {step.ai_role}, {step.minutes_before:g} → "
        f"{step.minutes_after:g} min per run",
    }


def derive_tasks(artefacts: JourneyArtefacts) -> list[Task]:
    """The tasks and their dependencies, by the rules in the module docstring."""
    tasks: list[Task] = []

    def add(
        phase: str,
        name: str,
        default_name: str,
        rule: str,
        motivation: dict[str, Any],
        deps: list[str],
        kind: str,
    ) -> Task:
        days = DEFAULT_DAYS[default_name][0]
        task = Task(
            f"T{len(tasks) + 1}", phase, name, days, rule, motivation, deps, kind, default_name
        )
        tasks.append(task)
        return task

    _finding_tasks(artefacts, add)
    foundation = [t.id for t in tasks]
    for bp in artefacts.blueprints:
        _blueprint_tasks(bp, add, foundation)
    before_reviews = [t.id for t in tasks]
    for i, goal in enumerate(artefacts.goals):
        add(
            "scale",
            f"Review the results against the goal “{goal}”",
            "roadmap.days.goal_review",
            "review per goal",
            {"type": "goal", "id": str(i), "label": goal},
            list(before_reviews),
            "review",
        )
    return tasks


def _duration_source(
    task: Task, edited: Mapping[str, int], entered: Mapping[str, Mapping[str, Any]]
) -> Source | None:
    if task.id in edited:
        who = entered.get(task.id) or {}
        at = who.get("at")
        return InputSource(
            field=f"durations.{task.id}",
            by=who.get("by"),
            at=datetime.fromisoformat(at) if isinstance(at, str) else None,
        )
    if task.default_name in DEFAULT_DAYS:
        return default_days_source(task.default_name)
    return None


def _day(start: date, offset: int, holidays: Sequence[date] = ()) -> str:
    try:
        return add_working_days(start, offset, holidays).isoformat()
    except OverflowError:
        raise RoadmapError(
            "the plan would end after the year 9999: choose an earlier start date"
        ) from None


def _months_after(start: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def schedule(
    tasks: list[Task],
    start: date,
    horizon_months: int | None,
    durations: Mapping[str, int] | None = None,
    dependencies: Mapping[str, list[str]] | None = None,
    entered: Mapping[str, Mapping[str, Any]] | None = None,
    holidays: Sequence[date] = (),
) -> RoadmapResult:
    """Dates, milestones and the critical path; edited durations/dependencies override.

    ``durations`` are every duration someone entered (task id -> days), ``entered`` who
    entered each and when; every other duration is the named default of its rule.
    """
    by_id = {t.id: t for t in tasks}
    edited = dict(durations or {})
    for task_id, days in edited.items():
        if task_id not in by_id:
            raise RoadmapError(f"there is no task {task_id!r} in this roadmap")
        if not 1 <= int(days) <= MAX_DURATION_DAYS:
            raise RoadmapError(
                f"the duration of {task_id} must be 1 to {MAX_DURATION_DAYS} working days"
            )
        by_id[task_id].duration = int(days)
    for task_id, preds in (dependencies or {}).items():
        unknown = [p for p in [task_id, *preds] if p not in by_id]
        if unknown:
            raise RoadmapError(f"there is no task {unknown[0]!r} in this roadmap")
        by_id[task_id].depends_on = list(dict.fromkeys(preds))
    deps = {t.id: t.depends_on for t in tasks}
    timings = critical_path_method({t.id: t.duration for t in tasks}, deps)
    try:
        start = next_working_day(start, holidays)
    except OverflowError:
        raise RoadmapError("the start date is too late: choose an earlier one") from None
    out_tasks: list[RoadmapTask] = []
    for t in tasks:
        tm = timings[t.id]
        out_tasks.append(
            RoadmapTask(
                id=t.id,
                phase=t.phase,
                name=t.name,
                kind=t.kind,
                duration_days=t.duration,
                duration_source=_duration_source(t, edited, entered or {}),
                default_name=t.default_name,
                rule=t.rule,
                motivation=t.motivation,
                depends_on=t.depends_on,
                es=tm.es,
                ef=tm.ef,
                ls=tm.ls,
                lf=tm.lf,
                slack_days=tm.slack,
                critical=tm.critical,
                start=_day(start, tm.es, holidays),
                finish=_day(start, tm.ef - 1, holidays),
            )
        )
    phases: list[Phase] = []
    milestones: list[Milestone] = []
    for key, label, milestone in PHASES:
        members = [t for t in out_tasks if t.phase == key]
        if not members:
            continue
        end = max(t.ef for t in members)
        first = min(t.start for t in members)
        finish = _day(start, end - 1, holidays)
        phases.append(
            Phase(
                key=key,
                name=label,
                task_ids=[t.id for t in members],
                start=first,
                finish=finish,
                effort_days=sum(t.duration_days for t in members),
                calendar_days=(date.fromisoformat(finish) - date.fromisoformat(first)).days + 1,
            )
        )
        milestones.append(
            Milestone(
                id=f"M-{key}",
                name=milestone,
                phase=key,
                offset=end,
                date=finish,
                after=[t.id for t in members if t.ef == end],
            )
        )
    total = max((t.ef for t in out_tasks), default=0)
    warnings = []
    if horizon_months is not None:
        horizon_end = _months_after(start, horizon_months)
        available = working_days_between(start, horizon_end, holidays)
        if total > available:
            warnings.append(
                f"the plan needs {total} working days, more than the {available} working "
                f"days of the {horizon_months}-month horizon ({start.isoformat()} to "
                f"{horizon_end.isoformat()})"
            )
    finish_date = _day(start, total - 1, holidays) if total else None
    return RoadmapResult(
        start_date=start.isoformat(),
        finish_date=finish_date,
        duration_days=total,
        calendar_days=(date.fromisoformat(finish_date) - start).days + 1 if finish_date else 0,
        effort_days=sum(t.duration for t in tasks),
        horizon_months=horizon_months,
        phases=phases,
        tasks=out_tasks,
        dependencies=[
            Dependency(predecessor=p, successor=t.id) for t in tasks for p in t.depends_on
        ],
        milestones=milestones,
        critical_path=critical_path(timings, deps),
        warnings=warnings,
        rules=RULES,
    )


def parse(result: RoadmapResult | Mapping[str, Any]) -> RoadmapResult:
    """A stored roadmap (JSON) as the typed result."""
    return result if isinstance(result, RoadmapResult) else RoadmapResult.model_validate(result)


def tasks_from_result(result: RoadmapResult | Mapping[str, Any]) -> list[Task]:
    """The tasks of a stored roadmap, to schedule again after an edit."""
    typed = parse(result)
    return [
        Task(
            t.id,
            t.phase,
            t.name,
            t.duration_days,
            t.rule,
            t.motivation,
            list(t.depends_on),
            t.kind,
            t.default_name,
        )
        for t in typed.tasks
    ]
