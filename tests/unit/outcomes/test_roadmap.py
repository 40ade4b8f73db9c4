"""Roadmap rules: every task traced to an artefact, dates from the start, edits recompute."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from symphainy.outcomes import gantt, roadmap
from symphainy.outcomes.artefacts import JourneyArtefacts, what_to_do_first
from symphainy.outcomes.schedule import CycleError
from tests.unit.outcomes.samples import artefacts

START = date(2027, 1, 4)  # a Monday


def _plan(**kw: object) -> dict[str, object]:
    return roadmap.schedule(roadmap.derive_tasks(artefacts()), START, 6, **kw)  # type: ignore[arg-type]


def test_every_task_names_the_artefact_that_motivates_it() -> None:
    plan = _plan()
    kinds = {t["motivation"]["type"] for t in plan["tasks"]}  # type: ignore[index]
    assert kinds == {"quality_finding", "dataset", "blueprint_step", "blueprint", "goal"}
    high = next(t for t in plan["tasks"] if t["motivation"].get("severity") == "high")  # type: ignore[attr-defined]
    assert high["duration_days"] == roadmap.FINDING_DAYS[3]


def test_phases_milestones_and_critical_path() -> None:
    plan = _plan()
    assert [p["key"] for p in plan["phases"]] == [
        "data_foundation",
        "quick_wins",
        "pilot",  # type: ignore[index]
        "scale",
    ]
    tasks = {t["id"]: t for t in plan["tasks"]}  # type: ignore[index, attr-defined]
    path = plan["critical_path"]
    assert path and all(tasks[t]["critical"] for t in path)  # type: ignore[union-attr]
    assert sum(tasks[t]["duration_days"] for t in path) == plan["duration_days"]  # type: ignore[union-attr]
    for m in plan["milestones"]:  # type: ignore[attr-defined]
        assert date.fromisoformat(m["date"]).weekday() < 5
    for t in tasks.values():
        for p in t["depends_on"]:
            assert tasks[p]["finish"] < t["start"]


def test_editing_a_critical_duration_moves_the_finish() -> None:
    plan = _plan()
    first = plan["critical_path"][0]  # type: ignore[index]
    longer = _plan(durations={first: 20})
    assert longer["duration_days"] == plan["duration_days"] + 20 - next(  # type: ignore[operator]
        t["duration_days"] for t in plan["tasks"] if t["id"] == first
    )  # type: ignore[attr-defined]
    assert longer["finish_date"] > plan["finish_date"]  # type: ignore[operator]


def test_unknown_task_and_cycles_are_refused() -> None:
    with pytest.raises(roadmap.RoadmapError):
        _plan(durations={"T99": 3})
    with pytest.raises(roadmap.RoadmapError):
        _plan(durations={"T1": 0})
    with pytest.raises(CycleError):
        _plan(dependencies={"T1": ["T9"]})


def test_beyond_the_horizon_is_a_warning() -> None:
    plan = roadmap.schedule(roadmap.derive_tasks(artefacts()), START, 1)
    assert plan["warnings"] and "horizon" in plan["warnings"][0]  # type: ignore[index]


def test_empty_journey_says_what_to_do_first() -> None:
    empty = JourneyArtefacts("j", "t", [])
    assert not empty.has_material
    steps = what_to_do_first(empty)
    assert steps[0].startswith("upload files") and any("workflow" in s for s in steps)


def test_gantt_svg_has_bars_milestones_and_month_ticks() -> None:
    plan = _plan()
    svg = gantt.render(plan)  # type: ignore[arg-type]
    assert svg.startswith("<svg") and svg.count("<polygon") == len(plan["milestones"])  # type: ignore[arg-type]
    assert "Jan 2027" in svg and "critical path" in svg and " style=" not in svg
    assert START + timedelta(days=1) > START
