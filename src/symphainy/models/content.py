"""Files a journey's team uploaded and what parsing derived from them.

Lineage: an uploaded original is generation 0 (``method="upload"``); each dataset or document
parsed from it records the file as parent and root, generation 1, and the parser as method.
Originals are immutable: reprocessing replaces the derived rows, never the stored bytes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from symphainy.models.base import Base, IdMixin, TimestampMixin, UTCDateTime, WorkspaceScoped


class File(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    __tablename__ = "files"
    __table_args__ = (Index("ix_files_journey_sha256", "journey_id", "sha256"),)

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(500))  # what the user typed
    safe_name: Mapped[str] = mapped_column(String(255))  # sanitised, used in downloads
    extension: Mapped[str] = mapped_column(String(20), default="")
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # dataset | document | workflow | unsupported
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending|processing|ready|failed
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    status_message: Mapped[str] = mapped_column(String(500), default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    storage_key: Mapped[str] = mapped_column(String(300))
    uploaded_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    parse_version: Mapped[int] = mapped_column(Integer, default=0)
    parse_attempts: Mapped[int] = mapped_column(Integer, default=0)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Lineage of the original itself (an upload is its own root).
    generation: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(40), default="upload")


class Dataset(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    """One table parsed from a file (a CSV, or one sheet of a workbook), stored as Parquet."""

    __tablename__ = "datasets"

    file_id: Mapped[str] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(BigInteger)
    columns: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer)
    root_id: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[str] = mapped_column(String(32))
    generation: Mapped[int] = mapped_column(Integer, default=1)
    method: Mapped[str] = mapped_column(String(40))


class Document(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    """The text structure parsed from a file: sections in reading order."""

    __tablename__ = "documents"

    file_id: Mapped[str] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer)
    root_id: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[str] = mapped_column(String(32))
    generation: Mapped[int] = mapped_column(Integer, default=1)
    method: Mapped[str] = mapped_column(String(40))


class Chunk(IdMixin, WorkspaceScoped, Base):
    """A searchable passage: part of a document section, a block of dataset rows, or a schema."""

    __tablename__ = "chunks"
    __table_args__ = (
        # PostgreSQL keyword search; SQLite uses the FTS5 table made in the migration.
        Index(
            "ix_chunks_text_fts", text("to_tsvector('english', text)"), postgresql_using="gin"
        ).ddl_if(dialect="postgresql"),
    )

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[str] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # section | rows | schema
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any]] = mapped_column(JSON)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
