"""The journey's real artefacts as agents refer to them: files by name, datasets' columns.

Both engines name files the way people do ("the sales data", "orders.csv", an id); this module
turns such a reference into the one file it means, or a clear question when it is ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from symphainy.agents.tools import ToolContext
from symphainy.content import service as content
from symphainy.core.errors import Invalid, NotFound
from symphainy.models.content import File

MATCH_THRESHOLD = 70
_EXT = re.compile(r"\.[a-z0-9]{1,5}$", re.IGNORECASE)
_SEP = re.compile(r"[_\-.\s]+")


def stem(name: str) -> str:
    """A file name as words: ``Sales_2025-Q1.csv`` -> ``sales 2025 q1``."""
    return _SEP.sub(" ", _EXT.sub("", name)).strip().lower()


@dataclass(frozen=True)
class FileRef:
    id: str
    name: str
    kind: str
    status: str
    columns: tuple[str, ...] = ()
    archived: bool = False


def journey_files(ctx: ToolContext, *, archived: bool = False) -> list[File]:
    """The journey's files, newest first, read through the Content service."""
    files: list[File] = []
    cursor: str | None = None
    while True:
        page = content.list_files(
            ctx.session, ctx.principal, ctx.journey.id, archived=archived, limit=200, cursor=cursor
        )
        files += page.items
        cursor = page.next_cursor
        if cursor is None:
            return sorted(files, key=lambda f: f.id, reverse=True)


def file_refs(ctx: ToolContext) -> list[FileRef]:
    """Every file of the journey with its columns (for datasets), archived ones included."""
    refs = []
    for archived in (False, True):
        for file in journey_files(ctx, archived=archived):
            columns: tuple[str, ...] = ()
            if file.kind == "dataset" and file.status == "ready":
                columns = tuple(
                    c["name"] for d in content.datasets_of(ctx.session, file) for c in d.columns
                )
            refs.append(
                FileRef(file.id, file.display_name, file.kind, file.status, columns, archived)
            )
    return refs


def resolve_file(
    ctx: ToolContext, ref: str | None, *, kind: str | None = None, archived: bool | None = False
) -> File:
    """The file ``ref`` names (an id or a name, typos tolerated), within this journey.

    With no reference, the journey's only file (of ``kind``) is meant; otherwise the user is
    asked which one, with the candidates named.
    """
    files = (
        journey_files(ctx)
        if archived is False
        else (
            journey_files(ctx, archived=True)
            if archived
            else journey_files(ctx) + journey_files(ctx, archived=True)
        )
    )
    candidates = [f for f in files if kind is None or f.kind == kind]
    wanted = f"{kind} " if kind else ""
    if ref:
        ref = ref.strip()
        for file in files:
            if file.id == ref:
                return file
        by_name = {f.id: f.display_name.lower() for f in candidates}
        by_stem = {f.id: stem(f.display_name) for f in candidates}
        best = process.extractOne(ref.lower(), by_name, scorer=fuzz.WRatio)
        best_stem = process.extractOne(stem(ref), by_stem, scorer=fuzz.WRatio)
        options = [b for b in (best, best_stem) if b is not None]
        if options:
            _name, score, file_id = max(options, key=lambda b: b[1])
            if score >= MATCH_THRESHOLD:
                return next(f for f in candidates if f.id == file_id)
        raise NotFound(f"this journey has no {wanted}file called “{ref}”" + _choices(candidates))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFound(f"this journey has no {wanted}files yet; upload one on the Content page")
    raise Invalid(f"which {wanted}file do you mean?" + _choices(candidates), field="file")


def _choices(files: list[File]) -> str:
    if not files:
        return ""
    names = ", ".join(f"“{f.display_name}”" for f in files[:8])
    return f" (the journey has {names}{', …' if len(files) > 8 else ''})"
