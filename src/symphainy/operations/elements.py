"""What a BPMN collaboration holds besides steps and their flows.

Pools and lanes, message flows between pools, data objects and stores, text annotations,
groups and the associations that tie them to steps, plus where the modeller drew each one
(diagram interchange). A workflow read from text has none of these; one imported from another
modeller keeps them all, so its export gives back the same elements, ids and drawing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The same pattern as step ids (kept here so this module imports nothing from graph).
# The length is its own limit, not a {0,199} in the pattern: pydantic compiles that
# bounded repeat of a Unicode class for ~0.1 s per field at import.
ELEMENT_ID = r"^[A-Za-z_][\w.-]*$"
ELEMENT_ID_MAX = 200


class Shape(BaseModel):
    """A BPMNShape's bounds, and the plane (diagram) it was drawn on."""

    model_config = ConfigDict(extra="forbid")

    x: float
    y: float
    w: float
    h: float
    id: str | None = None  # the BPMNShape's own id
    plane: str | None = None
    expanded: bool | None = None
    horizontal: bool | None = None
    marker_visible: bool | None = None
    label: tuple[float, float, float, float] | None = None


class Route(BaseModel):
    """A BPMNEdge's waypoints."""

    model_config = ConfigDict(extra="forbid")

    points: list[tuple[float, float]] = Field(default_factory=list, max_length=200)
    id: str | None = None  # the BPMNEdge's own id
    plane: str | None = None
    label: tuple[float, float, float, float] | None = None


class LaneDef(BaseModel):
    """A lane of a pool; ``parent`` names the lane it is nested in."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    name: str = Field(default="", max_length=300)
    parent: str | None = None
    lane_set: str | None = None
    shape: Shape | None = None


class Pool(BaseModel):
    """A participant of the collaboration and the process it runs (None: a black box)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    name: str = Field(default="", max_length=300)
    process: str | None = Field(default=None, pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    process_name: str = Field(default="", max_length=300)
    executable: bool | None = None
    # False for a process the file has outside any collaboration (no participant element).
    participant: bool = True
    lanes: list[LaneDef] = Field(default_factory=list, max_length=200)
    shape: Shape | None = None


class MessageFlow(BaseModel):
    """A message between pools: ``source`` and ``target`` are step or pool ids."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    name: str = Field(default="", max_length=300)
    source: str
    target: str
    route: Route | None = None


ArtifactType = Literal[
    "dataObject",
    "dataObjectReference",
    "dataStoreReference",
    "textAnnotation",
    "group",
]


class Artifact(BaseModel):
    """A data object, data store, annotation or group, in a pool, a sub-process or neither."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    type: ArtifactType
    name: str = Field(default="", max_length=300)
    text: str = Field(default="", max_length=4000)
    pool: str | None = None
    parent: str | None = None
    ref: str | None = None  # dataObjectRef of a reference
    collection: bool = False
    shape: Shape | None = None


class Link(BaseModel):
    """An association (annotation, compensation) or a data association to or from a step."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ELEMENT_ID, max_length=ELEMENT_ID_MAX)
    type: Literal["association", "dataInputAssociation", "dataOutputAssociation"]
    source: str  # empty for a data input association that only assigns values
    target: str
    direction: str | None = None
    pool: str | None = None
    parent: str | None = None
    route: Route | None = None


class Interchange(BaseModel):
    """The file-level names an export gives back: definitions, collaboration, diagrams."""

    model_config = ConfigDict(extra="forbid")

    definitions_id: str = "Definitions_1"
    target_namespace: str = "https://symphainy.dev/bpmn"
    collaboration_id: str | None = None
    collaboration_name: str = ""
    planes: list[tuple[str, str, str]] = Field(default_factory=list)  # diagram, plane, element
    # The structure's digest when it was imported: while it matches, the drawing is kept.
    fingerprint: str = ""
