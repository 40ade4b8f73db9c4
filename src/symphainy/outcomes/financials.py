"""Cost, annual benefit, ROI, NPV and payback, each computed from inputs listed with a source.

There are no built-in rates. The day rate, loaded hourly rate, discount rate and number of
years come from the user's assumptions; when one is missing, every figure that needs it is
left uncomputed (``value: None``) with the names of the missing inputs and a message, never
a default figure.

Formulas (stated again on each figure):

* cost = effort days × day rate + Σ other one-off costs
* annual benefit = Σ over blueprints (hours saved per month × 12) × loaded hourly rate
  + Σ other annual benefits
* ROI = (annual benefit × years − cost) / cost
* NPV = −cost + Σ_{t=1..years} annual benefit / (1 + discount rate)^t
* payback months = cost / (annual benefit / 12)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from symphainy.outcomes.artefacts import BlueprintArtefact

SENSITIVITY_STEPS = (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3)
RATE_INPUTS = {
    "day_rate": "Day rate per person (currency per working day)",
    "loaded_hourly_rate": "Loaded hourly rate of the people whose time is saved",
    "discount_rate": "Annual discount rate (0.08 = 8 %)",
    "years": "Years the benefit is counted over",
}


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    value: float
    unit: str
    source: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
        }


class FinancialInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _rate(assumptions: Mapping[str, Any], name: str) -> float | None:
    raw = assumptions.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError) as exc:
        raise FinancialInputError(name, f"{name} must be a number") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise FinancialInputError(name, f"{name} must be a finite number")
    if name == "years" and (value < 1 or value > 30 or value != int(value)):
        raise FinancialInputError(name, "years must be a whole number from 1 to 30")
    if name == "discount_rate" and not -0.5 < value < 5:
        raise FinancialInputError(name, "discount_rate is a fraction, e.g. 0.08 for 8 %")
    if name != "discount_rate" and value < 0:
        raise FinancialInputError(name, f"{name} cannot be negative")
    return value


def _items(assumptions: Mapping[str, Any], key: str) -> list[tuple[str, float]]:
    out = []
    for i, item in enumerate(assumptions.get(key) or []):
        if not isinstance(item, Mapping):
            raise FinancialInputError(key, f"each entry of {key} needs a label and an amount")
        label = str(item.get("label") or f"{key} {i + 1}").strip()
        try:
            amount = float(item.get("amount"))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise FinancialInputError(key, f"“{label}” in {key} needs a numeric amount") from exc
        out.append((label, amount))
    return out


def gather_inputs(
    assumptions: Mapping[str, Any],
    blueprints: Sequence[BlueprintArtefact],
    effort_days: float | None,
    roadmap_id: str | None,
) -> tuple[dict[str, Input], list[Input], list[Input], list[Input]]:
    """(rates, blueprint savings, other costs, other benefits), each with its source."""
    rates: dict[str, Input] = {}
    for name, label in RATE_INPUTS.items():
        value = _rate(assumptions, name)
        if value is not None:
            rates[name] = Input(
                name, label, value, _unit(name), {"type": "user_input", "field": name}
            )
    override = _rate(assumptions, "effort_days")
    if override is not None:
        rates["effort_days"] = Input(
            "effort_days",
            "Effort (person-days)",
            override,
            "days",
            {"type": "user_input", "field": "effort_days"},
        )
    elif effort_days is not None:
        rates["effort_days"] = Input(
            "effort_days",
            "Effort (person-days): sum of the roadmap's task durations, one person per task",
            effort_days,
            "days",
            {"type": "roadmap", "id": roadmap_id, "field": "effort_days"},
        )
    volumes = assumptions.get("runs_per_month") or {}
    savings: list[Input] = []
    for bp in blueprints:
        runs, source = (
            bp.runs_per_month,
            {"type": "blueprint", "id": bp.id, "field": "runs_per_month"},
        )
        if isinstance(volumes, Mapping) and volumes.get(bp.id) not in (None, ""):
            runs = _rate({"runs": volumes[bp.id]}, "runs")
            source = {"type": "user_input", "field": f"runs_per_month.{bp.id}"}
        if runs is None or bp.hours_saved_per_run <= 0:
            continue
        savings.append(
            Input(
                f"hours_saved_per_month.{bp.id}",
                f"Hours saved per month in {bp.workflow_title} "
                f"({bp.hours_saved_per_run:.2f} h per run × {runs:g} runs)",
                bp.hours_saved_per_run * runs,
                "hours/month",
                {
                    "type": "blueprint",
                    "id": bp.id,
                    "field": "hours_saved_per_run",
                    "volume": source,
                },
            )
        )
    costs = [
        Input(
            f"other_cost.{i}",
            label,
            amount,
            "currency",
            {"type": "user_input", "field": f"other_costs[{i}]"},
        )
        for i, (label, amount) in enumerate(_items(assumptions, "other_costs"))
    ]
    benefits = [
        Input(
            f"other_benefit.{i}",
            label,
            amount,
            "currency/year",
            {"type": "user_input", "field": f"other_benefits[{i}]"},
        )
        for i, (label, amount) in enumerate(_items(assumptions, "other_benefits"))
    ]
    return rates, savings, costs, benefits


def _unit(name: str) -> str:
    return {
        "day_rate": "currency/day",
        "loaded_hourly_rate": "currency/hour",
        "discount_rate": "fraction/year",
        "years": "years",
    }[name]


def _figure(
    value: float | None, formula: str, uses: list[str], missing: list[str], what: str
) -> dict[str, Any]:
    message = None
    if missing:
        value = None
        message = f"{what} is not computed: it needs " + ", ".join(missing)
    return {
        "value": value,
        "formula": formula,
        "inputs": uses,
        "missing": missing,
        "message": message,
    }


def npv(cost: float, annual_benefit: float, rate: float, years: int) -> float:
    return -cost + sum(annual_benefit / (1 + rate) ** t for t in range(1, years + 1))


def compute(
    assumptions: Mapping[str, Any],
    blueprints: Sequence[BlueprintArtefact],
    effort_days: float | None,
    roadmap_id: str | None,
) -> dict[str, Any]:
    """Every figure with its formula, the names of the inputs it used, and what is missing."""
    rates, savings, costs, benefits = gather_inputs(
        assumptions, blueprints, effort_days, roadmap_id
    )
    val = {name: i.value for name, i in rates.items()}
    need = {"cost": ["effort_days", "day_rate"], "benefit": ["loaded_hourly_rate"]}
    if not savings:
        need["benefit"] = [] if benefits else ["loaded_hourly_rate"]
    miss_cost = [n for n in need["cost"] if n not in val]
    miss_benefit = [n for n in need["benefit"] if n not in val]
    if not savings and not benefits:
        miss_benefit = [
            "a blueprint with hours saved and a volume (runs per month), or other_benefits",
            *miss_benefit,
        ]

    cost = (
        val["effort_days"] * val["day_rate"] + sum(c.value for c in costs)
        if not miss_cost
        else None
    )
    hours = sum(s.value for s in savings)
    benefit = None
    if not miss_benefit:
        labour = hours * 12 * val["loaded_hourly_rate"] if savings else 0.0
        benefit = labour + sum(b.value for b in benefits)
    figures: dict[str, Any] = {
        "cost": _figure(
            cost,
            "effort_days × day_rate + Σ other_costs",
            ["effort_days", "day_rate", *(c.name for c in costs)],
            miss_cost,
            "The cost",
        ),
        "hours_saved_per_month": _figure(
            hours,
            "Σ hours_saved_per_month over blueprints",
            [s.name for s in savings],
            [],
            "Hours saved",
        ),
        "annual_benefit": _figure(
            benefit,
            "Σ hours_saved_per_month × 12 × loaded_hourly_rate + Σ other_benefits",
            [*(s.name for s in savings), "loaded_hourly_rate", *(b.name for b in benefits)],
            miss_benefit,
            "The annual benefit",
        ),
    }
    base_missing = miss_cost + [m for m in miss_benefit if m not in miss_cost]
    roi_missing = base_missing + [n for n in ("years",) if n not in val]
    npv_missing = roi_missing + [n for n in ("discount_rate",) if n not in val]
    roi = npv_value = payback = None
    if cost is not None and benefit is not None:
        if "years" in val and cost > 0:
            roi = (benefit * val["years"] - cost) / cost
        if "years" in val and "discount_rate" in val:
            npv_value = npv(cost, benefit, val["discount_rate"], int(val["years"]))
        if benefit > 0:
            payback = cost / (benefit / 12)
    figures["roi"] = _figure(
        roi,
        "(annual_benefit × years − cost) / cost",
        ["annual_benefit", "years", "cost"],
        roi_missing,
        "The ROI",
    )
    if roi is None and not roi_missing:
        figures["roi"]["message"] = "the ROI is undefined when the cost is zero"
    figures["npv"] = _figure(
        npv_value,
        "−cost + Σ_{t=1..years} annual_benefit / (1 + discount_rate)^t",
        ["cost", "annual_benefit", "discount_rate", "years"],
        npv_missing,
        "The NPV",
    )
    figures["payback_months"] = _figure(
        payback,
        "cost / (annual_benefit / 12)",
        ["cost", "annual_benefit"],
        base_missing,
        "The payback period",
    )
    if payback is None and not base_missing:
        figures["payback_months"]["message"] = "no payback: the annual benefit is not positive"
    inputs = [*rates.values(), *savings, *costs, *benefits]
    needed = [{"name": n, "label": RATE_INPUTS.get(n, n)} for n in dict.fromkeys(npv_missing)]
    return {
        "currency": str(assumptions.get("currency") or ""),
        "inputs": [i.as_dict() for i in inputs],
        "figures": figures,
        "needed_inputs": needed,
        "sensitivity": sensitivity(cost, benefit, val.get("discount_rate"), val.get("years")),
        "method": "deterministic",
    }


def sensitivity(
    cost: float | None, benefit: float | None, rate: float | None, years: float | None
) -> dict[str, Any]:
    """NPV, ROI and payback with the annual benefit moved by -30 % .. +30 %."""
    if cost is None or benefit is None:
        return {
            "rows": [],
            "message": "the sensitivity table needs the cost and the annual benefit",
        }
    rows = []
    for step in SENSITIVITY_STEPS:
        b = benefit * (1 + step)
        rows.append(
            {
                "change": step,
                "annual_benefit": b,
                "npv": npv(cost, b, rate, int(years)) if rate is not None and years else None,
                "roi": (b * years - cost) / cost if years and cost > 0 else None,
                "payback_months": cost / (b / 12) if b > 0 else None,
            }
        )
    return {"rows": rows, "message": None}
