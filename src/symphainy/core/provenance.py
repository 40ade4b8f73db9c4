"""Where a number comes from: typed into a form, a named built-in default, or computed.

Every figure a person may act on (minutes per step, hours saved, effort days, cost, ROI)
carries one of these sources, so a page, an export or the chat can say whether it rests on
what someone entered, on a rule of thumb nobody confirmed yet, or on other figures.

A figure is rounded once, by :class:`Figure` (``digits``), and every surface shows its
``display`` text, so the same number never reads 353.2 in one place and 353.3 in another.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, computed_field


class InputSource(BaseModel):
    """A value someone entered (or confirmed: ``confirms_default`` names the default)."""

    kind: Literal["input"] = "input"
    field: str
    by: str | None = None
    at: datetime | None = None
    confirms_default: str | None = None

    def describe(self) -> str:
        who = f" by {self.by}" if self.by else ""
        when = f" on {self.at:%d %b %Y}" if self.at else ""
        what = "confirmed default" if self.confirms_default else "entered"
        return f"{what}{who}{when} ({self.field})"


class DefaultSource(BaseModel):
    """A built-in value nobody entered: named, with its rule and where to change it."""

    kind: Literal["default"] = "default"
    name: str
    rule: str
    change_at: str

    def describe(self) -> str:
        return f"default {self.name}, not confirmed ({self.rule}; change it {self.change_at})"


class ComputedSource(BaseModel):
    """A value computed from other named figures."""

    kind: Literal["computed"] = "computed"
    formula: str
    inputs: list[str] = Field(default_factory=list)
    rests_on_defaults: list[str] = Field(default_factory=list)

    def describe(self) -> str:
        base = f"computed: {self.formula}"
        if self.rests_on_defaults:
            base += " (estimate: rests on unconfirmed defaults " + ", ".join(self.rests_on_defaults)
            base += ")"
        return base


Source = Annotated[InputSource | DefaultSource | ComputedSource, Field(discriminator="kind")]


def format_number(value: float | None, digits: int = 0, unit: str = "") -> str:
    """A number for people: grouped thousands, a true minus sign, the unit after it."""
    if value is None:
        return "not computed"
    if unit == "%":
        value = value * 100  # ratios are stored as fractions and shown as percentages
    # half up, as people round (72.5 -> 73), not Python's half-to-even
    rounded = Decimal(repr(abs(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"{rounded:,.{digits}f}"
    negative = value < 0 and rounded != 0
    return ("\u2212" if negative else "") + text + (f" {unit}" if unit else "")


class Figure(BaseModel):
    """One number with its unit, its single rounding and its source."""

    name: str
    label: str
    value: float | None
    unit: str = ""
    digits: int = 0
    source: Source

    @computed_field  # type: ignore[prop-decorator]
    @property
    def display(self) -> str:
        return format_number(self.value, self.digits, self.unit)

    @property
    def is_estimate(self) -> bool:
        """Whether the figure is, or rests on, a default nobody confirmed."""
        return isinstance(self.source, DefaultSource) or (
            isinstance(self.source, ComputedSource) and bool(self.source.rests_on_defaults)
        )


def parse_percentage(text: str, *, one_is_percent: bool = True) -> float:
    """A percentage typed as ``8``, ``8%`` or ``0.08``, as the fraction 0.08.

    A bare number above 1 is read as percent, below 1 as a fraction. A bare ``1`` is 1 % when
    ``one_is_percent`` (a discount rate of 100 % makes no sense) and 100 % otherwise (a share
    of effort kept). Raises ``ValueError`` with a sentence for anything else.
    """
    raw = text.strip().replace(" ", "").replace(",", ".")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%"))
    except ValueError:
        raise ValueError(f"“{text}” is not a percentage: write 8, 8% or 0.08") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"“{text}” is not a percentage: write 8, 8% or 0.08")
    if percent or abs(value) > 1 or (abs(value) == 1 and one_is_percent):
        return value / 100
    return value
