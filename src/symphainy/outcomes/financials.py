"""Cost, annual benefit, ROI, NPV and payback, each a figure with its source.

There are no built-in rates: the day rate, loaded hourly rate, discount rate and number of
years come from the user; when one is missing, every figure that needs it is left
uncomputed (``value: None``) with the names of the missing inputs, never a default figure.

The effort and the hours saved do rest on built-in defaults (the roadmap's task durations,
the blueprint's minutes per step and shares of effort kept). Each such default is listed as
an *assumption* with its rule and where to change it; until every one is confirmed or
replaced, the headline figures are *estimates from defaults* (``status: "estimate"``).

Formulas (stated again on each figure):

* cost = effort days × day rate + Σ other one-off costs
* annual benefit = Σ over blueprints (hours saved per run × runs per month × 12)
  × loaded hourly rate + Σ other annual benefits
* ROI = (annual benefit × years − cost) / cost
* NPV = −cost + Σ_{t=1..years} annual benefit / (1 + discount rate)^t
* payback months = cost / (annual benefit / 12)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from symphainy.core.provenance import ComputedSource, DefaultSource, Figure, InputSource
from symphainy.outcomes.artefacts import BlueprintArtefact
from symphainy.outcomes.roadmap import DEFAULT_DAYS, RoadmapResult, default_days_source

SENSITIVITY_STEPS = (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3)
RATE_INPUTS = {
    "day_rate": "Day rate per person (currency per working day)",
    "loaded_hourly_rate": "Loaded hourly rate of the people whose time is saved",
    "discount_rate": "Annual discount rate",
    "years": "Years the benefit is counted over",
}
UNITS = {"day_rate": "/day", "loaded_hourly_rate": "/hour", "discount_rate": "%", "years": "years"}
DIGITS = {"day_rate": 2, "loaded_hourly_rate": 2, "discount_rate": 1, "years": 0}


class FinancialInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class FinancialFigure(Figure):
    formula: str
    missing: list[str] = Field(default_factory=list)
    message: str | None = None


class NeededInput(BaseModel):
    name: str
    label: str


class Assumption(BaseModel):
    """A built-in default the money rests on: confirm it (same value) or replace it."""

    name: str
    label: str
    affects: Literal["cost", "benefit"]
    default: Figure  # the built-in value, with its rule
    figure: Figure  # the value used: the default (unconfirmed) or what the user confirmed
    rule: str
    change_at: str
    confirmed: bool


class SensitivityRow(BaseModel):
    change: Figure
    annual_benefit: Figure
    npv: Figure
    roi: Figure
    payback_months: Figure


class Sensitivity(BaseModel):
    rows: list[SensitivityRow] = Field(default_factory=list)
    message: str | None = None


class FinancialResult(BaseModel):
    currency: str
    status: Literal["final", "estimate", "incomplete"]
    inputs: list[Figure]
    figures: dict[str, FinancialFigure]
    needed_inputs: list[NeededInput]
    assumptions: list[Assumption]
    sensitivity: Sensitivity
    method: str = "deterministic"

    @property
    def unconfirmed(self) -> list[Assumption]:
        return [a for a in self.assumptions if not a.confirmed]


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


def _entered(assumptions: Mapping[str, Any], field: str) -> InputSource:
    who = (assumptions.get("entered") or {}).get(field) or {}
    at = who.get("at")
    return InputSource(
        field=field,
        by=who.get("by"),
        at=datetime.fromisoformat(at) if isinstance(at, str) else None,
    )


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


def confirmations(assumptions: Mapping[str, Any]) -> dict[str, float]:
    """Defaults the user confirmed or replaced on the proposal: name -> value."""
    raw = assumptions.get("confirmed") or {}
    return {str(k): float(v) for k, v in raw.items() if isinstance(v, int | float)}


def _assumptions(
    assumptions: Mapping[str, Any],
    blueprints: Sequence[BlueprintArtefact],
    plan: RoadmapResult | None,
    effort_entered: bool,
) -> list[Assumption]:
    """Every default the cost or benefit rests on, confirmed or not."""
    confirmed = confirmations(assumptions)
    names: dict[str, Literal["cost", "benefit"]] = {}
    if plan is not None and not effort_entered:
        names.update(dict.fromkeys(plan.defaults_used(), "cost"))
    for bp in blueprints:
        if bp.runs_per_month is None and not _runs_override(assumptions, bp):
            continue
        for step in bp.steps:
            names.update(dict.fromkeys(step.defaults(), "benefit"))
    # A blueprint's built-in values, as the blueprint recorded them (value, rule, where to change)
    used = {d.name: d for bp in blueprints for d in bp.defaults}
    out = []
    for name, affects in names.items():
        if name in DEFAULT_DAYS:
            source = default_days_source(name)
            default = float(DEFAULT_DAYS[name][0])
        else:
            source = DefaultSource(name=name, rule=used[name].rule, change_at=used[name].change_at)
            default = used[name].value
        is_share = ".remaining_share." in name
        unit, digits = ("%", 0) if is_share else ("days" if affects == "cost" else "min", 0)
        if name in confirmed:
            entered = _entered(assumptions, f"confirmed.{name}")
            figure_source: InputSource | DefaultSource = entered.model_copy(
                update={"confirms_default": name}
            )
        else:
            figure_source = source
        out.append(
            Assumption(
                name=name,
                label=source.rule,
                affects=affects,
                default=Figure(
                    name=name,
                    label=source.rule,
                    value=default,
                    unit=unit,
                    digits=digits,
                    source=source,
                ),
                figure=Figure(
                    name=name,
                    label=source.rule,
                    value=confirmed.get(name, default),
                    unit=unit,
                    digits=digits if not is_share else 0,
                    source=figure_source,
                ),
                rule=source.rule,
                change_at=source.change_at,
                confirmed=name in confirmed,
            )
        )
    return out


def _runs_override(assumptions: Mapping[str, Any], bp: BlueprintArtefact) -> bool:
    volumes = assumptions.get("runs_per_month") or {}
    return isinstance(volumes, Mapping) and volumes.get(bp.id) not in (None, "")


def compute(
    assumptions: Mapping[str, Any],
    blueprints: Sequence[BlueprintArtefact],
    plan: RoadmapResult | None,
    roadmap_id: str | None,
) -> FinancialResult:
    """Every figure with its formula, its source and what is missing."""
    confirmed = confirmations(assumptions)
    rates: dict[str, Figure] = {}
    for name, label in RATE_INPUTS.items():
        value = _rate(assumptions, name)
        if value is not None:
            rates[name] = Figure(
                name=name,
                label=label,
                value=value,
                unit=UNITS[name],
                digits=DIGITS[name],
                source=_entered(assumptions, name),
            )
    override = _rate(assumptions, "effort_days")
    assumed = _assumptions(assumptions, blueprints, plan, override is not None)
    unconfirmed = {a.name for a in assumed if not a.confirmed}
    cost_defaults = sorted(a.name for a in assumed if not a.confirmed and a.affects == "cost")
    benefit_defaults = sorted(a.name for a in assumed if not a.confirmed and a.affects == "benefit")
    if override is not None:
        rates["effort_days"] = Figure(
            name="effort_days",
            label="Effort (person-days), entered",
            value=override,
            unit="person-days",
            digits=0,
            source=_entered(assumptions, "effort_days"),
        )
    elif plan is not None:
        rates["effort_days"] = Figure(
            name="effort_days",
            label="Effort (person-days): the roadmap's task durations, one person per task",
            value=plan.effort_with(confirmed),
            unit="person-days",
            digits=0,
            source=ComputedSource(
                formula="Σ task durations of the roadmap",
                inputs=[f"roadmap {roadmap_id}"],
                rests_on_defaults=cost_defaults,
            ),
        )
    savings: list[Figure] = []
    for bp in blueprints:
        runs, runs_field = bp.runs_per_month, f"blueprint {bp.id}: volume_per_month"
        if _runs_override(assumptions, bp):
            runs = _rate({"runs": assumptions["runs_per_month"][bp.id]}, "runs")
            runs_field = f"runs_per_month.{bp.id}"
        per_run = bp.hours_saved_per_run_with(confirmed)
        if runs is None or per_run <= 0:
            continue
        own = [n for s in bp.steps for n in s.defaults() if n in unconfirmed]
        savings.append(
            Figure(
                name=f"hours_saved_per_month.{bp.id}",
                label=f"Hours saved per month in {bp.workflow_title} "
                f"({per_run:,.2f} hours per run, {runs:,.0f} runs a month)",
                value=per_run * runs,
                unit="h/month",
                digits=1,
                source=ComputedSource(
                    formula="hours saved per run × runs per month",
                    inputs=[f"blueprint {bp.id}", runs_field],
                    rests_on_defaults=list(dict.fromkeys(own)),
                ),
            )
        )
    costs = [
        Figure(
            name=f"other_cost.{i}",
            label=label,
            value=amount,
            unit="",
            digits=0,
            source=_entered(assumptions, "other_costs"),
        )
        for i, (label, amount) in enumerate(_items(assumptions, "other_costs"))
    ]
    benefits = [
        Figure(
            name=f"other_benefit.{i}",
            label=label,
            value=amount,
            unit="/year",
            digits=0,
            source=_entered(assumptions, "other_benefits"),
        )
        for i, (label, amount) in enumerate(_items(assumptions, "other_benefits"))
    ]
    val = {name: f.value for name, f in rates.items() if f.value is not None}
    miss_cost = [n for n in ("effort_days", "day_rate") if n not in val]
    miss_benefit = [] if not savings and benefits else ["loaded_hourly_rate"]
    miss_benefit = [n for n in miss_benefit if n not in val]
    if not savings and not benefits:
        miss_benefit = [
            "a blueprint with hours saved and a volume (runs per month), or other_benefits",
            *miss_benefit,
        ]
    cost = (
        val["effort_days"] * val["day_rate"] + sum(c.value or 0.0 for c in costs)
        if not miss_cost
        else None
    )
    hours = sum(s.value or 0.0 for s in savings)
    benefit = None
    if not miss_benefit:
        labour = hours * 12 * val["loaded_hourly_rate"] if savings else 0.0
        benefit = labour + sum(b.value or 0.0 for b in benefits)
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
    both = cost_defaults + benefit_defaults
    currency = str(assumptions.get("currency") or "")

    def figure(
        name: str,
        label: str,
        value: float | None,
        unit: str,
        digits: int,
        formula: str,
        uses: list[str],
        missing: list[str],
        defaults: list[str],
    ) -> FinancialFigure:
        message = None
        if missing:
            value = None
            message = f"{label} is not computed: it needs " + ", ".join(missing)
        return FinancialFigure(
            name=name,
            label=label,
            value=value,
            unit=unit,
            digits=digits,
            formula=formula,
            missing=missing,
            message=message,
            source=ComputedSource(formula=formula, inputs=uses, rests_on_defaults=defaults),
        )

    figures = {
        "cost": figure(
            "cost",
            "Cost (one-off)",
            cost,
            currency,
            0,
            "effort days × day rate + Σ other one-off costs",
            ["effort_days", "day_rate", *(c.name for c in costs)],
            miss_cost,
            cost_defaults,
        ),
        "hours_saved_per_month": figure(
            "hours_saved_per_month",
            "Hours saved per month",
            hours,
            "h/month",
            1,
            "Σ hours saved per month over the blueprints",
            [s.name for s in savings],
            [],
            benefit_defaults,
        ),
        "annual_benefit": figure(
            "annual_benefit",
            "Annual benefit",
            benefit,
            currency,
            0,
            "Σ hours saved per month × 12 × loaded hourly rate + Σ other annual benefits",
            [*(s.name for s in savings), "loaded_hourly_rate", *(b.name for b in benefits)],
            miss_benefit,
            benefit_defaults,
        ),
        "roi": figure(
            "roi",
            "Return on investment over the period",
            roi,
            "%",
            0,
            "(annual benefit × years − cost) / cost",
            ["annual_benefit", "years", "cost"],
            roi_missing,
            both,
        ),
        "npv": figure(
            "npv",
            "Net present value",
            npv_value,
            currency,
            0,
            "−cost + Σ over the years of annual benefit / (1 + discount rate)^year",
            ["cost", "annual_benefit", "discount_rate", "years"],
            npv_missing,
            both,
        ),
        "payback_months": figure(
            "payback_months",
            "Payback",
            payback,
            "months",
            1,
            "cost / (annual benefit / 12)",
            ["cost", "annual_benefit"],
            base_missing,
            both,
        ),
    }
    if roi is None and not roi_missing:
        figures["roi"].message = "the ROI is undefined when the cost is zero"
    if payback is None and not base_missing:
        figures["payback_months"].message = "no payback: the annual benefit is not positive"
    needed = [NeededInput(name=n, label=RATE_INPUTS.get(n, n)) for n in dict.fromkeys(npv_missing)]
    status: Literal["final", "estimate", "incomplete"] = (
        "incomplete" if npv_missing else "estimate" if both else "final"
    )
    return FinancialResult(
        currency=currency,
        status=status,
        inputs=[*rates.values(), *savings, *costs, *benefits],
        figures=figures,
        needed_inputs=needed,
        assumptions=assumed,
        sensitivity=sensitivity(
            cost, benefit, val.get("discount_rate"), val.get("years"), currency, both
        ),
    )


def npv(cost: float, annual_benefit: float, rate: float, years: int) -> float:
    return -cost + sum(annual_benefit / (1 + rate) ** t for t in range(1, years + 1))


def sensitivity(
    cost: float | None,
    benefit: float | None,
    rate: float | None,
    years: float | None,
    currency: str = "",
    defaults: Sequence[str] = (),
) -> Sensitivity:
    """NPV, ROI and payback with the annual benefit moved by -30 % .. +30 %."""
    if cost is None or benefit is None:
        return Sensitivity(message="the sensitivity table needs the cost and the annual benefit")

    def fig(name: str, value: float | None, unit: str, digits: int, formula: str) -> Figure:
        return Figure(
            name=name,
            label=name.replace("_", " "),
            value=value,
            unit=unit,
            digits=digits,
            source=ComputedSource(
                formula=formula,
                inputs=["cost", "annual_benefit", "discount_rate", "years"],
                rests_on_defaults=list(defaults),
            ),
        )

    rows = []
    for step in SENSITIVITY_STEPS:
        b = benefit * (1 + step)
        rows.append(
            SensitivityRow(
                change=Figure(
                    name="change",
                    label="benefit change",
                    value=step,
                    unit="%",
                    digits=0,
                    source=ComputedSource(formula="fixed steps of ±10 % of the annual benefit"),
                ),
                annual_benefit=fig(
                    "annual_benefit", b, currency, 0, "annual benefit × (1 + change)"
                ),
                npv=fig(
                    "npv",
                    npv(cost, b, rate, int(years)) if rate is not None and years else None,
                    currency,
                    0,
                    "NPV with the changed benefit",
                ),
                roi=fig(
                    "roi",
                    (b * years - cost) / cost if years and cost > 0 else None,
                    "%",
                    0,
                    "ROI with the changed benefit",
                ),
                payback_months=fig(
                    "payback_months",
                    cost / (b / 12) if b > 0 else None,
                    "months",
                    1,
                    "payback with the changed benefit",
                ),
            )
        )
    return Sensitivity(rows=rows)
