"""Every financial figure recomputes from its listed inputs, and moves the right way."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphainy.outcomes import financials
from tests.unit.outcomes.samples import RATES, blueprint

money = st.floats(min_value=1, max_value=5000, allow_nan=False)
rates = st.fixed_dictionaries(
    {
        "day_rate": money,
        "loaded_hourly_rate": money,
        "discount_rate": st.floats(min_value=0, max_value=0.5),
        "years": st.integers(min_value=1, max_value=10),
    }
)


def _values(result: dict[str, Any]) -> dict[str, float]:
    return {i["name"]: i["value"] for i in result["inputs"]}


@settings(max_examples=60, deadline=None)
@given(rates, st.floats(min_value=1, max_value=400), st.floats(min_value=0.5, max_value=500))
def test_every_figure_recomputes_from_its_inputs(
    a: dict[str, Any], effort: float, runs: float
) -> None:
    result = financials.compute(a, [blueprint(runs)], effort, "r1")
    v, f = _values(result), result["figures"]
    cost = v["effort_days"] * v["day_rate"]
    hours = sum(x for k, x in v.items() if k.startswith("hours_saved_per_month."))
    benefit = hours * 12 * v["loaded_hourly_rate"]
    assert f["cost"]["value"] == pytest.approx(cost)
    assert f["annual_benefit"]["value"] == pytest.approx(benefit)
    assert f["roi"]["value"] == pytest.approx((benefit * v["years"] - cost) / cost)
    assert f["npv"]["value"] == pytest.approx(
        -cost + sum(benefit / (1 + v["discount_rate"]) ** t for t in range(1, int(v["years"]) + 1))
    )
    assert f["payback_months"]["value"] == pytest.approx(cost / (benefit / 12))
    assert all(
        i["source"]["type"] in ("user_input", "roadmap", "blueprint") for i in result["inputs"]
    )


@settings(max_examples=40, deadline=None)
@given(rates, st.floats(min_value=1.01, max_value=3))
def test_higher_hourly_rate_means_more_benefit_and_npv(a: dict[str, Any], k: float) -> None:
    low = financials.compute(a, [blueprint()], 30, None)["figures"]
    high = financials.compute(
        {**a, "loaded_hourly_rate": a["loaded_hourly_rate"] * k}, [blueprint()], 30, None
    )["figures"]
    assert high["annual_benefit"]["value"] > low["annual_benefit"]["value"]
    assert high["npv"]["value"] > low["npv"]["value"]
    assert high["payback_months"]["value"] < low["payback_months"]["value"]


@settings(max_examples=40, deadline=None)
@given(rates, st.floats(min_value=0.001, max_value=0.4))
def test_npv_falls_as_the_discount_rate_rises(a: dict[str, Any], step: float) -> None:
    base = financials.compute(a, [blueprint()], 30, None)["figures"]["npv"]["value"]
    dearer = financials.compute(
        {**a, "discount_rate": a["discount_rate"] + step}, [blueprint()], 30, None
    )["figures"]["npv"]["value"]
    assert dearer < base


def test_missing_rates_compute_nothing_and_say_what_is_needed() -> None:
    result = financials.compute({}, [blueprint()], 30, "r1")
    for name in ("cost", "annual_benefit", "roi", "npv", "payback_months"):
        assert result["figures"][name]["value"] is None
        assert result["figures"][name]["message"]
    assert {n["name"] for n in result["needed_inputs"]} == {
        "day_rate",
        "loaded_hourly_rate",
        "years",
        "discount_rate",
    }
    assert result["sensitivity"]["rows"] == []


def test_sensitivity_spans_minus_to_plus_thirty_percent() -> None:
    result = financials.compute(RATES, [blueprint()], 30, None)
    rows = result["sensitivity"]["rows"]
    assert [round(r["change"], 1) for r in rows] == [-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3]
    benefit = result["figures"]["annual_benefit"]["value"]
    assert rows[0]["annual_benefit"] == pytest.approx(benefit * 0.7)
    assert [r["npv"] for r in rows] == sorted(r["npv"] for r in rows)


def test_user_listed_costs_benefits_and_volume_are_sourced() -> None:
    a = {
        **RATES,
        "other_costs": [{"label": "Licences", "amount": 1000}],
        "other_benefits": [{"label": "Fewer late fees", "amount": 500}],
        "runs_per_month": {"bp1": 10},
    }
    result = financials.compute(a, [blueprint()], 10, None)
    v = _values(result)
    assert result["figures"]["cost"]["value"] == pytest.approx(10 * 800 + 1000)
    hours = blueprint().hours_saved_per_run * 10
    assert v["hours_saved_per_month.bp1"] == pytest.approx(hours)
    assert result["figures"]["annual_benefit"]["value"] == pytest.approx(hours * 12 * 55 + 500)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(financials.FinancialInputError):
        financials.compute({"years": 0}, [], 1, None)
    with pytest.raises(financials.FinancialInputError):
        financials.compute({"day_rate": "lots"}, [], 1, None)
