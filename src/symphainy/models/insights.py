"""Computed insights, cached per dataset or document version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from symphainy.models.base import Base, IdMixin, TimestampMixin, WorkspaceScoped


class Analysis(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    """One computed result (profile, quality, charts, summary, review, mapping...).

    ``cache_key`` names the inputs (kind, dataset/document id and version, parameters), so a
    result is reused until the file is parsed again.
    """

    __tablename__ = "analyses"
    __table_args__ = (UniqueConstraint("workspace_id", "cache_key"),)

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[str] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    cache_key: Mapped[str] = mapped_column(String(200))
    source_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="ready")
    progress: Mapped[float] = mapped_column(default=1.0)
    error: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    method: Mapped[str] = mapped_column(String(40), default="deterministic")
    model: Mapped[str | None] = mapped_column(String(120), nullable=True)


class AskCorrection(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    """A reading the user corrected: on this file's table, ``phrase`` means ``column``.

    Kept per file and table name (not per version), so a correction survives re-parsing the
    file; a column that no longer exists is simply not used.
    """

    __tablename__ = "ask_corrections"
    __table_args__ = (UniqueConstraint("file_id", "dataset_name", "phrase"),)

    file_id: Mapped[str] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    dataset_name: Mapped[str] = mapped_column(String(255))
    phrase: Mapped[str] = mapped_column(String(100))
    column: Mapped[str] = mapped_column(String(300))
