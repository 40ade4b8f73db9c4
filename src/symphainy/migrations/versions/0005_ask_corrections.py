"""ask_corrections: readings of a question the user corrected, remembered per file and table

Revision ID: 0005_ask_corrections
Revises: 0004_budget_signin_delays
Create Date: 2026-12-01 22:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import symphainy.models.base

revision: str = "0005_ask_corrections"
down_revision: str | Sequence[str] | None = "0004_budget_signin_delays"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ask_corrections",
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("dataset_name", sa.String(length=255), nullable=False),
        sa.Column("phrase", sa.String(length=100), nullable=False),
        sa.Column("column", sa.String(length=300), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", symphainy.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", symphainy.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_ask_corrections_file_id_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_ask_corrections_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_corrections")),
        sa.UniqueConstraint(
            "file_id",
            "dataset_name",
            "phrase",
            name=op.f("uq_ask_corrections_file_id"),
        ),
    )
    with op.batch_alter_table("ask_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ask_corrections_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ask_corrections_workspace_id"), ["workspace_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ask_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ask_corrections_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_ask_corrections_file_id"))
    op.drop_table("ask_corrections")
