"""Request and response shapes of the Operations pillar."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from symphainy.operations.blueprint import Assumptions, StepOverride
from symphainy.operations.blueprint_result import BlueprintResult as BlueprintResult
from symphainy.operations.blueprint_result import Control as Control
from symphainy.operations.blueprint_result import DefaultUse as DefaultUse
from symphainy.operations.graph import Edge, Source

MAX_TEXT = 200_000


class WorkflowCreate(BaseModel):
    """From an uploaded file (a document or a BPMN workflow) or from pasted text."""

    model_config = ConfigDict(extra="forbid")

    source_file_id: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    title: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _one_source(self) -> WorkflowCreate:
        if (self.source_file_id is None) == (self.text is None):
            raise ValueError("give either source_file_id or text")
        if self.text is not None and not self.text.strip():
            raise ValueError("the text is empty")
        return self


class NewStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    actor: str | None = Field(default=None, max_length=120)
    kind: Literal["task", "decision"] = "task"
    systems: list[str] = Field(default_factory=list, max_length=20)


class EditOperation(BaseModel):
    """One edit: rename, reassign, add, remove, move, set_next, update or set_title."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["rename", "reassign", "add", "remove", "move", "set_next", "set_title"]
    step_id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=300)
    actor: str | None = Field(default=None, max_length=120)
    after: str | None = Field(default=None, max_length=64)
    step: NewStep | None = None
    next: list[Edge] | None = None
    title: str | None = Field(default=None, max_length=300)


class WorkflowUpdate(BaseModel):
    """Either the full edited graph or a list of edit operations; ``version`` guards races."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    title: str | None = Field(default=None, min_length=1, max_length=300)
    graph: dict[str, Any] | None = None
    operations: list[EditOperation] | None = Field(default=None, max_length=200)


class StepPublic(BaseModel):
    id: str
    name: str
    actor: str | None
    kind: str
    action: str
    inputs: list[str]
    outputs: list[str]
    systems: list[str]
    next: list[Edge]
    source: Source | None
    # From BPMN files (defaults for workflows read from text):
    element: str = ""
    events: list[str] = []
    event_detail: str = ""
    timer: str | None = None
    attached_to: str | None = None
    interrupting: bool = True
    parent: str | None = None
    pool: str | None = None
    lane: str | None = None
    loop: str | None = None
    triggered_by_event: bool = False
    for_compensation: bool = False
    called_element: str = ""


class WorkflowPublic(BaseModel):
    id: str
    journey_id: str
    workspace_id: str
    title: str
    version: int
    source_kind: str
    source_file_id: str | None
    method: str
    model: str | None
    steps: list[StepPublic]
    actors: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    handoffs: list[dict[str, Any]]
    systems: list[str]
    raci: list[dict[str, Any]]
    notes: list[str]
    # Structural remarks about an imported model (the notes that start with "Warning: ").
    warnings: list[str] = []
    pools: list[dict[str, Any]] = []
    message_flows: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    # Associations and data associations between steps, data and annotations.
    associations: list[dict[str, Any]] = []
    created_at: datetime
    updated_at: datetime
    links: dict[str, str]


class WorkflowSummary(BaseModel):
    id: str
    title: str
    version: int
    source_kind: str
    method: str
    steps: int
    actors: int
    created_at: datetime
    updated_at: datetime


class SopPublic(BaseModel):
    id: str
    workflow_id: str
    journey_id: str
    workflow_version: int
    method: str
    content: dict[str, Any]
    markdown: str
    created_at: datetime
    links: dict[str, str]


class BlueprintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    volume_per_month: float | None = Field(default=None, ge=0, le=10_000_000)
    overrides: dict[str, StepOverride] | None = None
    minutes_by_category: dict[str, float] | None = None
    remaining_share: dict[str, float] | None = None

    def assumptions(self) -> Assumptions:
        return Assumptions(
            volume_per_month=self.volume_per_month,
            minutes_by_category=self.minutes_by_category or {},
            remaining_share=self.remaining_share or {},
            steps=self.overrides or {},
        )


class BlueprintPublic(BaseModel):
    id: str
    workflow_id: str
    journey_id: str
    workflow_version: int
    method: str
    assumptions: dict[str, Any]
    steps: list[dict[str, Any]]
    handoffs: list[dict[str, Any]]
    controls: list[dict[str, Any]]
    summary: dict[str, Any]
    created_at: datetime
    links: dict[str, str]
