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
    """A page of ``query``'s results, newest ``key`` first: ORM objects for ``select(Model)``,
    ``Row``s (read by attribute like the objects) for a select of columns."""
    limit = max(1, min(limit, MAX_LIMIT))
    one_entity = _selects_one_entity(query)
    if cursor:
        query = query.where(key < cursor)
    result = session.execute(query.order_by(key.desc()).limit(limit + 1))
    rows: list[Any] = list(result.scalars() if one_entity else result)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, str(getattr(rows[-1], key.key)) if more and rows else None)


def _selects_one_entity(query: Select[Any]) -> bool:
    described = query.column_descriptions
    return len(described) == 1 and described[0]["expr"] is described[0]["entity"]
