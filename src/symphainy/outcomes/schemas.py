"""Request and response bodies of the Business outcomes API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from symphainy.core.provenance import parse_percentage
from symphainy.outcomes.proposal import ProposalResult
from symphainy.outcomes.roadmap import RoadmapResult

ExportFormat = Literal["pdf", "docx", "md"]


class MoneyItem(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    amount: float


class Assumptions(BaseModel):
    """The proposal's editable inputs. None of them has a default figure.

    ``confirmed`` holds the built-in defaults (by the name the proposal lists) that someone
    confirmed (the same value) or replaced (another value). ``discount_rate`` accepts 8, "8%"
    or 0.08 and is stored as the fraction 0.08.
    """

    model_config = ConfigDict(extra="forbid")

    currency: str | None = Field(default=None, max_length=10)
    day_rate: float | None = Field(default=None, ge=0)
    loaded_hourly_rate: float | None = Field(default=None, ge=0)
    discount_rate: float | None = Field(default=None, gt=-0.5, lt=5)
    years: int | None = Field(default=None, ge=1, le=30)
    effort_days: float | None = Field(default=None, ge=0)
    runs_per_month: dict[str, float] = Field(default_factory=dict)
    other_costs: list[MoneyItem] = Field(default_factory=list, max_length=50)
    other_benefits: list[MoneyItem] = Field(default_factory=list, max_length=50)
    notes: list[str] = Field(default_factory=list, max_length=50)
    confirmed: dict[str, float] = Field(default_factory=dict)

    @field_validator("discount_rate", mode="before")
    @classmethod
    def _percentage(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            return parse_percentage(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > 1:
            return value / 100  # 8 means 8 %
        return value


def _plannable(value: date | None) -> date | None:
    """A start date a plan can be scheduled from (years 1900 to 9000)."""
    if value is not None and not 1900 <= value.year <= 9000:
        raise ValueError("the start date must be between the years 1900 and 9000")
    return value


MAX_HOLIDAYS = 1000  # about twenty years of public holidays and closures


class RoadmapCreate(BaseModel):
    start_date: date | None = None

    _start = field_validator("start_date")(_plannable)
    horizon_months: int | None = Field(default=None, ge=1, le=120)
    durations: dict[str, int] = Field(default_factory=dict)
    # Days nobody works (public holidays, closures), skipped like weekends.
    holidays: list[date] = Field(default_factory=list, max_length=MAX_HOLIDAYS)


class RoadmapUpdate(BaseModel):
    durations: dict[str, int] = Field(default_factory=dict)
    dependencies: dict[str, list[str]] | None = None
    start_date: date | None = None
    holidays: list[date] | None = Field(default=None, max_length=MAX_HOLIDAYS)  # None: keep

    _start = field_validator("start_date")(_plannable)


class ProposalCreate(BaseModel):
    assumptions: Assumptions = Field(default_factory=Assumptions)


class ProposalUpdate(BaseModel):
    assumptions: Assumptions


class AssumptionsConfirm(BaseModel):
    """Defaults to confirm (their own value) or replace (another value), by name."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, float] = Field(min_length=1)


class RoadmapPublic(BaseModel):
    id: str
    journey_id: str
    inputs: dict[str, Any]
    method: str
    created_at: datetime
    updated_at: datetime
    result: RoadmapResult
    gantt_url: str


class ProposalPublic(BaseModel):
    id: str
    journey_id: str
    roadmap_id: str | None
    inputs: dict[str, Any]
    method: str
    created_at: datetime
    updated_at: datetime
    result: ProposalResult


class ExportPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    journey_id: str
    subject_type: str
    subject_id: str
    format: str
    status: str
    progress: float
    error: str | None
    size: int | None
    created_at: datetime
    download_url: str = ""
    events_url: str = ""
