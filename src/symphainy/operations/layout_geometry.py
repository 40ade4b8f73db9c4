"""Sizes and shapes of the drawing: the constants, boxes, lanes and pools every layout step
shares, and how big a step is drawn (task boxes grow with their wrapped label)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from symphainy.operations.graph import Step

POOL_LABEL_W = 30  # the pool's name column (drawn rotated, as BPMN tools do)
LABEL_W = 30  # the lane's name column
COL_W = 175
ROW_H = 110
MARGIN = 30
BAND_GAP = 56
ARTIFACT_ROW_H = 96
BLACK_BOX_H = 64
WRAP_COLUMNS = 8
TASK_W, TASK_MIN_H, LINE_H, TASK_CHARS = 132, 62, 14, 21
SIZES = {
    "decision": (50, 50),
    "parallel_split": (50, 50),
    "parallel_join": (50, 50),
    "merge": (50, 50),
    "inclusive": (50, 50),
    "complex": (50, 50),
    "event_gateway": (50, 50),
    "start": (36, 36),
    "end": (36, 36),
    "event": (36, 36),
    "boundary": (30, 30),
}
ARTIFACT_SIZES = {"textAnnotation": (110, 48), "group": (150, 80)}


def wrap(text: str, width: int) -> list[str]:
    """Every word of ``text`` on lines of about ``width`` characters (never cut short)."""
    return textwrap.wrap(text, width, break_long_words=True) or [""]


@dataclass
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Lane:
    name: str
    y: float
    h: float
    steps: list[str] = field(default_factory=list)
    id: str = ""
    x: float = 0
    w: float = 0
    depth: int = 0


@dataclass
class PoolBox:
    id: str
    name: str
    x: float
    y: float
    w: float
    h: float
    band: int
    lanes: list[Lane]
    participant: bool = True


@dataclass
class Layout:
    boxes: dict[str, Box]
    lanes: list[Lane]
    edges: dict[tuple[str, int], list[tuple[float, float]]]
    back_edges: set[tuple[str, int]]
    width: float
    height: float
    pools: list[PoolBox] = field(default_factory=list)
    messages: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    links: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    bands: int = 1
    # Sub-process -> the steps inside it where its content begins (drawn as a light connector).
    contents: list[list[tuple[float, float]]] = field(default_factory=list)


def step_size(step: Step) -> tuple[float, float]:
    if step.kind in ("task", "subprocess"):
        lines = len(wrap(step.name, TASK_CHARS))
        return TASK_W, max(TASK_MIN_H, 18 + LINE_H * lines)
    return SIZES[step.kind]
