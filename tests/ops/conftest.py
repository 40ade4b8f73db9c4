"""Helpers for operations tests: real processes on free ports, started and always stopped."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "ops-tests-secret-key-0123456789-abcdefghijkl"
PASSWORD = "Quartz-lantern-harbor-91"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def platform_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a platform process: test mode, its own data dir, nothing inherited
    from the developer's settings (SYMPHAINY_*, DATABASE_URL, REDIS_URL...)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SYMPHAINY_", "DATABASE_", "REDIS_", "STORAGE_", "LLM_", "S3_"))
    }
    env.update(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=str(data_dir),
        SYMPHAINY_SECRET_KEY=SECRET_KEY,
        SYMPHAINY_LOG_JSON="true",
        SYMPHAINY_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None


@contextmanager
def running(
    name: str, args: list[str], env: dict[str, str], log_dir: Path, stop_timeout: float = 30.0
) -> Iterator[Proc]:
    """Start ``args`` in its own process group; SIGTERM it (then SIGKILL) on the way out."""
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=log_dir, start_new_session=True
        )
    proc = Proc(name, popen, log)
    try:
        yield proc
    finally:
        stop(proc, stop_timeout)


def stop(proc: Proc, timeout: float = 30.0) -> int:
    if proc.popen.poll() is None:
        os.killpg(proc.popen.pid, signal.SIGTERM)
        try:
            proc.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.popen.pid, signal.SIGKILL)
            proc.popen.wait(10)
    return int(proc.popen.returncode)


def wait_until(
    check: Callable[[], Any],
    timeout: float,
    what: str,
    procs: tuple[Proc, ...] = (),
    interval: float = 0.25,
) -> Any:
    """Call ``check`` until it returns something truthy; fail with the processes' logs."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        for proc in procs:
            if not proc.alive():
                pytest.fail(
                    f"{proc.name} exited ({proc.popen.returncode}) while waiting for "
                    f"{what}:\n{proc.output()[-3000:]}"
                )
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, OSError) as exc:
            last_error = exc
        time.sleep(interval)
    logs = "\n".join(f"--- {p.name}\n{p.output()[-3000:]}" for p in procs)
    pytest.fail(f"timed out after {timeout}s waiting for {what} ({last_error!r})\n{logs}")


def symphainy(*args: str) -> list[str]:
    return [str(VENV_BIN / "python"), "-m", "symphainy", *args]


def ready(base_url: str) -> bool:
    return httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200


def tool(name: str, *, required_in_ci: bool = False, hint: str = "") -> str:
    """The path of a command-line tool from the venv or the system; else skip (fail in CI
    for the tools .ci/run installs)."""
    found = shutil.which(name, path=str(VENV_BIN)) or shutil.which(name)
    if found is None:
        message = f"{name} is not installed{f' ({hint})' if hint else ''}"
        if required_in_ci and os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
