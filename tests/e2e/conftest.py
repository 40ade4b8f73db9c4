"""A real server and the system Chromium for browser tests.

The server is ``symphainy serve`` in a subprocess with its own data directory; Chromium is the
Debian package (``playwright install`` is never used). Without Chromium the tests are skipped
on a workstation and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/shots")
HTTP_STATUS_LINE = "Failed to load resource: the server responded with a status of 4"


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "the system Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _chromium()
    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = {
        **os.environ,
        "SYMPHAINY_ENV": "test",
        "SYMPHAINY_DATA_DIR": str(data_dir),
        # Every browser in this session connects from 127.0.0.1: the per-address limits have
        # their own tests (tests/security/test_outside_findings_accounts.py).
        "REGISTER_RATE_LIMIT": "1000/minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "1000/minute",
        "LOGIN_ADDRESS_FREE_FAILURES": "1000",
        "ASK_RATE_LIMIT": "1000/minute",
    }
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "symphainy", "serve", "--port", str(port)],
        env=env,
        cwd=data_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}; see {log.name}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server was not ready within 60 s; see {log.name}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(autouse=True)
def no_page_errors(page: Page) -> Iterator[None]:
    """Fails a test whose pages break: a CSP refusal, a script error or a missing asset.

    Chromium also logs every 4xx document as a console error; forms answer 4xx on purpose
    (422 with the errors shown), so those lines are not failures.
    """
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith(HTTP_STATUS_LINE)
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if "/static/" in r.url and r.status >= 400
            else None
        ),
    )
    yield
    assert errors == []


@pytest.fixture
def shots() -> Path:
    """Where screenshots go for a person to look at (never committed)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
