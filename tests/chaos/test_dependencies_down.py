"""PostgreSQL stopped for 10 s and Redis killed, during traffic, against a real server.

Both run privately (a PostgreSQL cluster and a redis-server of this test's own, on free
ports), never the machine's shared ones. The platform must answer 503 problem+json while a part
is down, name it in /readyz, recover by itself when it is back, and keep no half-written rows.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.chaos.procs import (
    PG_BIN,
    Postgres,
    Server,
    app_env,
    private_redis,
    sign_up,
    start_server,
    wait_until,
)

pytestmark = [pytest.mark.chaos, pytest.mark.slow]
OUTAGE_SECONDS = 10


@dataclass
class Traffic:
    """Reads and writes in a loop, remembering what each write was told."""

    server: Server
    bearer: dict[str, str]
    workspace: str
    statuses: list[tuple[float, str, int]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    uncertain: set[str] = field(default_factory=set)  # no answer: may or may not be stored
    refused: set[str] = field(default_factory=set)
    bad: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        counter = itertools.count()
        with httpx.Client(base_url=self.server.url, timeout=20, headers=self.bearer) as client:
            while not self.stop.is_set():
                title = f"T{next(counter)}"
                self._write(client, title)
                self._read(client)
                time.sleep(0.05)

    def _check(self, r: httpx.Response, kind: str) -> None:
        self.statuses.append((time.monotonic(), kind, r.status_code))
        clean = (
            r.status_code == 503
            and "Traceback" not in r.text
            and r.headers.get("content-type", "").startswith("application/problem+json")
        )
        if r.status_code >= 500 and not clean:
            self.bad.append(f"{kind}: {r.status_code} {r.text[:200]}")

    def _write(self, client: httpx.Client, title: str) -> None:
        try:
            r = client.post(
                "/api/v1/journeys",
                json={"workspace_id": self.workspace, "title": title, "goals": ["Keep going"]},
            )
        except httpx.HTTPError:
            self.uncertain.add(title)
            return
        self._check(r, "write")
        (self.created if r.status_code == 201 else self.refused).add(title)

    def _read(self, client: httpx.Client) -> None:
        try:
            r = client.get("/api/v1/journeys", params={"limit": 5})
        except httpx.HTTPError:
            return
        self._check(r, "read")


def _titles(server: Server, bearer: dict[str, str]) -> set[str]:
    titles: set[str] = set()
    cursor = None
    with server.client(headers=bearer) as client:
        while True:
            params: dict[str, str | int] = {"limit": 200}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/api/v1/journeys", params=params).json()
            titles |= {j["title"] for j in page["items"]}
            cursor = page["next_cursor"]
            if not cursor:
                return titles


def _ready(server: Server) -> tuple[int, dict[str, object]]:
    r = httpx.get(f"{server.url}/readyz", timeout=10)
    return r.status_code, r.json()


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="symphainy-chaos-pg-", dir="/tmp"))
    root.chmod(0o755)  # the postgres user must reach the cluster directory inside
    cluster = Postgres(root / "cluster")
    try:
        cluster.init().start()
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def test_postgres_outage_answers_503_and_recovers_without_restart(
    postgres: Postgres, tmp_path: Path
) -> None:
    env = app_env(tmp_path / "data", DATABASE_URL=postgres.url)
    server = start_server(env, tmp_path / "server.log")
    traffic: Traffic | None = None
    try:
        with server.client() as client:
            auth = sign_up(client, "pg@example.com")
        bearer = {"Authorization": auth["Authorization"]}
        traffic = Traffic(server, bearer, auth["workspace"])
        thread = threading.Thread(target=traffic.run, daemon=True)
        thread.start()
        time.sleep(2)
        assert _ready(server)[0] == 200

        postgres.stop("fast")
        down_at = time.monotonic()
        wait_until(lambda: _ready(server)[0] == 503, 15, what="readyz 503")
        _status, body = _ready(server)
        assert body["failing"] == ["database"], body
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        postgres.start()
        up_at = time.monotonic()
        wait_until(lambda: _ready(server)[0] == 200, 30, what="readyz 200 again")
        time.sleep(3)  # traffic after recovery
        traffic.stop.set()
        thread.join(30)

        during = [s for t, _k, s in traffic.statuses if down_at + 1 < t < up_at]
        after = [s for t, _k, s in traffic.statuses if t > up_at + 2]
        assert 503 in during, "nothing was refused while the database was down"
        assert after and all(s < 500 for s in after), after
        assert not traffic.bad, traffic.bad[:10]
        stored = {t for t in _titles(server, bearer) if t.startswith("T")}
        assert traffic.created <= stored, "an acknowledged write was lost"
        assert stored <= traffic.created | traffic.uncertain, (
            f"refused writes were stored: {sorted(stored & traffic.refused)}"
        )
        assert server.proc.popen is not None and server.proc.popen.poll() is None
    finally:
        if traffic is not None:
            traffic.stop.set()
        server.proc.stop()


def test_redis_outage_degrades_as_documented_and_recovers(tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with private_redis(tmp_path) as (redis_url, redis_proc):
        env = app_env(tmp_path / "data", REDIS_URL=redis_url)
        server = start_server(env, tmp_path / "server.log")
        try:
            with server.client() as client:
                auth = sign_up(client, "redis@example.com")
                bearer = {"Authorization": auth["Authorization"]}
                journey = client.post(
                    "/api/v1/journeys",
                    headers=bearer,
                    json={
                        "workspace_id": auth["workspace"],
                        "title": "Redis",
                        "goals": ["Degrade well"],
                    },
                ).json()["id"]
                redis_proc.kill()

                # Readiness names what is down.
                wait_until(lambda: _ready(server)[0] == 503, 15, what="readyz 503")
                failing = set(_ready(server)[1]["failing"])  # type: ignore[arg-type]
                assert {"redis", "job_queue"} <= failing, failing
                # Reads and writes that need only the database go on.
                assert client.get("/api/v1/journeys", headers=bearer).status_code == 200
                assert (
                    client.patch(
                        f"/api/v1/journeys/{journey}", headers=bearer, json={"title": "Still here"}
                    ).status_code
                    == 200
                )
                # What needs Redis (sign-in's rate limit, queueing a parse) says so with 503.
                login = client.post(
                    "/api/v1/auth/login",
                    json={"email": "redis@example.com", "password": "Quartz-lantern-harbor-91"},
                )
                upload = client.post(
                    f"/api/v1/journeys/{journey}/files",
                    headers=bearer,
                    files={"file": ("a.csv", b"a,b\n1,2\n", "text/csv")},
                )
                for r in (login, upload):
                    assert r.status_code == 503, r.text
                    assert r.headers["content-type"].startswith("application/problem+json")
                listed = client.get(f"/api/v1/journeys/{journey}/files", headers=bearer).json()[
                    "items"
                ]
                assert listed == [], "a file whose parse could not be queued is listed"

                # Redis back on the same port: everything recovers without a restart.
                port = redis_url.rsplit(":", 1)[1].split("/")[0]
                with private_redis_on(tmp_path, int(port)):
                    wait_until(lambda: _ready(server)[0] == 200, 30, what="readyz 200")
                    r = client.post(
                        f"/api/v1/journeys/{journey}/files",
                        headers=bearer,
                        files={"file": ("a.csv", b"a,b\n1,2\n", "text/csv")},
                    )
                    assert r.status_code == 202, r.text
                    file_id = r.json()["id"]
                    wait_until(
                        lambda: (
                            client.get(f"/api/v1/files/{file_id}", headers=bearer).json()["status"]
                            == "ready"
                        ),
                        60,
                        what="parse after recovery",
                    )
                    assert (
                        client.post(
                            "/api/v1/auth/login",
                            json={
                                "email": "redis@example.com",
                                "password": "Quartz-lantern-harbor-91",
                            },
                        ).status_code
                        == 200
                    )
        finally:
            server.proc.stop()


def private_redis_on(tmp: Path, port: int) -> object:
    """A redis-server on a given port (the one the app was configured with)."""
    import contextlib

    from tests.chaos.procs import Proc

    @contextlib.contextmanager
    def run() -> Iterator[None]:
        server = shutil.which("redis-server") or "redis-server"
        proc = Proc(
            [
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
            ],
            {},
            tmp / "redis2.log",
        ).start()
        try:
            wait_until(lambda: _port_open(port), 10, what="redis back")
            yield
        finally:
            proc.stop()

    return run()


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0
