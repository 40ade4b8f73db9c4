"""Request and response shapes of the Content pillar."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FilePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    journey_id: str
    workspace_id: str
    name: str = Field(validation_alias="display_name")
    safe_name: str
    extension: str
    size: int
    sha256: str
    media_type: str
    kind: str
    status: str
    progress: float
    status_message: str
    error: str | None
    archived: bool = False
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    summary: dict[str, Any]


class Lineage(BaseModel):
    id: str
    kind: str
    name: str
    root_id: str
    parent_id: str | None
    generation: int
    method: str


class DatasetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    position: int
    rows: int
    columns: list[dict[str, Any]]
    details: dict[str, Any]
    version: int


class DocumentOutline(BaseModel):
    id: str
    title: str
    pages: int | None
    sections: list[dict[str, Any]]
    meta: dict[str, Any]


class FileDetail(FilePublic):
    lineage: list[Lineage]
    datasets: list[DatasetPublic]
    document: DocumentOutline | None


class TablePreview(BaseModel):
    dataset_id: str
    name: str
    columns: list[dict[str, Any]]
    rows: list[list[Any]]
    total_rows: int


class SectionPreview(BaseModel):
    title: str
    heading_path: list[str]
    page: int | None
    text: str


class Preview(BaseModel):
    file_id: str
    kind: str
    status: str
    tables: list[TablePreview] = Field(default_factory=list)
    sections: list[SectionPreview] = Field(default_factory=list)
    note: str | None = None


class SearchHit(BaseModel):
    chunk_id: str
    file_id: str
    file_name: str
    source: str
    location: dict[str, Any]
    snippet: str
    score: float
    matched_by: list[str]


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]
    semantic: bool
    semantic_note: str | None = None  # why the ranking is keyword-only, when it is
    method: str = "hybrid: keyword + sentence embeddings, reciprocal rank fusion"


class ReprocessOptions(BaseModel):
    """How to read the tables this time: each list names columns whose decision is undone."""

    model_config = ConfigDict(extra="forbid")

    keep_markers: list[str] = Field(
        default_factory=list, description="columns where NA, -, None... stay as text"
    )
    keep_text: list[str] = Field(
        default_factory=list, description="columns left exactly as written (no typing)"
    )
    day_first: bool | None = Field(
        default=None, description="read numeric dates day-first (true) or month-first (false)"
    )
