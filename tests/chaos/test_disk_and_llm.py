"""A full storage disk and a language model that never answers.

Disk full: the storage directory is a 2 MB tmpfs (mounted as root; where mounting is not
allowed the storage write is made to fail with ENOSPC instead, and the test says so in its
output). LLM hanging: an OpenAI-compatible endpoint on loopback that accepts connections and
never answers.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core import storage as storage_module
from tests.integration.conftest import make_user

pytestmark = pytest.mark.chaos


def _app(tmp_path: Path, template: Path, **extra: Any) -> TestClient:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    shutil.copy(template, data / "symphainy.db")
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=data,
        SYMPHAINY_INPROCESS_WORKER=False,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        SYMPHAINY_MAX_UPLOAD_BYTES=8 * 1024 * 1024,
        **extra,
    )
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    target = tmp_path / "files"
    target.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(target)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if not mounted:
        print("tmpfs unavailable: simulating ENOSPC in LocalStorage.put")
        real_put = storage_module.LocalStorage.put

        def put(self: storage_module.LocalStorage, key: str, data: Any) -> None:
            used = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
            if used > 1024 * 1024:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_put(self, key, data)

        monkeypatch.setattr(storage_module.LocalStorage, "put", put)
    try:
        yield target
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(target)], check=False)


def test_full_storage_answers_507_and_lists_nothing_half_written(
    tmp_path: Path, sqlite_template: Path, small_disk: Path
) -> None:
    with _app(tmp_path, sqlite_template, STORAGE_URL=f"file://{small_disk}") as client:
        user = make_user(client)
        journey = user.api(
            "POST",
            "/api/v1/journeys",
            json={
                "workspace_id": user.workspace_id,
                "title": "Full disk",
                "goals": ["Fail cleanly"],
            },
        ).json()["id"]
        stored, refused = [], None
        for n in range(6):
            # Random bytes do not compress, and each is different (no duplicate refusal).
            data = b"id,blob\n" + b"".join(
                f"{i},{os.urandom(24).hex()}\n".encode() for i in range(12_000)
            )
            r = user.api(
                "POST",
                f"/api/v1/journeys/{journey}/files",
                files={"file": (f"part{n}.csv", data, "text/csv")},
            )
            if r.status_code == 202:
                stored.append(r.json()["id"])
                continue
            refused = r
            break
        assert refused is not None, "the 2 MB disk never filled"
        assert refused.status_code == 507, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "storage is full" in refused.json()["detail"]
        listed = user.api("GET", f"/api/v1/journeys/{journey}/files").json()["items"]
        assert sorted(f["id"] for f in listed) == sorted(stored)
        # A file stored just before the disk filled may have failed to write its parsed table:
        # its parse is retried with backoff, so it shows as processing (or failed), never as
        # ready with a half-written dataset.
        for f in listed:
            assert f["status"] in ("ready", "processing", "failed"), f
            if f["status"] == "ready":
                assert user.api("GET", f"/api/v1/files/{f['id']}/preview").status_code == 200
        assert not list(small_disk.rglob(".incoming-*")), "a half-written object was left"
        assert not list((tmp_path / "data" / "tmp").glob("upload-*"))
        assert client.get("/readyz").status_code == 200
        for file_id in stored:  # what was stored before the disk filled is intact
            r = user.api("GET", f"/api/v1/files/{file_id}/download")
            assert r.status_code == 200 and r.content.startswith(b"id,blob")


@pytest.fixture
def silent_llm() -> Iterator[str]:
    """Accepts TCP connections and reads, but never writes a byte back."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


def test_a_hanging_llm_times_out_and_the_deterministic_engine_answers(
    tmp_path: Path, sqlite_template: Path, silent_llm: str
) -> None:
    with _app(
        tmp_path,
        sqlite_template,
        LLM_PROVIDER="openai",
        LLM_BASE_URL=silent_llm,
        LLM_MODEL="never-answers",
        LLM_TIMEOUT_SECONDS=1.5,
        LLM_MAX_RETRIES=1,
        LLM_RETRY_BACKOFF_SECONDS=0.1,
    ) as client:
        user = make_user(client)
        journey = user.api(
            "POST",
            "/api/v1/journeys",
            json={
                "workspace_id": user.workspace_id,
                "title": "Hanging model",
                "goals": ["Answer anyway"],
            },
        ).json()["id"]
        started = time.monotonic()
        r = user.api(
            "POST",
            f"/api/v1/journeys/{journey}/chat",
            headers={"Accept": "application/json"},
            json={"agent": "guide", "message": "What should I do first?"},
        )
        elapsed = time.monotonic() - started
        assert r.status_code == 200, r.text
        body = r.json()
        assert elapsed < 20, f"the turn took {elapsed:.1f} s"
        assert body["message"]["content"].strip()
        assert body["message"]["method"] == "deterministic", body["message"]
        assert any("model" in n.lower() for n in body["notices"]), body["notices"]
        assert client.get("/readyz").status_code == 200
