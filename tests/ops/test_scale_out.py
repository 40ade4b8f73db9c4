"""Scale-out on the production engines: two web processes and a worker share nothing but
PostgreSQL, Redis and the data directory (the file store). Runs when TEST_DATABASE_URL and
TEST_REDIS_URL are set (CI sets them)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.ops.conftest import (
    PASSWORD,
    Proc,
    free_port,
    platform_env,
    ready,
    running,
    symphainy,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
# Not the Redis database the other tests flush (TEST_REDIS_URL's): a queue of our own.
REDIS_DB = 14


@dataclass
class Cluster:
    app_a: str
    app_b: str
    worker_metrics: str
    worker: Proc
    apps: tuple[Proc, Proc]
    env: dict[str, str]


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    if not TEST_DATABASE_URL or not TEST_REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set TEST_DATABASE_URL and TEST_REDIS_URL")
        pytest.skip("TEST_DATABASE_URL / TEST_REDIS_URL not set")
    admin_url = make_url(TEST_DATABASE_URL)
    name = f"symphainy_ops_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    import redis

    url = str(
        make_url(TEST_REDIS_URL.replace("redis://", "redis+x://", 1)).set(database=str(REDIS_DB))
    ).replace("redis+x://", "redis://", 1)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, redis_url: str
) -> Iterator[Cluster]:
    """Started once for the module (the SIGTERM test, which stops the worker, runs last)."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    env = platform_env(
        tmp_path / "shared-data",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SYMPHAINY_INPROCESS_WORKER="false",
        LOGIN_RATE_LIMIT="4/minute",
        DATABASE_POOL_SIZE="3",
        DATABASE_MAX_OVERFLOW="2",
    )
    migrated = subprocess.run(
        symphainy("migrate"),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    port_a, port_b, port_w = free_port(), free_port(), free_port()
    with (
        running(
            "app-a", symphainy("serve", "--no-migrate", "--port", str(port_a)), env, tmp_path
        ) as app_a,
        running(
            "app-b", symphainy("serve", "--no-migrate", "--port", str(port_b)), env, tmp_path
        ) as app_b,
        running(
            "worker",
            symphainy("worker", "--threads", "1", "--metrics-port", str(port_w)),
            env,
            tmp_path,
            stop_timeout=60,
        ) as worker,
    ):
        urls = (f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}")
        for url in urls:
            wait_until(lambda u=url: ready(u), 90, f"{url}/readyz", (app_a, app_b, worker))
        metrics = f"http://127.0.0.1:{port_w}/metrics"
        wait_until(
            lambda: httpx.get(metrics, timeout=2).status_code == 200,
            60,
            "the worker's /metrics",
            (worker,),
        )
        yield Cluster(urls[0], urls[1], metrics, worker, (app_a, app_b), env)


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["region", "month", "orders", "revenue"])
    for i in range(rows):
        writer.writerow(
            [
                f"region {i % 7}",
                f"2025-{i % 12 + 1:02d}",
                i % 50 + 1,
                f"{(i * 37) % 1000 + 0.5:.2f}",
            ]
        )
    return out.getvalue().encode()


def _sse_events(client: httpx.Client, url: str, timeout: float) -> list[tuple[str, Any]]:
    """Read a Server-Sent Events stream until its ``done`` (or ``error``) event."""
    events: list[tuple[str, Any]] = []
    name = "message"
    deadline = time.monotonic() + timeout
    with client.stream("GET", url, timeout=httpx.Timeout(10, read=20)) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
                if name in ("done", "error"):
                    return events
            assert time.monotonic() < deadline, f"no done event in {timeout}s: {events}"
    return events


def _sign_in(client: httpx.Client) -> str:
    email = f"ops-{uuid.uuid4().hex[:8]}@example.com"
    registered = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Scale Test"},
    )
    assert registered.status_code == 201, registered.text
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return str(login.json()["csrf_token"])


def _job_count(metrics_url: str, outcome: str) -> float:
    # The worker may be embedding the file's passages (its own job after the parse) and
    # answer /metrics slowly meanwhile: wait for it rather than fail.
    for line in httpx.get(metrics_url, timeout=60).text.splitlines():
        if (
            line.startswith("symphainy_jobs_total{")
            and 'job="content.parse_file"' in line
            and f'outcome="{outcome}"' in line
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_two_app_processes_and_a_worker_share_sessions_uploads_progress_and_results(
    cluster: Cluster,
) -> None:
    with (
        httpx.Client(base_url=cluster.app_a, timeout=30) as a,
        httpx.Client(base_url=cluster.app_b, timeout=30) as b,
    ):
        csrf = _sign_in(a)
        # The session made by A, used on B: sessions live in PostgreSQL, not in a process.
        b.cookies.update(a.cookies)
        journey = b.post(
            "/api/v1/journeys", json={"title": "Scale-out"}, headers={"X-CSRF-Token": csrf}
        )
        assert journey.status_code == 201, journey.text
        data = _csv(12)
        upload = b.post(
            f"/api/v1/journeys/{journey.json()['id']}/files",
            files={"file": ("orders.csv", data, "text/csv")},
            headers={"X-CSRF-Token": csrf},
        )
        assert upload.status_code == 202, upload.text
        file_id = upload.json()["id"]

        # Progress watched on A while the worker parses what B stored.
        events = _sse_events(a, f"/api/v1/files/{file_id}/events", timeout=90)
        names = [name for name, _ in events]
        assert names[-1] == "done", events
        assert events[-1][1]["status"] == "ready", events[-1]
        assert "progress" in names

        preview = a.get(f"/api/v1/files/{file_id}/preview")
        assert preview.status_code == 200, preview.text
        table = preview.json()["tables"][0]
        assert table["total_rows"] == 12
        expected = [
            [r[0], r[1], int(r[2]), float(r[3])]
            for r in list(csv.reader(io.StringIO(data.decode())))[1:]
        ]
        assert table["rows"] == expected[: len(table["rows"])] and table["rows"]
        assert b.get(f"/api/v1/files/{file_id}/download").content == data

    # The worker, not a web process, ran the job, and says so on its own /metrics.
    assert _job_count(cluster.worker_metrics, "succeeded") == 1
    assert '"job.done"' in cluster.worker.output()
    for app in cluster.apps:
        assert '"job.start"' not in app.output()


def test_sign_in_rate_limit_is_shared_by_every_app_process(cluster: Cluster) -> None:
    body = {"email": f"nobody-{uuid.uuid4().hex[:6]}@example.com", "password": "Wrong-pass-123"}
    statuses = []
    for url in (cluster.app_a, cluster.app_b, cluster.app_a, cluster.app_b, cluster.app_a):
        statuses.append(httpx.post(f"{url}/api/v1/auth/login", json=body, timeout=10).status_code)
    # LOGIN_RATE_LIMIT=4/minute across both processes: the fifth attempt is refused.
    assert statuses[:4] == [401] * 4 and statuses[4] == 429, statuses


def test_sigterm_lets_the_worker_finish_its_running_job(cluster: Cluster) -> None:
    with httpx.Client(base_url=cluster.app_a, timeout=30) as a:
        csrf = _sign_in(a)
        journey = a.post(
            "/api/v1/journeys", json={"title": "Shutdown"}, headers={"X-CSRF-Token": csrf}
        ).json()["id"]
        # Enough rows that embedding the table's chunks takes seconds.
        upload = a.post(
            f"/api/v1/journeys/{journey}/files",
            files={"file": ("big.csv", _csv(12_000), "text/csv")},
            headers={"X-CSRF-Token": csrf},
        )
        assert upload.status_code == 202, upload.text
        file_id = upload.json()["id"]

        def status() -> str:
            return str(a.get(f"/api/v1/files/{file_id}").json()["status"])

        wait_until(
            lambda: status() == "processing",
            60,
            "the parse to start",
            (cluster.worker,),
            interval=0.05,
        )
        os.killpg(cluster.worker.popen.pid, signal.SIGTERM)
        sent_at = time.monotonic()
        assert status() == "processing", "the job ended before SIGTERM: make the file bigger"
        cluster.worker.popen.wait(60)
        took = time.monotonic() - sent_at
        assert cluster.worker.popen.returncode == 0, cluster.worker.output()[-3000:]
        # The running job finished before the process left: the file is ready, not stalled.
        assert status() == "ready", (took, cluster.worker.output()[-3000:])
        log = cluster.worker.output()
        assert log.index('"job.done"') > log.index('"job.start"'), log[-3000:]
