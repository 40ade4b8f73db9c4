"""The proposal's HTML form: from typed text to assumptions, with an error per field.

Pages show the form again with exactly what was typed when anything is wrong, so these
functions never raise on bad input: they return the errors by field name. Percentages
accept 8, 8% and 0.08.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from symphainy.core.provenance import parse_percentage
from symphainy.outcomes.schemas import Assumptions, MoneyItem

FORM_FIELDS = (
    "currency",
    "day_rate",
    "loaded_hourly_rate",
    "discount_rate",
    "years",
    "effort_days",
    "other_costs",
    "other_benefits",
    "notes",
)
NUMBER_RULES = {
    "day_rate": "a positive amount per day, e.g. 650",
    "loaded_hourly_rate": "a positive amount per hour, e.g. 48.50",
    "years": "a whole number of years from 1 to 30",
    "effort_days": "a positive number of person-days",
}


def form_values(inputs: Mapping[str, Any]) -> dict[str, str]:
    """The stored assumptions as the text the form shows (the discount rate in %)."""

    def text(value: Any) -> str:
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    values = {k: text(inputs.get(k)) for k in FORM_FIELDS[:6]}
    rate = inputs.get("discount_rate")
    values["discount_rate"] = f"{rate * 100:g}%" if isinstance(rate, int | float) else ""
    for key in ("other_costs", "other_benefits"):
        values[key] = "\n".join(
            f"{i.get('label')}: {i.get('amount'):g}" for i in inputs.get(key) or []
        )
    values["notes"] = "\n".join(str(n) for n in inputs.get("notes") or [])
    return values


def _items(text: str) -> list[MoneyItem]:
    """Lines of "label: amount"."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _, amount = line.rpartition(":")
        out.append(MoneyItem(label=label.strip() or line.strip(), amount=float(amount)))
    return out


def parse_proposal_form(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(assumptions, errors by field): every field is checked, not just the first bad one."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, rule in NUMBER_RULES.items():
        raw = form.get(name, "").replace(",", "")
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            errors[name] = f"Enter {rule}."
            continue
        if value < 0 or value != value or (name == "years" and value != int(value)):
            errors[name] = f"Enter {rule}."
            continue
        data[name] = int(value) if name == "years" else value
    if form.get("discount_rate"):
        try:
            data["discount_rate"] = parse_percentage(form["discount_rate"])
        except ValueError:
            errors["discount_rate"] = "Enter a percentage: 8, 8% or 0.08."
    for key in ("other_costs", "other_benefits"):
        try:
            data[key] = _items(form.get(key, ""))
        except (ValueError, ValidationError):
            errors[key] = "Write one item per line as “label: amount”, e.g. “Licences: 1200”."
    data["currency"] = form.get("currency") or None
    data["notes"] = [n.strip() for n in form.get("notes", "").splitlines() if n.strip()]
    if errors:
        return {}, errors
    try:
        typed = Assumptions.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "form"
            errors.setdefault(field, _friendly(field))
        return {}, errors
    return typed.model_dump(exclude_none=True, mode="json"), {}


def _friendly(field: str) -> str:
    if field == "discount_rate":
        return "Enter a percentage between −50% and 500%: 8, 8% or 0.08."
    if field in NUMBER_RULES:
        return f"Enter {NUMBER_RULES[field]}."
    return "Check this value."


def parse_assumption(name: str, text: str) -> float:
    """A confirmed or edited default as typed: a share in %, minutes or days as numbers."""
    if ".remaining_share." in name:
        return parse_percentage(text, one_is_percent=False)
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"“{text}” is not a number") from None
