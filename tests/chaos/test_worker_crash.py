"""kill -9 a `symphainy worker` while it parses 20 files; a new worker finishes the work.

Every file ends ready, with exactly one dataset whose version is the file's last parse, and
no file was parsed more than once beyond the one attempt the kill interrupted.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chaos.procs import Proc, Server, app_env, sign_up, start_server, start_worker

pytestmark = [pytest.mark.chaos, pytest.mark.slow]
FILES = 20
ROWS = 60_000
THREADS = 2


def _csv(n: int) -> bytes:
    lines = [
        f"{i},{n},Supplier {i % 97},{i * 1.25:.2f},2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        for i in range(ROWS)
    ]
    return ("id,batch,supplier,amount,paid_on\n" + "\n".join(lines) + "\n").encode()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Server, dict[str, str], Path]]:
    env = app_env(tmp_path / "data", SYMPHAINY_INPROCESS_WORKER="false", PARSE_STALLED_SECONDS="4")
    server = start_server(env, tmp_path / "server.log")
    try:
        yield server, env, tmp_path
    finally:
        server.proc.stop()


def _statuses(client: httpx.Client, auth: dict[str, str], journey: str) -> dict[str, str]:
    r = client.get(
        f"/api/v1/journeys/{journey}/files",
        params={"limit": 200},
        headers={"Authorization": auth["Authorization"]},
    )
    return {f["id"]: f["status"] for f in r.json()["items"]}


def test_killed_worker_leaves_every_file_ready_once(
    stack: tuple[Server, dict[str, str], Path],
) -> None:
    server, env, tmp = stack
    workers: list[Proc] = []
    try:
        with server.client() as client:
            auth = sign_up(client, "crash@example.com")
            bearer = {"Authorization": auth["Authorization"]}
            journey = client.post(
                "/api/v1/journeys",
                headers=bearer,
                json={"workspace_id": auth["workspace"], "title": "Crash", "goals": ["Survive"]},
            ).json()["id"]
            for n in range(FILES):
                r = client.post(
                    f"/api/v1/journeys/{journey}/files",
                    headers=bearer,
                    files={"file": (f"batch{n}.csv", _csv(n), "text/csv")},
                )
                assert r.status_code == 202, r.text
            assert set(_statuses(client, auth, journey).values()) == {"pending"}

            workers.append(start_worker(env, tmp / "worker1.log", THREADS))
            deadline = time.monotonic() + 90
            while "processing" not in _statuses(client, auth, journey).values():
                assert time.monotonic() < deadline, "the worker never started parsing"
                time.sleep(0.05)
            time.sleep(0.3)  # well inside a parse
            workers[0].kill()  # SIGKILL: no chance to clean up
            after_kill = _statuses(client, auth, journey)
            interrupted = [f for f, s in after_kill.items() if s == "processing"]
            assert interrupted, after_kill

            time.sleep(5)  # past PARSE_STALLED_SECONDS: the heartbeat of the killed parse is old
            workers.append(start_worker(env, tmp / "worker2.log", THREADS))
            deadline = time.monotonic() + 240
            while set(statuses := _statuses(client, auth, journey).values()) != {"ready"}:
                assert "failed" not in statuses, statuses
                assert time.monotonic() < deadline, statuses
                time.sleep(0.5)
            assert client.get("/readyz").status_code == 200
    finally:
        for worker in workers:
            worker.stop()

    db = sqlite3.connect(tmp / "data" / "symphainy.db")
    files = {
        row[0]: row[1:]
        for row in db.execute("SELECT id, status, parse_attempts, parse_version FROM files")
    }
    datasets = db.execute(
        "SELECT file_id, COUNT(*), MAX(version) FROM datasets GROUP BY file_id"
    ).fetchall()
    schema_chunks = dict(
        db.execute("SELECT file_id, COUNT(*) FROM chunks WHERE source = 'schema' GROUP BY file_id")
    )
    db.close()
    assert len(files) == FILES
    assert len(datasets) == FILES
    for file_id, count, version in datasets:
        assert count == 1, f"{file_id} has {count} datasets"
        assert version == files[file_id][2], "the dataset is not from the file's last parse"
        assert schema_chunks.get(file_id) == 1, f"{file_id} was indexed {schema_chunks}"
    attempts = {file_id: row[1] for file_id, row in files.items()}
    for file_id in interrupted:
        assert attempts[file_id] == 2, attempts
    assert all(a == 1 for f, a in attempts.items() if f not in interrupted), attempts
