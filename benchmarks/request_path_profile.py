"""In-process cost of one authenticated ``GET /api/v1/journeys``: time, SQL statements, hot spots.

    .venv/bin/python benchmarks/request_path_profile.py [--requests 300] [--profile]
    .venv/bin/python benchmarks/request_path_profile.py --compare-with /tmp/before/src --rounds 5

Wall-clock load tests are noisy on a shared machine; this measures the request path alone, in
one process, through the ASGI app (Starlette's TestClient, so no network): the process's CPU
time per request (all threads; steadier than wall time on a shared machine) and wall time over
``--requests`` sequential calls, with and without the principal cache in interleaved blocks,
the number of SQL statements each request runs,
and with ``--profile`` the top functions by cumulative time (cProfile). Numbers are reported,
never asserted.

``--compare-with DIR`` compares two versions of the code: another checkout's ``src`` directory
(``git archive <commit> src | tar -x -C DIR/..``) against this one, each in fresh processes
taking turns (``--rounds`` of each, principal cache on as in production), so the machine's load
falls on both alike; it prints the median of the rounds for each.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time

from fastapi.testclient import TestClient
from sqlalchemy import event

PASSWORD = "benchmark-Orchid-Lantern-4821"  # noqa: S105 - a throwaway account in a temp dir


def compare(before_src: str, rounds: int, requests: int) -> None:
    """Fresh processes taking turns: the code in ``before_src`` and this checkout's."""
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(rounds):
        for label in results:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            if label == "before":
                env["PYTHONPATH"] = before_src
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--requests", str(requests)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results[label].append(json.loads(out.strip().splitlines()[-1]))
    print(f"GET /api/v1/journeys in-process, {rounds} rounds of {requests} requests each:")
    for label, runs in results.items():
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"  {label:6s} CPU {median['cpu_ms']:.2f} ms per request (all threads), wall "
            f"median {median['median_ms']:.2f} ms, p99 {median['p99_ms']:.2f} ms, "
            f"SQL statements {median['statements']:.1f}, thread-pool trips {median['hops']:.1f}; "
            "CPU per round: " + ", ".join(f"{r['cpu_ms']:.2f}" for r in runs)
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--compare-with", metavar="SRC_DIR")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare_with:
        compare(args.compare_with, args.rounds, args.requests)
        return
    data = tempfile.mkdtemp(prefix="reqpath-")
    os.environ.update({"SYMPHAINY_DATA_DIR": data, "SYMPHAINY_ENV": "dev"})
    from symphainy.app import create_app
    from symphainy.core import migrations

    app = create_app()
    migrations.upgrade(app.state.runtime.db.engine)
    with TestClient(app) as client:
        client.post(
            "/api/v1/auth/register",
            json={"email": "bench@example.com", "full_name": "B", "password": PASSWORD},
        ).raise_for_status()
        login = client.post(
            "/api/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}
        )
        token = client.post(
            "/api/v1/auth/tokens",
            json={"name": "bench"},
            headers={"X-CSRF-Token": login.json()["csrf_token"]},
        ).json()["token"]
        client.cookies.clear()
        headers = {"Authorization": f"Bearer {token}"}
        for i in range(20):
            client.post(
                "/api/v1/journeys",
                json={"title": f"Journey {i}", "goals": ["a", "b"]},
                headers=headers,
            ).raise_for_status()
        engine = app.state.runtime.db.engine
        statements = 0

        def count(*_a: object, **_k: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine, "before_cursor_execute", count)
        # Every trip to the thread pool (sync dependencies, handlers, response checks) goes
        # through the backend's worker-thread call: counted, a figure the machine's load
        # cannot blur.
        from anyio._backends._asyncio import AsyncIOBackend

        hops = 0
        to_thread = AsyncIOBackend.run_sync_in_worker_thread.__func__  # type: ignore[attr-defined]

        async def counted(cls: type, *a: object, **k: object) -> object:
            nonlocal hops
            hops += 1
            return await to_thread(cls, *a, **k)

        AsyncIOBackend.run_sync_in_worker_thread = classmethod(counted)  # type: ignore[method-assign,assignment]
        from symphainy.auth import principal_cache

        def measure(ttl: float, n: int) -> tuple[list[float], int, float]:
            nonlocal statements, hops
            principal_cache.TTL_SECONDS = ttl
            principal_cache.clear()
            for _ in range(10):  # warm-up
                client.get("/api/v1/journeys", headers=headers).raise_for_status()
            statements = hops = 0
            times = []
            cpu = time.process_time()
            for _ in range(n):
                t = time.perf_counter()
                r = client.get("/api/v1/journeys", headers=headers)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, r.text
                assert len(r.json()["items"]) == 20
            return times, statements, time.process_time() - cpu

        if args.child:
            times, count, cpu = measure(5.0, args.requests)
            print(
                json.dumps(
                    {
                        "cpu_ms": cpu / len(times) * 1000,
                        "median_ms": statistics.median(times) * 1000,
                        "p99_ms": sorted(times)[int(len(times) * 0.99)] * 1000,
                        "statements": count / len(times),
                        "hops": hops / len(times),
                    }
                )
            )
            return
        # Interleaved blocks, so the machine's load falls on both alike.
        results: dict[str, tuple[list[float], int, float]] = {
            "no cache": ([], 0, 0.0),
            "cache": ([], 0, 0.0),
        }
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        for _ in range(5):
            for label, ttl in (("no cache", 0.0), ("cache", 5.0)):
                times, count, cpu = measure(ttl, args.requests // 5)
                old = results[label]
                results[label] = (old[0] + times, old[1] + count, old[2] + cpu)
        if profiler:
            profiler.disable()
        for label, (times, count, cpu) in results.items():
            print(
                f"GET /api/v1/journeys in-process, principal {label}: "
                f"CPU {cpu / len(times) * 1000:.2f} ms per request (all threads), wall "
                f"mean {statistics.mean(times) * 1000:.2f} ms, "
                f"median {statistics.median(times) * 1000:.2f} ms, "
                f"p99 {sorted(times)[int(len(times) * 0.99)] * 1000:.2f} ms, "
                f"SQL statements per request {count / len(times):.1f}"
            )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
