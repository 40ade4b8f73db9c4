"""Request and response bodies of the Business outcomes API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ExportFormat = Literal["pdf", "docx", "md"]


class MoneyItem(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    amount: float


class Assumptions(BaseModel):
    """The proposal's editable inputs. None of them has a default figure."""

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


class RoadmapCreate(BaseModel):
    start_date: date | None = None
    horizon_months: int | None = Field(default=None, ge=1, le=120)
    durations: dict[str, int] = Field(default_factory=dict)


class RoadmapUpdate(BaseModel):
    durations: dict[str, int] = Field(default_factory=dict)
    dependencies: dict[str, list[str]] | None = None
    start_date: date | None = None


class ProposalCreate(BaseModel):
    assumptions: Assumptions = Field(default_factory=Assumptions)


class ProposalUpdate(BaseModel):
    assumptions: Assumptions


class RoadmapPublic(BaseModel):
    id: str
    journey_id: str
    inputs: dict[str, Any]
    method: str
    created_at: datetime
    updated_at: datetime
    result: dict[str, Any]
    gantt_url: str


class ProposalPublic(BaseModel):
    id: str
    journey_id: str
    roadmap_id: str | None
    inputs: dict[str, Any]
    method: str
    created_at: datetime
    updated_at: datetime
    result: dict[str, Any]


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
