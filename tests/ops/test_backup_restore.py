"""scripts/backup.sh and scripts/restore.sh: back up, destroy, restore, and every row and
every stored file is back, byte for byte."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core import migrations
from symphainy.core.db import build_engine
from tests.ops.conftest import (
    PASSWORD,
    ROOT,
    SECRET_KEY,
    VENV_BIN,
    free_port,
    platform_env,
    running,
    wait_until,
)

BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _populate(settings: Settings) -> None:
    """Real content through the API: an account, a journey, two parsed files."""
    engine = build_engine(settings)
    migrations.upgrade(engine)
    engine.dispose()
    app = create_app(settings)
    with TestClient(app) as client:
        email = f"backup-{uuid.uuid4().hex[:6]}@example.com"
        assert (
            client.post(
                "/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "full_name": "Backup Test"},
            ).status_code
            == 201
        )
        csrf = client.post(
            "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        ).json()["csrf_token"]
        headers = {"X-CSRF-Token": csrf}
        journey = client.post(
            "/api/v1/journeys", json={"title": "Backups"}, headers=headers
        ).json()["id"]
        for name, body in [
            ("sales.csv", b"region,revenue\nnorth,10\nsouth,12.5\n"),
            ("notes.md", b"# Plan\n\nRestore drills happen every quarter.\n"),
        ]:
            response = client.post(
                f"/api/v1/journeys/{journey}/files",
                headers=headers,
                files={"file": (name, io.BytesIO(body), "text/plain")},
            )
            assert response.status_code == 202, response.text
        files = client.get(f"/api/v1/journeys/{journey}/files").json()["items"]
        assert {f["status"] for f in files} == {"ready"}, files
        app.state.runtime.limiter.reset()


def _rows(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            # Table names come from the database's own catalogue.
            return {
                table: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{table}"'))), key=repr)  # noqa: S608
                for table in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _script(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", str(script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    return platform_env(data_dir, PYTHON=str(VENV_BIN / "python"), **extra)


def _backup_folder(output: str) -> Path:
    return Path(output.strip().splitlines()[-1].removeprefix("backup written: "))


def test_embedded_backup_survives_losing_the_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=data,
        SYMPHAINY_SECRET_KEY=SECRET_KEY,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        SYMPHAINY_INPROCESS_WORKER=False,
    )
    _populate(settings)
    rows_before, files_before = _rows(settings.database_url), _files(data / "files")
    assert rows_before["users"] and rows_before["files"] and len(files_before) >= 2

    env = _env(data)
    made = _script(BACKUP, str(tmp_path / "backups"), env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    folder = _backup_folder(made.stdout)
    assert {p.name for p in folder.iterdir()} >= {
        "database.sqlite",
        "files.tar.gz",
        "manifest.json",
    }

    refused = _script(RESTORE, str(folder), env=env)
    assert refused.returncode == 1 and "--force" in refused.stderr

    shutil.rmtree(data)  # the disaster
    restored = _script(RESTORE, str(folder), env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert _rows(settings.database_url) == rows_before
    assert _files(data / "files") == files_before


def test_a_tampered_backup_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=data,
        SYMPHAINY_SECRET_KEY=SECRET_KEY,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        SYMPHAINY_INPROCESS_WORKER=False,
    )
    _populate(settings)
    env = _env(data)
    made = _script(BACKUP, str(tmp_path / "backups"), env=env)
    folder = _backup_folder(made.stdout)
    with (folder / "files.tar.gz").open("ab") as archive:
        archive.write(b"\0")
    rows_before = _rows(settings.database_url)
    result = _script(RESTORE, str(folder), "--force", env=env)
    assert result.returncode == 1 and "does not match manifest.json" in result.stderr
    assert _rows(settings.database_url) == rows_before


@pytest.fixture
def postgres_database() -> Iterator[tuple[str, str]]:
    if not TEST_DATABASE_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set TEST_DATABASE_URL")
        pytest.skip("TEST_DATABASE_URL not set")
    admin_url = make_url(TEST_DATABASE_URL)
    name = f"symphainy_backup_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False), name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_backup_survives_dropping_the_database(
    tmp_path: Path,
    postgres_database: tuple[str, str],
) -> None:
    url, name = postgres_database
    data = tmp_path / "data"
    env = _env(data, DATABASE_URL=url)
    migrated = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "symphainy", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=data,
        DATABASE_URL=url,
        SYMPHAINY_SECRET_KEY=SECRET_KEY,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        SYMPHAINY_INPROCESS_WORKER=False,
    )
    _populate(settings)
    rows_before, files_before = _rows(url), _files(data / "files")
    assert rows_before["users"] and rows_before["chunks"]

    made = _script(BACKUP, str(tmp_path / "backups"), env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    folder = _backup_folder(made.stdout)
    assert (folder / "database.pgdump").stat().st_size > 0

    admin = create_engine(make_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # the disaster: the database and the files are gone
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    shutil.rmtree(data)

    restored = _script(RESTORE, str(folder), env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert _rows(url) == rows_before
    assert _files(data / "files") == files_before


def _objects(s3: Any, bucket: str) -> dict[str, str]:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
            found[obj["Key"]] = hashlib.sha256(body).hexdigest()
    return found


def test_s3_backup_brings_every_object_back_into_an_emptied_bucket(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import boto3

    server = VENV_BIN / "moto_server"
    if not server.exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    for key, value in credentials.items():
        monkeypatch.setenv(key, value)
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with running(
        "moto", [str(server), "-H", "127.0.0.1", "-p", str(port)], dict(os.environ), tmp_path
    ) as moto:
        wait_until(
            lambda: httpx.get(endpoint, timeout=1).status_code < 500, 30, "moto_server", (moto,)
        )
        s3 = boto3.client("s3", endpoint_url=endpoint)
        s3.create_bucket(Bucket="symphainy-files")
        data = tmp_path / "data"
        storage = {"STORAGE_URL": "s3://symphainy-files/prod", "S3_ENDPOINT_URL": endpoint}
        settings = Settings(
            SYMPHAINY_ENV="test",
            SYMPHAINY_DATA_DIR=data,
            SYMPHAINY_SECRET_KEY=SECRET_KEY,
            SYMPHAINY_JOBS_IMMEDIATE=True,
            SYMPHAINY_INPROCESS_WORKER=False,
            **storage,
        )
        _populate(settings)
        rows_before, objects_before = _rows(settings.database_url), _objects(s3, "symphainy-files")
        assert len(objects_before) >= 2 and all(k.startswith("prod/") for k in objects_before)

        env = _env(data, **storage, **credentials)
        made = _script(BACKUP, str(tmp_path / "backups"), env=env)
        assert made.returncode == 0, made.stdout + made.stderr
        folder = _backup_folder(made.stdout)

        for key in objects_before:  # the disaster: the bucket's objects and the database
            s3.delete_object(Bucket="symphainy-files", Key=key)
        shutil.rmtree(data)
        restored = _script(RESTORE, str(folder), env=env)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert _objects(s3, "symphainy-files") == objects_before
        assert _rows(settings.database_url) == rows_before
