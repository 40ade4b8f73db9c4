"""Real processes for tests that need them: `symphainy serve`, `symphainy worker`, a private
PostgreSQL cluster and a private Redis. Each is started on a free loopback port and stopped by
its own process id, never by name, so nothing another engineer runs is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "Quartz-lantern-harbor-91"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: object, timeout: float, every: float = 0.1, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():  # type: ignore[operator]
                return
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what or check}")


@dataclass
class Proc:
    """A child process in its own process group, with its output in a log file."""

    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> Proc:
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.args, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen is not None and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(10)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)
        self.kill(signal.SIGKILL)


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SYMPHAINY_", "DATABASE_", "REDIS_", "STORAGE_", "LLM_"))
    }
    env.update(
        {
            "SYMPHAINY_ENV": "test",
            "SYMPHAINY_DATA_DIR": str(data_dir),
            "SYMPHAINY_LOG_LEVEL": "WARNING",
            "PASSWORD_MIN_LENGTH": "10",
        }
    )
    env.update(extra)
    return env


@dataclass
class Server:
    proc: Proc
    url: str

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]


def start_server(env: dict[str, str], log: Path, *, migrate: bool = True) -> Server:
    port = free_port()
    args = [str(BIN / "symphainy"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if not migrate:
        args.append("--no-migrate")
    proc = Proc(args, env, log).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: httpx.get(f"{url}/livez", timeout=1).status_code == 200,
            60,
            what=f"symphainy serve on {port}",
        )
    except TimeoutError:
        proc.stop()
        raise TimeoutError(log.read_text()[-3000:]) from None
    return Server(proc, url)


def start_worker(env: dict[str, str], log: Path, threads: int = 2) -> Proc:
    return Proc([str(BIN / "symphainy"), "worker", "--threads", str(threads)], env, log).start()


def sign_up(client: httpx.Client, email: str) -> dict[str, str]:
    """Register and sign in over HTTP; answers the bearer header and the first workspace."""
    r = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Chaos Tester"},
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    csrf = r.json()["csrf_token"]
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "chaos"}, headers={"X-CSRF-Token": csrf}
    ).json()["token"]
    workspace = client.get("/api/v1/auth/me").json()["workspaces"][0]["id"]
    client.cookies.clear()
    return {"Authorization": f"Bearer {token}", "workspace": workspace}


@dataclass
class Postgres:
    """A private PostgreSQL 15 cluster in a temporary directory, run as the postgres user."""

    root: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], capture_output=True, timeout=120, check=False)

    def init(self) -> Postgres:
        if not (PG_BIN / "initdb").exists():
            raise FileNotFoundError("PostgreSQL 15 server binaries are not installed")
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        done = self._run(
            str(PG_BIN / "initdb"), "-D", str(self.root / "pgdata"), "-A", "trust", "-U", "postgres"
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode()[-2000:])
        return self

    def start(self) -> None:
        done = self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.root / "pgdata"),
            "-w",
            "-l",
            str(self.root / "pg.log"),
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1",
            "start",
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode()[-2000:] + done.stdout.decode()[-2000:])

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.root / "pgdata"), "-m", mode, "-w", "stop")


@contextlib.contextmanager
def private_redis(tmp: Path) -> Iterator[tuple[str, Proc]]:
    port = free_port()
    server = shutil.which("redis-server")
    if server is None:
        raise FileNotFoundError("redis-server is not installed")
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
        dict(os.environ),
        tmp / "redis.log",
    ).start()
    try:
        yield f"redis://127.0.0.1:{port}/0", proc
    finally:
        proc.stop()
