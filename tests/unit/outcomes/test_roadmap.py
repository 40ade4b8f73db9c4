"""Roadmap rules: every task traced to an artefact, dates from the start, edits recompute,
durations say whether they are defaults, names read as plain language."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.core.provenance import DefaultSource, InputSource
from symphainy.outcomes import gantt, roadmap
from symphainy.outcomes.artefacts import JourneyArtefacts, what_to_do_first
from symphainy.outcomes.roadmap import RoadmapResult
from symphainy.outcomes.schedule import CycleError
from tests.unit.outcomes.samples import artefacts

START = date(2027, 1, 4)  # a Monday


def _plan(**kw: object) -> RoadmapResult:
    return roadmap.schedule(roadmap.derive_tasks(artefacts()), START, 6, **kw)  # type: ignore[arg-type]


def test_every_task_names_the_artefact_that_motivates_it() -> None:
    plan = _plan()
    kinds = {t.motivation["type"] for t in plan.tasks}
    assert kinds == {"quality_finding", "dataset", "blueprint_step", "blueprint", "goal"}
    critical = next(t for t in plan.tasks if t.motivation.get("severity") == "critical")
    assert critical.duration_days == roadmap.FINDING_DAYS[4]


def test_task_names_are_plain_language_with_readable_dataset_and_column() -> None:
    names = [t.name for t in _plan().tasks]
    assert "Fill in or explain the missing values in the “amount” column of invoices.csv" in names
    assert not any(".amount" in n or "_" in n for n in names)


def test_phases_milestones_and_critical_path() -> None:
    plan = _plan()
    assert [p.key for p in plan.phases] == ["data_foundation", "quick_wins", "pilot", "scale"]
    tasks = {t.id: t for t in plan.tasks}
    assert plan.critical_path and all(tasks[t].critical for t in plan.critical_path)
    assert sum(tasks[t].duration_days for t in plan.critical_path) == plan.duration_days
    for m in plan.milestones:
        assert date.fromisoformat(m.date).weekday() < 5
    for t in tasks.values():
        for p in t.depends_on:
            assert tasks[p].finish < t.start


def test_calendar_span_and_person_days_are_separate_figures() -> None:
    plan = _plan()
    assert plan.calendar_days == (date.fromisoformat(plan.finish_date or "") - START).days + 1
    assert plan.effort_days == sum(t.duration_days for t in plan.tasks)
    for phase in plan.phases:
        span = date.fromisoformat(phase.finish) - date.fromisoformat(phase.start)
        assert phase.calendar_days == span.days + 1


def test_durations_are_named_defaults_until_someone_enters_them() -> None:
    plan = _plan()
    assert all(isinstance(t.duration_source, DefaultSource) for t in plan.tasks)
    assert "roadmap.days.pilot" in plan.defaults_used()
    edited = _plan(durations={"T1": 4}, entered={"T1": {"by": "ann@example.com"}})
    first = edited.tasks[0]
    assert isinstance(first.duration_source, InputSource)
    assert first.duration_source.by == "ann@example.com" and first.duration_days == 4
    assert edited.effort_with({"roadmap.days.pilot": 5}) == edited.effort_days - 5


def test_a_stored_roadmap_reads_back_identically() -> None:
    plan = _plan()
    assert roadmap.parse(plan.model_dump(mode="json")) == plan


def test_editing_a_critical_duration_moves_the_finish() -> None:
    plan = _plan()
    first = plan.critical_path[0]
    longer = _plan(durations={first: 20})
    before = next(t.duration_days for t in plan.tasks if t.id == first)
    assert longer.duration_days == plan.duration_days + 20 - before
    assert (longer.finish_date or "") > (plan.finish_date or "")


def test_unknown_task_cycles_and_impossible_dates_are_refused() -> None:
    with pytest.raises(roadmap.RoadmapError):
        _plan(durations={"T99": 3})
    with pytest.raises(roadmap.RoadmapError):
        _plan(durations={"T1": 0})
    with pytest.raises(CycleError):
        _plan(dependencies={"T1": ["T9"]})
    with pytest.raises(roadmap.RoadmapError, match="earlier start"):
        roadmap.schedule(roadmap.derive_tasks(artefacts()), date(9999, 12, 1), None)


def test_beyond_the_horizon_is_a_warning() -> None:
    plan = roadmap.schedule(roadmap.derive_tasks(artefacts()), START, 1)
    assert plan.warnings and "horizon" in plan.warnings[0]


def test_empty_journey_says_what_to_do_first() -> None:
    empty = JourneyArtefacts("j", "t", [])
    assert not empty.has_material
    steps = what_to_do_first(empty)
    assert steps[0].startswith("upload files") and any("workflow" in s for s in steps)


def test_gantt_marks_the_critical_path_without_an_alarm_colour() -> None:
    plan = _plan()
    svg = gantt.render(plan)
    rows = gantt.rows(plan)
    assert sum(r["kind"] == "milestone" for r in rows) == len(plan.milestones)
    assert svg.startswith("<svg") and all(m.date in svg for m in plan.milestones)
    on_path = [r for r in rows if r["kind"] == "task" and r["critical"] == "on the critical path"]
    assert len(on_path) == len(plan.critical_path) and all(r["label"][0] == "▸" for r in on_path)
    assert "Jan 2027" in svg and "on the critical path" in svg and " style=" not in svg
    assert "#c2332b" not in svg.lower() and "critical path in red" not in svg


def test_a_roadmap_stored_before_sources_reads_with_named_defaults() -> None:
    stored = _plan().model_dump(mode="json")
    stored.pop("calendar_days")
    stored["dependencies"] = [
        {"from": d["predecessor"], "to": d["successor"], "type": d["type"]}
        for d in stored["dependencies"]
    ]
    for phase in stored["phases"]:
        phase.pop("calendar_days")
    for task in stored["tasks"]:
        for key in ("duration_source", "default_name"):
            task.pop(key)
    older = roadmap.parse(stored)
    assert older == _plan()


def test_holidays_move_the_dates_not_the_working_day_offsets() -> None:
    plain = _plan()
    holiday = date(2027, 1, 5)  # the Tuesday of the first week
    moved = _plan(holidays=[holiday])
    assert [(t.es, t.ef) for t in moved.tasks] == [(t.es, t.ef) for t in plain.tasks]
    assert all(holiday.isoformat() not in (t.start, t.finish) for t in moved.tasks)
    assert moved.finish_date is not None and plain.finish_date is not None
    assert date.fromisoformat(moved.finish_date) > date.fromisoformat(plain.finish_date)
