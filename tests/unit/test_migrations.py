"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from symphainy.config import Settings
from symphainy.core import migrations
from symphainy.core.db import build_engine
from symphainy.core.migrations import include_name
from symphainy.models import Base


def _diff(url: str) -> list[object]:
    engine = build_engine(Settings(SYMPHAINY_ENV="test", DATABASE_URL=url))
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return list(diff)


def test_models_and_migrations_agree_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    assert _diff(url) == []


def test_models_and_migrations_agree_on_postgres(postgres_url: str) -> None:
    assert _diff(postgres_url) == []


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'd.db'}")
    migrations.upgrade(engine)
    migrations.downgrade(engine, "base")
    migrations.upgrade(engine)
    engine.dispose()


@pytest.mark.parametrize(
    "name", ["users", "journeys", "memberships", "audit_events", "files", "chunks", "chunks_fts"]
)
def test_core_tables_exist_after_migration(tmp_path: Path, name: str) -> None:
    from sqlalchemy import inspect

    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    migrations.upgrade(engine)
    assert name in inspect(engine).get_table_names()
    engine.dispose()


def test_every_revision_id_fits_alembic_version_on_postgres() -> None:
    # alembic_version.version_num is VARCHAR(32): a longer id migrates on SQLite and fails on
    # PostgreSQL.
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations.SCRIPT_LOCATION))
    ids = [rev.revision for rev in script.walk_revisions()]
    assert len(ids) >= 6
    assert [i for i in ids if len(i) > 32] == []
