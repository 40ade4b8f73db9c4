"""Keyset pagination: ``?limit=&cursor=`` answered as ``{items, next_cursor}``.

Ids are time-ordered (see ``core.ids``), so "newest first, older than the cursor" is stable
while rows are added, unlike offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")
MAX_LIMIT = 200


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def paginate(
    session: Session,
    query: Select[Any],
    key: InstrumentedAttribute[str],
    *,
    limit: int,
    cursor: str | None,
) -> Page[Any]:
    limit = max(1, min(limit, MAX_LIMIT))
    if cursor:
        query = query.where(key < cursor)
    rows = list(session.scalars(query.order_by(key.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(getattr(rows[-1], key.key)) if more and rows else None)
