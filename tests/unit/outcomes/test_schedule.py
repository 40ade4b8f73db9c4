"""CPM on small graphs, working days and cycle refusal."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.outcomes.schedule import (
    CycleError,
    add_working_days,
    critical_path,
    critical_path_method,
    next_working_day,
    working_days_between,
)


def test_cpm_diamond_finds_the_longer_branch() -> None:
    durations = {"a": 2, "b": 5, "c": 1, "d": 3}
    deps = {"b": ["a"], "c": ["a"], "d": ["b", "c"]}
    t = critical_path_method(durations, deps)
    assert (t["a"].es, t["a"].ef) == (0, 2)
    assert (t["b"].es, t["b"].ef, t["b"].slack) == (2, 7, 0)
    assert (t["c"].es, t["c"].ls, t["c"].slack) == (2, 6, 4)
    assert (t["d"].es, t["d"].ef) == (7, 10)
    assert critical_path(t, deps) == ["a", "b", "d"]


def test_cpm_parallel_chains_slack_on_the_short_one() -> None:
    t = critical_path_method({"x": 3, "y": 1, "z": 1}, {"z": ["y"]})
    assert t["x"].critical and not t["y"].critical
    assert t["y"].slack == 1 and t["z"].lf == 3
    assert critical_path(t, {"z": ["y"]}) == ["x"]


def test_a_cycle_is_refused_with_its_tasks_named() -> None:
    with pytest.raises(CycleError) as err:
        critical_path_method({"a": 1, "b": 1, "c": 1}, {"a": ["c"], "b": ["a"], "c": ["b"]})
    assert set(err.value.tasks) == {"a", "b", "c"}
    assert "cycle" in str(err.value)


def test_working_days_skip_weekends() -> None:
    friday = date(2027, 1, 1)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == date(2027, 1, 4)  # Monday
    assert add_working_days(date(2027, 1, 2), 0) == date(2027, 1, 4)  # Saturday -> Monday
    assert add_working_days(friday, 5) == date(2027, 1, 8)


def test_holidays_are_skipped_like_weekends() -> None:
    friday = date(2027, 1, 1)
    monday = date(2027, 1, 4)
    assert add_working_days(friday, 1, holidays=[monday]) == date(2027, 1, 5)
    assert next_working_day(date(2027, 1, 2), holidays=[monday]) == date(2027, 1, 5)
    # January 2027 has 21 weekdays; a holiday on a weekday removes one, on a Saturday none.
    assert working_days_between(friday, date(2027, 2, 1)) == 21
    assert working_days_between(friday, date(2027, 2, 1), [monday, date(2027, 1, 2)]) == 20


def test_a_date_after_the_year_9999_is_an_overflow() -> None:
    with pytest.raises(OverflowError):
        add_working_days(date(9999, 12, 30), 5)
