"""Content on an S3-compatible store (moto's server, a real HTTP S3 endpoint on loopback)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from tests.integration.conftest import make_user

CSV = b"sku,qty\nA,1\nB,2\nC,3\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    port = _free_port()
    proc = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def s3_client(
    s3_endpoint: str, sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, object]]:
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    bucket = f"symphainy-{os.getpid()}-{time.monotonic_ns()}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    s3.create_bucket(Bucket=bucket)
    (tmp_path / "data").mkdir()
    shutil.copy(sqlite_template, tmp_path / "data" / "symphainy.db")
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=tmp_path / "data",
        SYMPHAINY_INPROCESS_WORKER=False,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        STORAGE_URL=f"s3://{bucket}/tenant-a",
        S3_ENDPOINT_URL=s3_endpoint,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, (s3, bucket)


def test_upload_parse_download_and_delete_on_s3(s3_client: tuple[TestClient, object]) -> None:
    client, (s3, bucket) = s3_client  # type: ignore[misc]
    assert client.get("/readyz").json()["checks"]["storage"]["ok"] is True
    user = make_user(client)
    journey = user.api("POST", "/api/v1/journeys", json={"title": "S3"}).json()["id"]
    file = user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("stock.csv", io.BytesIO(CSV), "text/csv")},
    ).json()
    detail = user.api("GET", f"/api/v1/files/{file['id']}").json()
    assert detail["status"] == "ready" and detail["summary"]["rows"] == 3
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert all(k.startswith("tenant-a/ws/") for k in keys)
    assert any(k.endswith("/original") for k in keys) and any(k.endswith(".parquet") for k in keys)
    preview = user.api("GET", f"/api/v1/files/{file['id']}/preview").json()
    assert preview["tables"][0]["rows"][1] == ["B", 2]
    assert user.api("GET", f"/api/v1/files/{file['id']}/download").content == CSV
    assert user.api("DELETE", f"/api/v1/files/{file['id']}").status_code == 204
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0
