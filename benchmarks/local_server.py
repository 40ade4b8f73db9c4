"""A real `symphainy serve` on a fresh data directory, and a signed-in API client, for the
benchmarks that go through HTTP as a user does (chat, upload-to-ready)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The server on embedded defaults in ``workdir`` (its log: ``workdir/server.log``)."""
    prefixes = ("SYMPHAINY_", "DATABASE_", "REDIS_", "STORAGE_", "S3_", "LLM_", "SMTP_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(SYMPHAINY_DATA_DIR=str(workdir), SYMPHAINY_ENV="dev", OPENBLAS_NUM_THREADS="1")
    port = free_port()
    script = Path(sys.executable).parent / "symphainy"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "symphainy"]
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "server.log").read_text()[-3000:])
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError("server not ready")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def api_token(url: str, email: str, password: str, name: str) -> str:
    """Register a new account, sign in and create a bearer API token for it."""
    with httpx.Client(base_url=url, timeout=120) as client:
        client.post(
            "/api/v1/auth/register", json={"email": email, "password": password, "full_name": name}
        ).raise_for_status()
        login = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        login.raise_for_status()
        created = client.post(
            "/api/v1/auth/tokens",
            json={"name": "bench"},
            headers={"X-CSRF-Token": login.json()["csrf_token"]},
        )
        created.raise_for_status()
        return str(created.json()["token"])


def signed_in_client(url: str, email: str, password: str, name: str) -> httpx.Client:
    """A new account's client, authenticated by an API token."""
    token = api_token(url, email, password, name)
    return httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"})
