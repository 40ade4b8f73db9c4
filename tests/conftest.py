"""Test fixtures shared by every layer.

Each test gets its own data directory. The database is SQLite by default; integration tests
also run against PostgreSQL and Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set (CI sets
them). PostgreSQL tests use a database created for this test run and emptied after each test,
never a developer's database.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from symphainy.config import Settings
from symphainy.core import migrations
from symphainy.core.db import build_engine
from symphainy.models import Base

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
BACKENDS = ["sqlite", "postgres"]


def _require_postgres() -> None:
    if not TEST_DATABASE_URL or not TEST_REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set TEST_DATABASE_URL and TEST_REDIS_URL")
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test: migrating once keeps tests fast."""
    path = tmp_path_factory.mktemp("template") / "symphainy.db"
    settings = Settings(SYMPHAINY_ENV="test", DATABASE_URL=f"sqlite:///{path}")
    engine = build_engine(settings)
    migrations.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this test run, migrated once, dropped at the end."""
    _require_postgres()
    admin_url = make_url(TEST_DATABASE_URL)
    name = f"symphainy_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine = build_engine(Settings(SYMPHAINY_ENV="test", DATABASE_URL=url))
    migrations.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    engine.dispose()


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Settings for one test on the chosen backend, with jobs run right after commit."""
    common = {
        "SYMPHAINY_ENV": "test",
        "SYMPHAINY_DATA_DIR": tmp_path / "data",
        "SYMPHAINY_INPROCESS_WORKER": False,
        "SYMPHAINY_JOBS_IMMEDIATE": True,
        "PASSWORD_MIN_LENGTH": 10,
        "SYMPHAINY_MAX_UPLOAD_BYTES": 2 * 1024 * 1024,
        # Every test user connects from the same TestClient address; the per-address limits
        # have tests of their own (tests/security/test_findings_*.py) with the defaults.
        "REGISTER_RATE_LIMIT": "1000/minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "1000/minute",
        "ASK_RATE_LIMIT": "1000/minute",
    }
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        (tmp_path / "data").mkdir()
        shutil.copy(template, tmp_path / "data" / "symphainy.db")
        yield Settings(**common)
        return
    url: str = request.getfixturevalue("postgres_url")
    _flush_redis(TEST_REDIS_URL)
    yield Settings(**common, DATABASE_URL=url, REDIS_URL=TEST_REDIS_URL)
    _empty_postgres(url)
    _flush_redis(TEST_REDIS_URL)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API leaves an event loop on the main thread,
    which breaks later tests that call ``asyncio.run``."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("e2e") is not None or item.nodeid.startswith("tests/e2e/")
        )
    )
