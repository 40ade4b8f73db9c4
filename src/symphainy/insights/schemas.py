"""Request and response shapes of the Insights pillar."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("ask a question")
        return value


class MappingIn(BaseModel):
    source_file_id: str = Field(min_length=1, max_length=32)
    target_file_id: str = Field(min_length=1, max_length=32)
    source_dataset_id: str | None = Field(default=None, max_length=32)
    target_dataset_id: str | None = Field(default=None, max_length=32)
    overrides: dict[str, str | None] = Field(default_factory=dict, max_length=500)
    use_embeddings: bool = True


class AnalysisStatus(BaseModel):
    """A background analysis: poll ``poll_url`` or read ``events_url`` until it is ready."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    file_id: str
    status: str
    progress: float
    error: str | None
    method: str
    created_at: datetime
    updated_at: datetime
    poll_url: str = ""
    events_url: str = ""


class AnalysisOut(AnalysisStatus):
    result: dict[str, Any]


class InsightOut(BaseModel):
    """A computed result with the analysis row that caches it."""

    analysis_id: str
    file_id: str
    dataset_id: str | None = None
    status: str = "ready"
    result: dict[str, Any]
