"""A 2 GB upload against a real `symphainy serve`: refused with 413 quickly, without the server
(or this test) holding it in memory, and the server healthy afterwards."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chaos.procs import Server, app_env, sign_up, start_server

pytestmark = pytest.mark.slow
SIZE = 2 * 1024**3
LIMIT = 20 * 1024 * 1024
BOUNDARY = "symphainy-hostile-boundary"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("huge")
    env = app_env(tmp / "data", SYMPHAINY_MAX_UPLOAD_BYTES=str(LIMIT))
    running = start_server(env, tmp / "server.log")
    yield running
    running.proc.stop()


@pytest.fixture(scope="module")
def sparse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sparse") / "huge.csv"
    with path.open("wb") as f:
        f.write(b"id,value\n")
        f.truncate(SIZE)  # sparse: 2 GB long, next to nothing on disk
    return path


def _multipart(path: Path) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()


def _body(path: Path, sent: list[int]) -> Iterator[bytes]:
    head, tail = _multipart(path)
    yield head
    with path.open("rb") as f:
        while block := f.read(1024 * 1024):
            sent[0] += len(block)
            yield block
    yield tail


def _upload(server: Server, path: Path, *, declare_length: bool) -> tuple[int | None, int]:
    with server.client() as client:
        auth = sign_up(client, f"huge{int(declare_length)}@example.com")
        journey = client.post(
            "/api/v1/journeys",
            headers={"Authorization": auth["Authorization"]},
            json={"workspace_id": auth["workspace"], "title": "Huge", "goals": ["Refuse it"]},
        ).json()["id"]
        head, tail = _multipart(path)
        headers = {
            "Authorization": auth["Authorization"],
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        }
        if declare_length:
            headers["Content-Length"] = str(len(head) + SIZE + len(tail))
        sent = [0]
        try:
            r = client.post(
                f"/api/v1/journeys/{journey}/files", headers=headers, content=_body(path, sent)
            )
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            # The server answered and closed while we were still sending: what a client sees
            # then depends on timing; the server side is checked below either way.
            return None, sent[0]
        assert r.headers["content-type"].startswith("application/problem+json"), r.text
        assert "limit" in r.json()["detail"]
        return r.status_code, sent[0]


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_a_2gb_upload_is_refused_quickly(
    server: Server, sparse_file: Path, declare_length: bool
) -> None:
    started = time.monotonic()
    status, sent = _upload(server, sparse_file, declare_length=declare_length)
    elapsed = time.monotonic() - started
    assert status in (413, None)
    if declare_length:
        assert status == 413
    assert elapsed < 30, f"took {elapsed:.1f} s"
    assert sent < SIZE // 4, f"the server read {sent:,} bytes before refusing"
    with server.client() as client:
        assert client.get("/readyz").status_code == 200
        upload_tmp = Path(server.proc.env["SYMPHAINY_DATA_DIR"]) / "tmp"
        leftovers = list(upload_tmp.glob("upload-*")) if upload_tmp.exists() else []
        assert leftovers == [], "a refused upload left its temporary file behind"
