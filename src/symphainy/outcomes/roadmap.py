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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from symphainy.outcomes.artefacts import BlueprintArtefact, JourneyArtefacts
from symphainy.outcomes.schedule import (
    add_working_days,
    critical_path,
    critical_path_method,
    next_working_day,
)

FINDING_DAYS = {4: 5, 3: 3, 2: 2, 1: 1, 0: 1}  # severity rank -> working days
QUALITY_CHECK_DAYS = 1
ASSIST_DAYS = 3
AUTOMATE_DAYS = 5
PILOT_DAYS = 10
ROLLOUT_DAYS = 10
GOAL_REVIEW_DAYS = 2
FINDINGS_PER_DATASET = 3
WORKING_DAYS_PER_MONTH = 21
MAX_DURATION_DAYS = 500

PHASES = (
    ("data_foundation", "Data foundation", "Data foundation complete"),
    ("quick_wins", "Quick wins", "Quick wins live"),
    ("pilot", "Pilot", "Pilot complete"),
    ("scale", "Scale", "Scaled to full volume"),
)

RULES = [
    "Durations are working days; Saturdays and Sundays are skipped.",
    "Quality finding fix: critical 5 days, high/error 3, medium/warning 2, low/info 1; "
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


class RoadmapError(ValueError):
    """Input the roadmap cannot use (an unknown task, a duration out of range)."""


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


def _finding_tasks(artefacts: JourneyArtefacts, add: Any) -> None:
    for ds in artefacts.datasets:
        previous: str | None = None
        if ds.quality_score is None:
            add(
                "data_foundation",
                f"Run the quality check on {ds.name}",
                QUALITY_CHECK_DAYS,
                "quality check",
                {"type": "dataset", "id": ds.dataset_id, "file_id": ds.file_id, "label": ds.name},
                [],
                "data",
            )
            continue
        for finding in ds.top_findings(FINDINGS_PER_DATASET):
            where = f"{ds.name}.{finding.column}" if finding.column else ds.name
            task = add(
                "data_foundation",
                f"Fix {finding.check.replace('_', ' ')} in {where}",
                FINDING_DAYS[finding.rank],
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
                f"AI assistance for “{step.name}” ({bp.workflow_title})",
                ASSIST_DAYS,
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
                AUTOMATE_DAYS,
                "automate step",
                _step_ref(bp, step),
                list(foundation),
                "automation",
            ).id
        )
    pilot = add(
        "pilot",
        f"Pilot {bp.workflow_title} and measure effort per run",
        PILOT_DAYS,
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
        ROLLOUT_DAYS,
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
        days: int,
        rule: str,
        motivation: dict[str, Any],
        deps: list[str],
        kind: str,
    ) -> Task:
        task = Task(f"T{len(tasks) + 1}", phase, name, days, rule, motivation, deps, kind)
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
            f"Review results against the goal “{goal}”",
            GOAL_REVIEW_DAYS,
            "review per goal",
            {"type": "goal", "id": str(i), "label": goal},
            list(before_reviews),
            "review",
        )
    return tasks


def schedule(
    tasks: list[Task],
    start: date,
    horizon_months: int | None,
    durations: Mapping[str, int] | None = None,
    dependencies: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Dates, milestones and the critical path; edited durations/dependencies override."""
    by_id = {t.id: t for t in tasks}
    for task_id, days in (durations or {}).items():
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
    start = next_working_day(start)
    out_tasks: list[dict[str, Any]] = []
    for t in tasks:
        tm = timings[t.id]
        out_tasks.append(
            {
                "id": t.id,
                "phase": t.phase,
                "name": t.name,
                "kind": t.kind,
                "duration_days": t.duration,
                "rule": t.rule,
                "motivation": t.motivation,
                "depends_on": t.depends_on,
                "es": tm.es,
                "ef": tm.ef,
                "ls": tm.ls,
                "lf": tm.lf,
                "slack_days": tm.slack,
                "critical": tm.critical,
                "start": add_working_days(start, tm.es).isoformat(),
                "finish": add_working_days(start, tm.ef - 1).isoformat(),
            }
        )
    phases: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    for key, label, milestone in PHASES:
        members = [t for t in out_tasks if t["phase"] == key]
        if not members:
            continue
        end = max(t["ef"] for t in members)
        phases.append(
            {
                "key": key,
                "name": label,
                "task_ids": [t["id"] for t in members],
                "start": min(t["start"] for t in members),
                "finish": add_working_days(start, end - 1).isoformat(),
                "effort_days": sum(t["duration_days"] for t in members),
            }
        )
        milestones.append(
            {
                "id": f"M-{key}",
                "name": milestone,
                "phase": key,
                "offset": end,
                "date": add_working_days(start, end - 1).isoformat(),
                "after": [t["id"] for t in members if t["ef"] == end],
            }
        )
    total = max((t["ef"] for t in out_tasks), default=0)
    warnings = []
    if horizon_months is not None and total > horizon_months * WORKING_DAYS_PER_MONTH:
        warnings.append(
            f"the plan needs {total} working days, more than the "
            f"{horizon_months}-month horizon (about "
            f"{horizon_months * WORKING_DAYS_PER_MONTH} working days at "
            f"{WORKING_DAYS_PER_MONTH} a month)"
        )
    return {
        "start_date": start.isoformat(),
        "finish_date": add_working_days(start, total - 1).isoformat() if total else None,
        "duration_days": total,
        "effort_days": sum(t.duration for t in tasks),
        "horizon_months": horizon_months,
        "phases": phases,
        "tasks": out_tasks,
        "dependencies": [
            {"from": p, "to": t.id, "type": "finish_to_start"} for t in tasks for p in t.depends_on
        ],
        "milestones": milestones,
        "critical_path": critical_path(timings, deps),
        "warnings": warnings,
        "rules": RULES,
        "method": "deterministic",
    }


def tasks_from_result(result: Mapping[str, Any]) -> list[Task]:
    """The tasks of a stored roadmap, to schedule again after an edit."""
    return [
        Task(
            t["id"],
            t["phase"],
            t["name"],
            int(t["duration_days"]),
            t["rule"],
            t["motivation"],
            list(t["depends_on"]),
            t.get("kind", "task"),
        )
        for t in result.get("tasks", [])
    ]
