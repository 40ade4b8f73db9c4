"""What running each question's query in a killable child process costs, and what it stops.

Issue 18, finding 1: questions' SQL now runs in a child forked from a fork server
(``insights.sandbox``) instead of on the web process's own DuckDB connection. This reports,
on a generated orders table:

* the time of a typical grouped question in-process (the old way) and in the sandbox;
* the tester's ``SELECT length(repeat('x', 1500000000))`` in the sandbox: time, outcome and how
  much the measuring process grew (the in-process run is not repeated here: it took 35 s and
  2.9 GB on this machine, see docs/quality.md).

Run: ``.venv/bin/python benchmarks/question_sandbox_benchmark.py [--rows 200000] [--runs 20]``
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.insights import engine, sandbox, sql_guard

QUESTION = 'SELECT "region", sum("amount") AS total FROM data GROUP BY 1 ORDER BY total DESC'


def _table(path: Path, rows: int) -> Path:
    regions = ["North", "South", "East", "West"]
    pq.write_table(
        pa.table(
            {
                "order_id": [f"A-{i}" for i in range(rows)],
                "region": [regions[i % 4] for i in range(rows)],
                "amount": [float(i % 997) for i in range(rows)],
            }
        ),
        path,
    )
    return path


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(samples) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parquet = _table(Path(tmp) / "orders.parquet", args.rows)
        con = engine.connect(parquet, locked=True)
        bounded = f"SELECT * FROM ({QUESTION}) AS answer LIMIT 201"  # noqa: S608
        in_process, in_child = [], []
        sql_guard.run_select(con, QUESTION)  # starts the fork server once
        for _ in range(args.runs):
            started = time.perf_counter()
            con.execute(bounded).fetchall()
            in_process.append(time.perf_counter() - started)
            started = time.perf_counter()
            sql_guard.run_select(con, QUESTION)
            in_child.append(time.perf_counter() - started)
        print(f"rows {args.rows:,}, runs {args.runs}")
        print(f"grouped question in-process (before): {_ms(in_process)}")
        print(f"grouped question in the sandbox (now, guard included): {_ms(in_child)}")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            sandbox.run(engine.sandbox_of(con), "SELECT length(repeat('x', 1500000000))", [])
            outcome = "answered"
        except (sandbox.QueryFailed, sandbox.QueryStopped) as exc:
            outcome = str(exc)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(
            f"repeat('x', 1.5e9) in the sandbox: {time.perf_counter() - started:.2f} s, "
            f"{outcome!r}, this process grew {grown:.0f} MB"
        )
        con.close()


if __name__ == "__main__":
    main()
