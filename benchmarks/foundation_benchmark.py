"""Foundation benchmark: start-up time, API throughput against a bare FastAPI app, idle memory.

    .venv/bin/python benchmarks/foundation_benchmark.py            # full run, prints a table
    .venv/bin/python benchmarks/foundation_benchmark.py --duration 5 --profile /tmp/api.svg

Measures, on the embedded default (fresh temporary data directory, no configuration):

(a) seconds from launching ``symphainy serve`` to the first ``/readyz`` 200 (includes the
    migrations of a new database), median of ``--startup-runs``; and the CPU time (user + sys,
    steadier than wall time on a shared machine), wall time and resident memory of importing
    ``symphainy.app`` and building ``create_app()`` in a fresh interpreter, median of as many
    runs (``--startup-only`` stops there);
(b) requests/s, p50 and p99 of authenticated ``GET /api/v1/journeys`` (bearer API token, 20
    journeys) against a bare FastAPI "hello" app served by uvicorn the same way (same options
    as ``symphainy serve``, same worker count), at ``--clients`` concurrent connections, from
    a separate load-generator process (``wrk`` when installed, else an httpx asyncio client);
(c) the server's idle resident memory (VmRSS of the server and its children) after warm-up;
(d) the server's CPU time (user + system, all threads) per request during each load run:
    steadier than requests/s on a shared machine, since other processes' load mostly moves
    wall time, not the CPU a request needs.

A benchmark reports numbers; the targets are printed beside them, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from local_server import api_token

TARGET_READY_S = 3.0
TARGET_RATIO = 0.40
TARGET_P99_MS = 100.0
TARGET_RSS_MB = 250.0
JOURNEYS = 20
PASSWORD = "benchmark-Orchid-Lantern-4821"  # noqa: S105 - a throwaway account in a temp dir
HELLO_APP = textwrap.dedent("""
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"message": "hello"}
""")
# `symphainy serve` passes these to uvicorn.run; the hello app gets the same.
HELLO_SERVER = textwrap.dedent("""
    import sys
    import uvicorn

    uvicorn.run("hello_app:app", host="127.0.0.1", port=int(sys.argv[1]),
                workers=int(sys.argv[2]), proxy_headers=True, log_config=None,
                timeout_graceful_shutdown=30, server_header=False)
""")


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str
    error_detail: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log_path: Path
    started: float = field(default_factory=time.perf_counter)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# ---- processes ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(data_dir: Path) -> dict[str, str]:
    """The embedded default: no setting inherited from this shell but the data directory."""
    settings_prefixes = ("SYMPHAINY_", "DATABASE_", "REDIS_", "STORAGE_", "S3_", "LLM_", "SMTP_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(settings_prefixes)}
    env["SYMPHAINY_DATA_DIR"] = str(data_dir)
    env["SYMPHAINY_ENV"] = "dev"
    return env


def cpu_prefix(cpus: str | None) -> list[str]:
    return ["taskset", "-c", cpus] if cpus and shutil.which("taskset") else []


def symphainy_command() -> list[str]:
    script = Path(sys.executable).parent / "symphainy"
    return [str(script)] if script.exists() else [sys.executable, "-m", "symphainy"]


# ``--database-url``: each server start gets a new, empty database on that server (dropped at
# the end), so every run migrates and fills a fresh database as the embedded default does.
DATABASE_URL: str | None = None
_CREATED_DATABASES: list[str] = []


def _admin_dsn(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def fresh_database_url(url: str) -> str:
    """A new database on ``url``'s PostgreSQL server; its URL (same driver and credentials)."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"symphainy_bench_{os.getpid()}_{len(_CREATED_DATABASES)}"
    with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    _CREATED_DATABASES.append(name)
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_created_databases(url: str) -> None:
    import psycopg

    with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
        for name in _CREATED_DATABASES:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _CREATED_DATABASES.clear()


def start_symphainy(workdir: Path, workers: int, cpus: str | None) -> Server:
    data_dir = Path(tempfile.mkdtemp(prefix="data-", dir=workdir))
    env = clean_env(data_dir)
    if DATABASE_URL:
        env["DATABASE_URL"] = fresh_database_url(DATABASE_URL)
    port = free_port()
    log_path = workdir / f"symphainy-{port}.log"
    started = time.perf_counter()
    # cwd is the temp dir, so no .env file of the repository is read.
    process = subprocess.Popen(
        [
            *cpu_prefix(cpus),
            *symphainy_command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=data_dir,
        env=env,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(process, port, data_dir, log_path, started)


def start_hello(workdir: Path, workers: int, cpus: str | None) -> Server:
    app_dir = workdir / "hello"
    app_dir.mkdir(exist_ok=True)
    (app_dir / "hello_app.py").write_text(HELLO_APP, encoding="utf-8")
    (app_dir / "serve.py").write_text(HELLO_SERVER, encoding="utf-8")
    port = free_port()
    log_path = workdir / f"hello-{port}.log"
    started = time.perf_counter()
    process = subprocess.Popen(
        [*cpu_prefix(cpus), sys.executable, "serve.py", str(port), str(workers)],
        cwd=app_dir,
        env=clean_env(app_dir),
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(process, port, app_dir, log_path, started)


def wait_ready(server: Server, path: str, timeout: float = 60.0) -> float:
    """Seconds from launch to the first 200 on ``path``."""
    deadline = time.perf_counter() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"server exited: {server.log_path.read_text()[-2000:]}")
            try:
                if client.get(server.url + path).status_code == 200:
                    return time.perf_counter() - server.started
            except httpx.TransportError:
                pass
            time.sleep(0.01)
    raise TimeoutError(f"{server.url}{path} not ready after {timeout} s")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


@contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        stop(server)


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads) and its descendants so far."""
    total = 0.0
    pending = [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
        pending.extend(int(c) for c in children)
    return total


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants (uvicorn --workers forks)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.MULTILINE)
        total_kb += int(match.group(1)) if match else 0
        pending.extend(int(c) for c in children)
    return total_kb / 1024


# ---- the API user -------------------------------------------------------------------------


def prepare_api_user(base_url: str) -> str:
    """Register, sign in, create a bearer API token and JOURNEYS journeys; return the token."""
    token = api_token(base_url, "bench@example.com", PASSWORD, "Benchmark User")
    with httpx.Client(
        base_url=base_url, timeout=30.0, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        for i in range(JOURNEYS):
            client.post(
                "/api/v1/journeys",
                json={
                    "title": f"Journey {i}",
                    "description": "Benchmark journey " * 5,
                    "goals": ["cut onboarding time", "find data-quality issues"],
                },
            ).raise_for_status()
        listed = client.get("/api/v1/journeys")
        listed.raise_for_status()
        assert len(listed.json()["items"]) == JOURNEYS, listed.text
    return token


# ---- load generators ----------------------------------------------------------------------

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def run_wrk(
    url: str, headers: dict[str, str], clients: int, seconds: float, cpus: str | None
) -> LoadResult:
    header_args = [arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")]
    threads = min(clients, max(1, (os.cpu_count() or 2) // 2))
    out = subprocess.run(
        [
            *cpu_prefix(cpus),
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "--latency",
            "--timeout",
            "10s",
            *header_args,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)\s*$", out, flags=re.MULTILINE))
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+),", out)
    if not total or set(latency) != {"50", "99"}:
        raise RuntimeError(f"cannot read wrk output:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(g) for g in sockets.groups()) if sockets else 0
    return LoadResult(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2) + total.group(3)) / 1000,
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        errors=errors,
        tool="wrk",
        error_detail=sockets.group(0) if sockets else "",
    )


async def _httpx_load(
    url: str, headers: dict[str, str], clients: int, seconds: float
) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10.0) as client:
        end = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies) + errors,
        "seconds": elapsed,
        "errors": errors,
        "p50_ms": quantiles[49],
        "p99_ms": quantiles[98],
    }


def run_httpx(
    url: str, headers: dict[str, str], clients: int, seconds: float, cpus: str | None
) -> LoadResult:
    """The same client loop in a separate process, so it does not share the GIL with us."""
    out = subprocess.run(
        [
            *cpu_prefix(cpus),
            sys.executable,
            __file__,
            "_httpx-load",
            url,
            json.dumps(headers),
            str(clients),
            str(seconds),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return LoadResult(
        requests=int(data["requests"]),
        seconds=float(data["seconds"]),
        p50_ms=float(data["p50_ms"]),
        p99_ms=float(data["p99_ms"]),
        errors=int(data["errors"]),
        tool="httpx",
    )


def load(
    tool: str, url: str, headers: dict[str, str], clients: int, seconds: float, cpus: str | None
) -> LoadResult:
    if tool == "wrk":
        return run_wrk(url, headers, clients, seconds, cpus)
    return run_httpx(url, headers, clients, seconds, cpus)


# ---- the benchmark ------------------------------------------------------------------------


@contextmanager
def profiling(pid: int, output: str | None, seconds: float) -> Iterator[None]:
    """py-spy record of the server while the block runs.

    ``--gil`` keeps only the thread holding the GIL: for a GIL-bound server that is where the
    CPU goes (threads waiting for a connection or a lock would otherwise dominate the profile).
    """
    if not output:
        yield
        return
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    fmt = (
        "speedscope"
        if output.endswith(".json")
        else ("raw" if output.endswith(".txt") else "flamegraph")
    )
    spy = subprocess.Popen(
        [
            py_spy,
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--gil",
            "--rate",
            "200",
            "--duration",
            str(int(seconds) + 1),
            "--format",
            fmt,
            "--output",
            output,
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        spy.wait(timeout=seconds + 60)


IMPORT_PROBE = textwrap.dedent("""
    import json, resource, time
    started = time.perf_counter()
    from symphainy.app import create_app
    create_app()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    status = open("/proc/self/status").read()
    rss = int(status.split("VmRSS:")[1].split()[0]) / 1024
    print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": rss}))
""")


def measure_import(workdir: Path, runs: int, cpus: str | None) -> list[dict[str, float]]:
    """CPU (user + sys), wall and RSS of ``create_app()`` with its imports, fresh each run."""
    results = []
    for _ in range(runs):
        data_dir = Path(tempfile.mkdtemp(prefix="import-", dir=workdir))
        out = subprocess.run(
            [*cpu_prefix(cpus), sys.executable, "-c", IMPORT_PROBE],
            cwd=data_dir,
            env=clean_env(data_dir),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def measure_startup(workdir: Path, runs: int, cpus: str | None) -> list[float]:
    times: list[float] = []
    for _ in range(runs):
        with running(start_symphainy(workdir, 1, cpus)) as server:
            times.append(wait_ready(server, "/readyz"))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per load run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before each run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers, both apps")
    parser.add_argument("--load-generator", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="do not pin server and load generator to separate CPUs",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="py-spy record of symphainy during its load run (.svg/.json/.txt)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--startup-only", action="store_true", help="measure start-up and imports, no load"
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="run symphainy on this PostgreSQL server (a new database per start, dropped "
        "after), e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    args = parser.parse_args(argv)
    global DATABASE_URL
    DATABASE_URL = args.database_url
    try:
        return run(args)
    finally:
        if DATABASE_URL:
            drop_created_databases(DATABASE_URL)


def run(args: argparse.Namespace) -> int:

    tool = args.load_generator
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "httpx"
    ncpu = os.cpu_count() or 1
    # Server on the first half of the CPUs, load generator on the rest, so they do not steal
    # each other's cycles (the ratio stays fair either way: both apps are measured alike).
    server_cpus = load_cpus = None
    if not args.no_pin and ncpu >= 2:
        half = ncpu // 2
        server_cpus = f"0-{half - 1}" if half > 1 else "0"
        load_cpus = f"{half}-{ncpu - 1}" if ncpu - half > 1 else str(half)

    with tempfile.TemporaryDirectory(prefix="symphainy-bench-") as tmp:
        workdir = Path(tmp)
        print(f"(a) start-up, {args.startup_runs} runs ...", file=sys.stderr)
        startups = measure_startup(workdir, args.startup_runs, server_cpus)
        imports = measure_import(workdir, args.startup_runs, server_cpus)
        import_row = (
            "create_app() import + build: CPU s",
            f"{statistics.median(r['cpu'] for r in imports):.2f}",
            f"wall {statistics.median(r['wall'] for r in imports):.2f} s, "
            f"RSS {statistics.median(r['rss'] for r in imports):.0f} MB",
            "",
            None,
        )
        if args.startup_only:
            each_ready = " / ".join(f"{t:.2f}" for t in startups)
            each_cpu = " / ".join(f"{r['cpu']:.2f}" for r in imports)
            print(
                f"start-up to /readyz 200: median {statistics.median(startups):.2f} s "
                f"({each_ready}); {import_row[0]} {import_row[1]} ({import_row[2]}; "
                f"CPU per run {each_cpu})"
            )
            return 0

        print("(b) hello app ...", file=sys.stderr)
        with running(start_hello(workdir, args.workers, server_cpus)) as hello:
            wait_ready(hello, "/hello")
            hello_url = hello.url + "/hello"
            load(tool, hello_url, {}, args.clients, args.warmup, load_cpus)
            cpu_before = tree_cpu_s(hello.process.pid)
            hello_result = load(tool, hello_url, {}, args.clients, args.duration, load_cpus)
            hello_cpu = tree_cpu_s(hello.process.pid) - cpu_before
            time.sleep(2)
            hello_rss = tree_rss_mb(hello.process.pid)

        print("(b) symphainy ...", file=sys.stderr)
        with running(start_symphainy(workdir, args.workers, server_cpus)) as app:
            wait_ready(app, "/readyz")
            token = prepare_api_user(app.url)
            api_url = app.url + "/api/v1/journeys"
            auth = {"Authorization": f"Bearer {token}"}
            load(tool, api_url, auth, args.clients, args.warmup, load_cpus)
            cpu_before = tree_cpu_s(app.process.pid)
            with profiling(app.process.pid, args.profile, args.duration):
                api_result = load(tool, api_url, auth, args.clients, args.duration, load_cpus)
            api_cpu = tree_cpu_s(app.process.pid) - cpu_before
            print("(c) idle memory ...", file=sys.stderr)
            time.sleep(3)
            idle_rss = tree_rss_mb(app.process.pid)

    ratio = api_result.rps / hello_result.rps if hello_result.rps else 0.0
    ready = statistics.median(startups)
    rows = [
        (
            "start-up to /readyz 200 (median s)",
            f"{ready:.2f}",
            " / ".join(f"{t:.2f}" for t in startups),
            f"< {TARGET_READY_S:g} s",
            ready < TARGET_READY_S,
        ),
        import_row,
        (
            "GET /api/v1/journeys req/s",
            f"{api_result.rps:,.0f}",
            f"{api_result.requests:,} requests, {api_result.errors} errors",
            "",
            None,
        ),
        (
            "bare FastAPI hello req/s",
            f"{hello_result.rps:,.0f}",
            f"{hello_result.requests:,} requests, {hello_result.errors} errors",
            "",
            None,
        ),
        (
            "ratio journeys / hello",
            f"{ratio:.1%}",
            "",
            f">= {TARGET_RATIO:.0%}",
            ratio >= TARGET_RATIO,
        ),
        (
            "server CPU per journeys request (ms)",
            f"{api_cpu / max(api_result.requests, 1) * 1000:.2f}",
            f"hello {hello_cpu / max(hello_result.requests, 1) * 1000:.3f}",
            "",
            None,
        ),
        (
            "journeys p50 (ms)",
            f"{api_result.p50_ms:.1f}",
            f"hello {hello_result.p50_ms:.1f}",
            "",
            None,
        ),
        (
            "journeys p99 (ms)",
            f"{api_result.p99_ms:.1f}",
            f"hello {hello_result.p99_ms:.1f}",
            f"< {TARGET_P99_MS:g} ms",
            api_result.p99_ms < TARGET_P99_MS,
        ),
        (
            "idle RSS after warm-up (MB)",
            f"{idle_rss:.0f}",
            f"hello {hello_rss:.0f}",
            f"< {TARGET_RSS_MB:g} MB",
            idle_rss < TARGET_RSS_MB,
        ),
    ]
    print(
        f"\nSymphAIny foundation benchmark: {args.clients} clients, {args.duration:g} s runs, "
        f"{args.workers} worker(s), load by {tool}, {ncpu} CPUs, "
        + ("PostgreSQL" if DATABASE_URL else "embedded SQLite")
        + (f" (server on CPU {server_cpus}, load on CPU {load_cpus})" if server_cpus else "")
    )
    widths = (36, 10, 38, 10)
    header = ("measure", "value", "detail", "target")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  met")
    print("-" * (sum(widths) + 2 * len(widths) + 3))
    for name, value, detail, target, met in rows:
        mark = "" if met is None else ("yes" if met else "NO")
        cells = (name, value, detail, target)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + mark)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "startup_s": startups,
                    "startup_median_s": ready,
                    "import": imports,
                    "clients": args.clients,
                    "workers": args.workers,
                    "tool": tool,
                    "api": api_result.__dict__,
                    "api_rps": api_result.rps,
                    "api_server_cpu_ms_per_request": api_cpu / max(api_result.requests, 1) * 1000,
                    "hello_server_cpu_ms_per_request": hello_cpu
                    / max(hello_result.requests, 1)
                    * 1000,
                    "hello": hello_result.__dict__,
                    "hello_rps": hello_result.rps,
                    "ratio": ratio,
                    "idle_rss_mb": idle_rss,
                    "hello_idle_rss_mb": hello_rss,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_httpx-load":
        _, _, target, headers_json, clients, seconds = sys.argv
        result = asyncio.run(
            _httpx_load(target, json.loads(headers_json), int(clients), float(seconds))
        )
        print(json.dumps(result))
        sys.exit(0)
    sys.exit(main())
