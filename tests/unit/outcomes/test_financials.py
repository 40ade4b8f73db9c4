"""Every financial figure recomputes from its listed inputs, moves the right way, and says
whether it rests on defaults nobody confirmed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphainy.core.provenance import ComputedSource, InputSource
from symphainy.outcomes import financials
from symphainy.outcomes.financials import FinancialResult
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
BLUEPRINT = blueprint()


def _compute(a: dict[str, Any], effort: float, runs: float = 40.0) -> FinancialResult:
    bp = BLUEPRINT if runs == 40.0 else blueprint(runs)
    return financials.compute({**a, "effort_days": effort}, [bp], None, None)


def _values(result: FinancialResult) -> dict[str, float]:
    return {i.name: i.value for i in result.inputs if i.value is not None}


def _v(result: FinancialResult, name: str) -> float:
    value = result.figures[name].value
    assert value is not None
    return value


@settings(max_examples=60, deadline=None)
@given(rates, st.floats(min_value=1, max_value=400), st.floats(min_value=0.5, max_value=500))
def test_every_figure_recomputes_from_its_inputs(
    a: dict[str, Any], effort: float, runs: float
) -> None:
    result = _compute(a, effort, runs)
    v = _values(result)
    cost = v["effort_days"] * v["day_rate"]
    hours = sum(x for k, x in v.items() if k.startswith("hours_saved_per_month."))
    benefit = hours * 12 * v["loaded_hourly_rate"]
    assert _v(result, "cost") == pytest.approx(cost)
    assert _v(result, "annual_benefit") == pytest.approx(benefit)
    assert _v(result, "roi") == pytest.approx((benefit * v["years"] - cost) / cost)
    assert _v(result, "npv") == pytest.approx(
        -cost + sum(benefit / (1 + v["discount_rate"]) ** t for t in range(1, int(v["years"]) + 1))
    )
    assert _v(result, "payback_months") == pytest.approx(cost / (benefit / 12))
    for figure in result.inputs:
        assert isinstance(figure.source, InputSource | ComputedSource)


@settings(max_examples=40, deadline=None)
@given(rates, st.floats(min_value=1.01, max_value=3))
def test_higher_hourly_rate_means_more_benefit_and_npv(a: dict[str, Any], k: float) -> None:
    low = _compute(a, 30)
    high = _compute({**a, "loaded_hourly_rate": a["loaded_hourly_rate"] * k}, 30)
    assert _v(high, "annual_benefit") > _v(low, "annual_benefit")
    assert _v(high, "npv") > _v(low, "npv")
    assert _v(high, "payback_months") < _v(low, "payback_months")


@settings(max_examples=40, deadline=None)
@given(rates, st.floats(min_value=0.001, max_value=0.4))
def test_npv_falls_as_the_discount_rate_rises(a: dict[str, Any], step: float) -> None:
    base = _v(_compute(a, 30), "npv")
    dearer = _v(_compute({**a, "discount_rate": a["discount_rate"] + step}, 30), "npv")
    assert dearer < base


def test_missing_rates_compute_nothing_and_say_what_is_needed() -> None:
    result = financials.compute({}, [BLUEPRINT], None, "r1")
    for name in ("cost", "annual_benefit", "roi", "npv", "payback_months"):
        assert result.figures[name].value is None
        assert result.figures[name].message
        assert result.figures[name].display == "not computed"
    assert {n.name for n in result.needed_inputs} == {
        "effort_days",
        "day_rate",
        "loaded_hourly_rate",
        "years",
        "discount_rate",
    }
    assert result.sensitivity.rows == []
    assert result.status == "incomplete"


def test_sensitivity_spans_minus_to_plus_thirty_percent() -> None:
    result = _compute(RATES, 30)
    rows = result.sensitivity.rows
    assert [r.change.display for r in rows] == [
        "\u221230 %",
        "\u221220 %",
        "\u221210 %",
        "0 %",
        "10 %",
        "20 %",
        "30 %",
    ]
    assert rows[0].annual_benefit.value == pytest.approx(_v(result, "annual_benefit") * 0.7)
    npvs = [r.npv.value or 0.0 for r in rows]
    assert npvs == sorted(npvs)


def test_user_listed_costs_benefits_and_volume_are_sourced() -> None:
    a = {
        **RATES,
        "other_costs": [{"label": "Licences", "amount": 1000}],
        "other_benefits": [{"label": "Fewer late fees", "amount": 500}],
        "runs_per_month": {"bp1": 10},
        "entered": {"day_rate": {"by": "bo@example.com", "at": "2026-12-01T08:00:00+00:00"}},
    }
    result = _compute(a, 10)
    v = _values(result)
    assert _v(result, "cost") == pytest.approx(10 * 800 + 1000)
    hours = BLUEPRINT.hours_saved_per_run * 10
    assert v["hours_saved_per_month.bp1"] == pytest.approx(hours)
    assert _v(result, "annual_benefit") == pytest.approx(hours * 12 * 55 + 500)
    day_rate = next(i for i in result.inputs if i.name == "day_rate")
    assert isinstance(day_rate.source, InputSource) and day_rate.source.by == "bo@example.com"


def test_roi_is_a_percentage_rounded_once() -> None:
    result = _compute(RATES, 30)
    roi = result.figures["roi"]
    assert roi.unit == "%" and roi.display == f"{round(_v(result, 'roi') * 100):,} %"


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(financials.FinancialInputError):
        financials.compute({"years": 0}, [], None, None)
    with pytest.raises(financials.FinancialInputError):
        financials.compute({"day_rate": "lots"}, [], None, None)
