"""Run the Locust scenario headless at several user counts against a platform on loopback.

    python tests/perf/run_load.py --setup embedded --users 10 50 100 200 --seconds 60
    python tests/perf/run_load.py --setup postgres --users 10 50 100 200 --seconds 60

``embedded``: one `symphainy serve` with SQLite, local files and the in-process worker.
``postgres``: a fresh database on the PostgreSQL server at --pg (created and dropped here),
Redis database 14 at --redis (flushed before and after), two app processes
(`serve --workers 2`) and one `symphainy worker`. Needs locust and psutil in the interpreter
that runs this script; the platform runs from --symphainy (the project's venv).
Prints one Markdown table per level and writes the raw numbers as JSON next to Locust's CSVs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sampler(threading.Thread):
    """CPU (percent of one core, summed over the processes) and RSS of the platform's processes."""

    def __init__(self, roots: list[int]) -> None:
        super().__init__(daemon=True)
        self.roots, self.samples = roots, []  # type: ignore[var-annotated]
        self.stop = threading.Event()

        self.known: dict[int, psutil.Process] = {}

    def _procs(self) -> list[psutil.Process]:
        """The process trees, reusing Process objects: cpu_percent measures since last call."""
        pids = []
        for pid in self.roots:
            try:
                root = psutil.Process(pid)
                pids += [root.pid, *(c.pid for c in root.children(recursive=True))]
            except psutil.NoSuchProcess:
                continue
        for pid in pids:
            if pid not in self.known:
                try:
                    self.known[pid] = psutil.Process(pid)
                    self.known[pid].cpu_percent(None)
                except psutil.NoSuchProcess:
                    continue
        return [self.known[p] for p in pids if p in self.known]

    def run(self) -> None:
        self._procs()
        psutil.cpu_percent(None)
        while not self.stop.wait(1.0):
            cpu = rss = 0.0
            for p in self._procs():
                try:
                    cpu += p.cpu_percent(None)
                    rss += p.memory_info().rss
                except psutil.Error:
                    continue
            self.samples.append((cpu, rss / 1024**2, psutil.cpu_percent(None)))


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_live(url: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


def provision(url: str, count: int, out: Path) -> Path:
    """``count`` accounts made before the measured runs; their e-mails, one a line."""
    from concurrent.futures import ThreadPoolExecutor

    run = uuid.uuid4().hex[:6]
    emails = [f"exec-{run}-{i}@example.com" for i in range(count)]

    def register(email: str) -> None:
        r = httpx.post(
            f"{url}/api/v1/auth/register",
            timeout=120,
            json={"email": email, "password": "Quartz-lantern-harbor-91", "full_name": "Ada Exec"},
        )
        r.raise_for_status()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(register, emails))
    path = out / "accounts.txt"
    path.write_text("\n".join(emails))
    return path


def run_level(
    url: str, users: int, seconds: int, out: Path, roots: list[int], locust: str
) -> dict[str, Any]:
    prefix = out / f"u{users}"
    sampler = Sampler(roots)
    sampler.start()
    times = out / f"u{users}_times.txt"
    os.environ["SYMPHAINY_LOAD_TIMES"] = str(times)
    subprocess.run(
        [
            locust,
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(min(users, 10)),
            "-t",
            f"{seconds}s",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
        ],
        check=False,
        stdout=(out / f"u{users}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    sampler.stop.set()
    sampler.join()
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    endpoints = [
        {
            "name": r["Name"],
            "method": r["Type"],
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "rps": float(r["Requests/s"]),
            "p50": _ms(r["50%"]),
            "p95": _ms(r["95%"]),
            "p99": _ms(r["99%"]),
        }
        for r in rows
    ]
    reads = (
        sorted(
            float(ms)
            for method, ms in (line.split() for line in times.read_text().splitlines())
            if method == "GET"
        )
        if times.exists()
        else []
    )
    cpu = [s[0] for s in sampler.samples] or [0.0]
    rss = [s[1] for s in sampler.samples] or [0.0]
    machine = [s[2] for s in sampler.samples] or [0.0]
    return {
        "users": users,
        "seconds": seconds,
        "endpoints": endpoints,
        "reads": {
            "requests": len(reads),
            **{f"p{q}": _percentile(reads, q) for q in (50, 95, 99)},
        },
        "cpu_mean_pct": sum(cpu) / len(cpu),
        "cpu_max_pct": max(cpu),
        "rss_max_mb": max(rss),
        "machine_cpu_mean_pct": sum(machine) / len(machine),
    }


def _percentile(values: list[float], q: int) -> float:
    """Nearest-rank percentile of sorted ``values`` (0 when there are none)."""
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, -(-len(values) * q // 100) - 1))]


def _ms(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def markdown(result: dict[str, Any]) -> str:
    total = next((e for e in result["endpoints"] if e["name"] == "Aggregated"), None)
    head = (
        f"#### {result['users']} users, {result['seconds']} s — "
        f"platform CPU mean {result['cpu_mean_pct']:.0f}% / max {result['cpu_max_pct']:.0f}%"
        f" of one core, RSS max {result['rss_max_mb']:.0f} MB, whole machine CPU mean "
        f"{result['machine_cpu_mean_pct']:.0f}%"
    )
    if total:
        rate = total["failures"] / total["requests"] * 100 if total["requests"] else 0
        head += (
            f"; {total['rps']:.1f} req/s, error rate {rate:.2f}% "
            f"({total['failures']}/{total['requests']})"
        )
    reads = result.get("reads") or {}
    if reads.get("requests"):
        head += (
            f"\n\nReads (every GET: pages and API), {reads['requests']} requests: p50 "
            f"{reads['p50']:.0f} ms, p95 {reads['p95']:.0f} ms, p99 {reads['p99']:.0f} ms"
        )
    lines = [
        head,
        "",
        "| endpoint | req | fail | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for e in result["endpoints"]:
        label = e["name"] if e["name"] == "Aggregated" else f"{e['method']} {e['name']}"
        lines.append(
            f"| {label} | {e['requests']} | {e['failures']} | {e['rps']:.1f} | "
            f"{e['p50']:.0f} | {e['p95']:.0f} | {e['p99']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", choices=["embedded", "postgres"], default="embedded")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100, 200])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--symphainy", default=str(HERE.parents[1] / ".venv/bin/symphainy"))
    parser.add_argument("--locust", default="locust")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--register",
        action="store_true",
        help="each simulated person registers first (a sign-up storm)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the platform's processes, e.g. SYMPHAINY_JOB_NICE=0 (repeatable)",
    )
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix=f"load-{args.setup}-"))
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYMPHAINY_", "DATABASE_"))}
    env.update(
        {
            "SYMPHAINY_ENV": "dev",
            "SYMPHAINY_DATA_DIR": str(data),
            "SYMPHAINY_LOG_LEVEL": "WARNING",
            "LOGIN_RATE_LIMIT": "1000/minute",
            # All simulated users share one address; accounts are provisioned in bulk.
            "LOGIN_ADDRESS_RATE_LIMIT": "100000/minute",
            "REGISTER_RATE_LIMIT": "100000/minute",
            "ASK_RATE_LIMIT": "100000/minute",
        }
    )
    env.update(dict(item.split("=", 1) for item in args.set))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    procs: list[subprocess.Popen[bytes]] = []
    database = None
    try:
        serve = [args.symphainy, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if args.setup == "postgres":
            import psycopg

            database = f"symphainy_load_{uuid.uuid4().hex[:8]}"
            admin = args.pg.replace("+psycopg", "")
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + f"/{database}"
            env["REDIS_URL"] = args.redis
            env["SYMPHAINY_INPROCESS_WORKER"] = "false"
            import redis

            redis.Redis.from_url(args.redis).flushdb()
            procs.append(start([*serve, "--workers", "2"], env, out / "serve.log"))
            wait_live(url)
            procs.append(
                start([args.symphainy, "worker", "--threads", "2"], env, out / "worker.log")
            )
        else:
            procs.append(start(serve, env, out / "serve.log"))
            wait_live(url)
        if not args.register:
            env["SYMPHAINY_LOAD_ACCOUNTS"] = str(provision(url, max(args.users), out))
            os.environ["SYMPHAINY_LOAD_ACCOUNTS"] = env["SYMPHAINY_LOAD_ACCOUNTS"]
        results = []
        for users in args.users:
            result = run_level(url, users, args.seconds, out, [p.pid for p in procs], args.locust)
            results.append(result)
            print(markdown(result), "\n", flush=True)
            time.sleep(5)
        (out / "results.json").write_text(json.dumps(results, indent=2))
        print(f"raw results in {out}")
    finally:
        for proc in procs:
            stop(proc)
        if database is not None:
            import psycopg
            import redis

            with psycopg.connect(args.pg.replace("+psycopg", ""), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            redis.Redis.from_url(args.redis).flushdb()


if __name__ == "__main__":
    main()
