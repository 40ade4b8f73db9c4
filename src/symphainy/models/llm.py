"""What language-model calls cost, per user: the ledger behind the daily model budget."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from symphainy.models.base import Base, IdMixin, TimestampMixin


class ModelCall(IdMixin, TimestampMixin, Base):
    """One model call made for a user outside a chat turn (chat turns are in ``messages``)."""

    __tablename__ = "model_calls"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(120))
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
