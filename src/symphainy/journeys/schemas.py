from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

Goal = str


def _clean_goals(goals: list[str]) -> list[str]:
    cleaned = [g.strip() for g in goals if g and g.strip()]
    for g in cleaned:
        if len(g) > 500:
            raise ValueError("each goal must be at most 500 characters")
    return cleaned


class JourneyBase(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    goals: list[str] = Field(default_factory=list, max_length=50)

    _goals = field_validator("goals")(_clean_goals)


class JourneyCreate(JourneyBase):
    workspace_id: str | None = Field(
        default=None, description="Defaults to the caller's personal workspace."
    )


class JourneyUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    goals: list[str] | None = Field(default=None, max_length=50)

    @field_validator("goals")
    @classmethod
    def _goals(cls, goals: list[str] | None) -> list[str] | None:
        return None if goals is None else _clean_goals(goals)


class JourneyPublic(JourneyBase):
    model_config = ConfigDict(from_attributes=True)

    id: str
    workspace_id: str
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    counts: dict[str, int] = Field(
        default_factory=dict, description="How many artefacts of each kind it holds."
    )
    last_change: datetime | None = Field(
        default=None,
        description="When it or any of its artefacts last changed (on the single-journey read).",
    )
