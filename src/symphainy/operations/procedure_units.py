"""What reading a document yields: procedure units (a list item, sentence group or table row
with its source passage, sub-items and role) and the limits on how much is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from symphainy.operations.graph import RaciRow, Source

MAX_CHARS = 400_000


MAX_UNITS = 400


SOURCE_CHARS = 1000


class TooLong(ValueError):
    """The text is too long to read as one procedure."""


@dataclass
class Unit:
    text: str
    source: Source
    number: str | None = None
    children: list[str] = field(default_factory=list)
    actor: str | None = None
    systems: list[str] = field(default_factory=list)
    from_list: bool = True
    whole: bool = False  # a table cell: one step as written


@dataclass
class Reading:
    units: list[Unit] = field(default_factory=list)
    raci: list[RaciRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duties: list[tuple[str, str]] = field(default_factory=list)


def make_source(section: str, page: int | None, text: str) -> Source:
    return Source(section=section[:500], page=page, text=" ".join(text.split())[:SOURCE_CHARS])
