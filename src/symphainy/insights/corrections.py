"""Readings the user corrected, remembered per file and table.

"When I say *fuel use* I mean Miles_per_Gallon": the phrase becomes a name of that column for
every later question on the table (schema linking scores it above the column's own name). A
correction is a change to what everyone in the workspace gets, so it needs the member role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.core.errors import Invalid
from symphainy.insights.questions.words import tokenize
from symphainy.models.insights import AskCorrection
from symphainy.models.workspace import Role

if TYPE_CHECKING:  # the type content.service returns
    from symphainy.models.content import Dataset


def _phrase(text: str) -> str:
    return " ".join(t.text for t in tokenize(text))


def remember(
    session: Session, principal: Principal, dataset: Dataset, corrections: dict[str, str]
) -> list[dict[str, str]]:
    """Save each phrase -> column (replacing an earlier choice for the phrase)."""
    if not corrections:
        return []  # asking alone is open to viewers; only saving a correction needs a member
    principal.require(dataset.workspace_id, Role.member)
    names = {str(c["name"]) for c in dataset.columns}
    saved = []
    for text, column in corrections.items():
        phrase = _phrase(text)
        if not phrase:
            raise Invalid("a correction needs a phrase with words in it", field="corrections")
        if column not in names:
            raise Invalid(f"this table has no column {column!r}", field="corrections")
        row = session.scalar(
            select(AskCorrection).where(
                AskCorrection.file_id == dataset.file_id,
                AskCorrection.dataset_name == dataset.name,
                AskCorrection.phrase == phrase,
            )
        )
        if row is None:
            session.add(
                AskCorrection(
                    workspace_id=dataset.workspace_id,
                    file_id=dataset.file_id,
                    dataset_name=dataset.name,
                    phrase=phrase,
                    column=column,
                )
            )
        else:
            row.column = column
        saved.append({"phrase": phrase, "column": column})
    session.flush()
    return saved


def taught(session: Session, dataset: Dataset) -> dict[str, list[str]]:
    """The remembered phrases of this table, by column."""
    rows = session.scalars(
        select(AskCorrection).where(
            AskCorrection.workspace_id == dataset.workspace_id,
            AskCorrection.file_id == dataset.file_id,
            AskCorrection.dataset_name == dataset.name,
        )
    )
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row.column, []).append(row.phrase)
    return out
