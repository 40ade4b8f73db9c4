"""Scheduling: working-day calendars and the critical path method (CPM).

Durations are whole working days; weekends (Saturday, Sunday) and any holidays given are
skipped. A task of ``d`` days starting on offset ``es`` occupies working days
``es .. es + d - 1`` and finishes at offset ``ef = es + d``; a successor (finish-to-start) may
start at offset ``ef``.

The calendar arithmetic is NumPy's business-day functions (``busday_offset``, ``busday_count``)
rather than loops of our own; a date NumPy can reach but Python's ``date`` cannot (after the year
9999) is an :class:`OverflowError`, which callers turn into a clear refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

WEEKMASK = "1111100"  # Monday to Friday


class CycleError(ValueError):
    """The dependencies loop back on themselves, so no schedule exists."""

    def __init__(self, tasks: list[str]) -> None:
        self.tasks = tasks
        super().__init__("the dependencies form a cycle through " + " → ".join(tasks))


def _calendar(holidays: Iterable[date]) -> np.busdaycalendar:
    return np.busdaycalendar(weekmask=WEEKMASK, holidays=sorted(set(holidays)))


def _as_date(day: np.datetime64) -> date:
    value = day.astype(object)
    if not isinstance(value, date):  # NumPy reached a year Python's date cannot hold
        raise OverflowError("date out of range")
    return value


def next_working_day(day: date, holidays: Iterable[date] = ()) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    return add_working_days(day, 0, holidays)


def add_working_days(start: date, offset: int, holidays: Iterable[date] = ()) -> date:
    """The working day ``offset`` working days after ``start`` (moved to a working day)."""
    moved = np.busday_offset(start, offset, roll="forward", busdaycal=_calendar(holidays))
    return _as_date(moved)


def working_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Working days from ``start`` (counted) to ``end`` (not counted)."""
    return int(np.busday_count(start, end, busdaycal=_calendar(holidays)))


@dataclass(frozen=True)
class Timing:
    es: int  # earliest start (working-day offset)
    ef: int  # earliest finish
    ls: int  # latest start
    lf: int  # latest finish

    @property
    def slack(self) -> int:
        return self.ls - self.es

    @property
    def critical(self) -> bool:
        return self.slack == 0


def topological_order(tasks: Sequence[str], deps: Mapping[str, Sequence[str]]) -> list[str]:
    """Tasks ordered so each comes after its predecessors; :class:`CycleError` if impossible."""
    known = set(tasks)
    for task, preds in deps.items():
        for pred in preds:
            if pred not in known or task not in known:
                raise KeyError(f"unknown task {pred if pred not in known else task!r}")
    indegree = {t: len(set(deps.get(t, ()))) for t in tasks}
    successors: dict[str, list[str]] = {t: [] for t in tasks}
    for task in tasks:
        for pred in set(deps.get(task, ())):
            successors[pred].append(task)
    ready = [t for t in tasks if indegree[t] == 0]
    order: list[str] = []
    while ready:
        task = ready.pop(0)
        order.append(task)
        for succ in successors[task]:
            indegree[succ] -= 1
            if indegree[succ] == 0:
                ready.append(succ)
    if len(order) != len(tasks):
        raise CycleError(_find_cycle([t for t in tasks if indegree[t] > 0], deps))
    return order


def _find_cycle(left: list[str], deps: Mapping[str, Sequence[str]]) -> list[str]:
    """One cycle among the tasks a topological sort could not place, for the error message."""
    remaining = set(left)
    path: list[str] = []
    task = left[0]
    while task not in path:
        path.append(task)
        task = next(p for p in deps.get(task, ()) if p in remaining)
    cycle = path[path.index(task) :]
    cycle.reverse()  # predecessors first reads as "a → b → a"
    return [*cycle, cycle[0]]


def critical_path_method(
    durations: Mapping[str, int], deps: Mapping[str, Sequence[str]]
) -> dict[str, Timing]:
    """Forward and backward pass over a finish-to-start network."""
    tasks = list(durations)
    order = topological_order(tasks, deps)
    ef: dict[str, int] = {}
    es: dict[str, int] = {}
    for task in order:
        es[task] = max((ef[p] for p in deps.get(task, ())), default=0)
        ef[task] = es[task] + durations[task]
    end = max(ef.values(), default=0)
    successors: dict[str, list[str]] = {t: [] for t in tasks}
    for task in tasks:
        for pred in deps.get(task, ()):
            successors[pred].append(task)
    ls: dict[str, int] = {}
    lf: dict[str, int] = {}
    for task in reversed(order):
        lf[task] = min((ls[s] for s in successors[task]), default=end)
        ls[task] = lf[task] - durations[task]
    return {t: Timing(es[t], ef[t], ls[t], lf[t]) for t in tasks}


def critical_path(timings: Mapping[str, Timing], deps: Mapping[str, Sequence[str]]) -> list[str]:
    """One chain of zero-slack tasks from the project start to its end."""
    if not timings:
        return []
    end = max(t.ef for t in timings.values())
    successors: dict[str, list[str]] = {t: [] for t in timings}
    for task, preds in deps.items():
        for pred in preds:
            successors[pred].append(task)
    starts = [t for t, tm in timings.items() if tm.critical and tm.es == 0 and not deps.get(t)]
    # Prefer the chain that does real work: a zero-length start would be a trivial path.
    starts.sort(key=lambda t: (-(timings[t].ef - timings[t].es), t))
    for start in starts:
        path = [start]
        while timings[path[-1]].ef < end:
            nxt = [
                s
                for s in successors[path[-1]]
                if timings[s].critical and timings[s].es == timings[path[-1]].ef
            ]
            if not nxt:
                break
            path.append(sorted(nxt)[0])
        if timings[path[-1]].ef == end:
            return path
    return []
