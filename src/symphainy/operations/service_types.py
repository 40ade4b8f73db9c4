"""Types shared by the service and the model proposer (kept apart to avoid an import cycle)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Proposal:
    """A graph proposed by a model, with the model's name for the record."""

    graph: Any
    model: str


Proposer = Callable[[str, list[dict[str, Any]]], Proposal]
