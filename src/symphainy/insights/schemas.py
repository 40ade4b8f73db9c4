"""Request and response shapes of the Insights pillar."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    # A correction to remember for this table: {"fuel use": "Miles_per_Gallon"} means the
    # phrase names that column from now on (applied to this question too).
    corrections: dict[str, str] = Field(default_factory=dict, max_length=20)

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("ask a question")
        return value

    @field_validator("corrections")
    @classmethod
    def short_phrases(cls, value: dict[str, str]) -> dict[str, str]:
        for phrase, column in value.items():
            if not phrase.strip() or len(phrase) > 100 or not column or len(column) > 300:
                raise ValueError("a correction is a phrase (up to 100 characters) and a column")
        return value


class TargetField(BaseModel):
    """One field of a target schema the user describes instead of giving a target file."""

    name: str = Field(min_length=1, max_length=200)
    type: Literal["text", "number", "integer", "date", "datetime", "boolean"] = "text"


class MappingIn(BaseModel):
    source_file_id: str = Field(min_length=1, max_length=32)
    target_file_id: str | None = Field(default=None, min_length=1, max_length=32)
    target_schema: list[TargetField] | None = Field(default=None, min_length=1, max_length=500)
    source_dataset_id: str | None = Field(default=None, max_length=32)
    target_dataset_id: str | None = Field(default=None, max_length=32)
    overrides: dict[str, str | None] = Field(default_factory=dict, max_length=500)
    use_embeddings: bool = True

    @model_validator(mode="after")
    def _one_target(self) -> MappingIn:
        if (self.target_file_id is None) == (self.target_schema is None):
            raise ValueError("give either target_file_id or target_schema")
        names = [f.name for f in self.target_schema or []]
        if len(set(names)) != len(names):
            raise ValueError("target_schema names must be unique")
        return self


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
