"""Roadmaps, proof-of-concept proposals and their exports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from symphainy.models.base import Base, IdMixin, TimestampMixin, WorkspaceScoped


class Roadmap(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    __tablename__ = "roadmaps"

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)  # start date, horizon, edited durations
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(40), default="deterministic")
    model: Mapped[str | None] = mapped_column(String(120), nullable=True)


class Proposal(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    __tablename__ = "proposals"

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    roadmap_id: Mapped[str | None] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="SET NULL"), nullable=True
    )
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)  # every financial assumption, editable
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(40), default="deterministic")
    model: Mapped[str | None] = mapped_column(String(120), nullable=True)


class Export(IdMixin, TimestampMixin, WorkspaceScoped, Base):
    """A rendered PDF/DOCX/Markdown of a roadmap or proposal, made by a background job."""

    __tablename__ = "exports"

    journey_id: Mapped[str] = mapped_column(
        ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    subject_type: Mapped[str] = mapped_column(String(20))  # roadmap | proposal
    subject_id: Mapped[str] = mapped_column(String(32), index=True)
    format: Mapped[str] = mapped_column(String(10))  # pdf | docx | md
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    storage_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
