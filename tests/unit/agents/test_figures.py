"""A reply's figures must be ones its tools computed (rounded or as a percent is fine)."""

from __future__ import annotations

from symphainy.agents.figures import unsupported

RESULTS = [{"data": {"rows": [["North", 81.375], ["East", 310.0]], "share": 0.0462}}]


def test_rounded_figures_and_percentages_of_the_results_pass() -> None:
    assert unsupported("North averages 81.38, East 310; 4.6% are blank.", RESULTS) == []


def test_a_figure_no_result_holds_is_reported() -> None:
    assert unsupported("North averages 95.2 on 2026-01-03.", RESULTS) == [95.2]


def test_small_counts_dates_and_the_users_own_numbers_are_wording() -> None:
    assert unsupported("Top 3 regions since 2026-01-03 above 250:", RESULTS, "above 250") == []
