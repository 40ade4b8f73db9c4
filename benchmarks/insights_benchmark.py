"""Profile + quality of a 1,000,000-row x 20-column CSV, against DuckDB's bare SUMMARIZE.

Every contender runs in a fresh subprocess; seconds are wall time of the work inside it and peak
memory is the subprocess' maximum resident set size (``os.wait4``). Contenders:

* ``insights``: the product path once the CSV is stored: the Content pillar's CSV parser writes
  the Parquet, then the Insights profile and quality assessment read it (both timed, separately
  and together);
* ``profile_quality_only``: the profile and quality of that Parquet again, in a fresh process,
  for the memory they take without the parse;
* ``summarize_csv`` / ``summarize_parquet``: ``SUMMARIZE`` of the same file with DuckDB alone;
* ``ydata``: ydata-profiling in minimal mode, when an interpreter that has it is given with
  ``--ydata-python`` (it is not a dependency of the product).

Run: ``.venv/bin/python benchmarks/insights_benchmark.py [--rows 1000000] [--ydata-python PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GENERATE = """
COPY (
  SELECT
    'C-' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_id,
    (i * 7919) % 100000 AS account_no,
    ['North', 'South', 'East', 'West', 'north', ' South'][1 + (i % 6)] AS region,
    ['NY', 'Boston', 'Chicago', 'Denver', 'N.Y.'][1 + (i * 13 % 5)] AS city,
    round(random() * 1000, 2) AS amount,
    CASE WHEN i % 997 = 0 THEN 1000000 ELSE round(random() * 50, 2) END AS fee,
    (random() * 100)::INTEGER AS quantity,
    round(random(), 4) AS discount,
    CASE WHEN i % 10 = 0 THEN NULL ELSE round(random() * 5, 1) END AS rating,
    DATE '2024-01-01' + (i % 900)::INTEGER AS order_date,
    TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i % 5000000) AS updated_at,
    'user' || (i % 250000) || CASE WHEN i % 500 = 0 THEN '-at-example.com'
                                   ELSE '@example.com' END AS email,
    '+44 20 ' || lpad(CAST(i % 10000000 AS VARCHAR), 8, '0') AS phone,
    ['card', 'cash', 'transfer'][1 + (i % 3)] AS payment,
    i % 2 = 0 AS is_member,
    CASE WHEN i % 3 = 0 THEN 'gold' WHEN i % 3 = 1 THEN 'silver' ELSE NULL END AS tier,
    md5(CAST(i AS VARCHAR)) AS token,
    (random() * 1000)::INTEGER AS score,
    CASE WHEN i % 50 = 0 THEN 'n/a' ELSE CAST((i % 300) AS VARCHAR) || '.50' END AS price_text,
    'Order ' || i || ' for ' || ['widgets', 'gadgets', 'tools'][1 + (i % 3)] AS note
  FROM range({rows}) AS t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""


def child_insights(csv: str, work: str) -> dict[str, Any]:
    from symphainy.content.parsers import delimited
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.insights import engine, profile, quality

    out_dir = Path(work)
    cpu0 = time.process_time()
    started = time.perf_counter()
    parsed = delimited.parse(Path(csv), out_dir, ParseLimits(), lambda *_a, **_k: None)
    table = parsed.tables[0]
    parse_s = time.perf_counter() - started
    parse_cpu = time.process_time() - cpu0
    semantic = {c.name: c.type.value for c in table.columns}
    started = time.perf_counter()
    cpu_p = time.process_time()
    con = engine.connect(table.parquet_path)
    prof = profile.profile(con, semantic)
    profile_cpu = time.process_time() - cpu_p
    profile_s = time.perf_counter() - started
    cpu1 = time.process_time()
    started = time.perf_counter()
    report = quality.assess(con, prof, semantic)
    quality_s = time.perf_counter() - started
    cpu2 = time.process_time()
    return {
        "parse_cpu_s": parse_cpu,
        "profile_plus_quality_cpu_s": cpu2 - cpu1 + profile_cpu,
        "parse_csv_to_parquet_s": parse_s,
        "profile_s": profile_s,
        "quality_s": quality_s,
        "profile_plus_quality_s": profile_s + quality_s,
        "rows": prof["rows"],
        "columns": prof["column_count"],
        "findings": len(report["findings"]),
        "score": report["score"],
        "parquet": str(table.parquet_path),
        "semantic": json.dumps(semantic),
    }


def child_profile(parquet: str, semantic_json: str) -> dict[str, Any]:
    """Profile + quality of the stored Parquet alone, in a fresh process (its own peak RSS)."""
    from symphainy.insights import engine, profile, quality

    semantic = json.loads(semantic_json)  # the parser's column types, as the product has them
    started = time.perf_counter()
    cpu = time.process_time()
    con = engine.connect(Path(parquet))
    prof = profile.profile(con, semantic)
    report = quality.assess(con, prof, semantic)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "findings": len(report["findings"]),
    }


def child_summarize(path: str) -> dict[str, Any]:
    import duckdb

    started = time.perf_counter()
    cpu = time.process_time()
    reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
    sql = f"SUMMARIZE SELECT * FROM {reader}('{path}')"  # noqa: S608 (our own temp path)
    rows = duckdb.connect().execute(sql).fetchall()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "columns": len(rows),
    }


YDATA = """
import json, sys, time
import pandas as pd
from ydata_profiling import ProfileReport
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
report = ProfileReport(frame, minimal=True, progress_bar=False)
report.get_description()
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def measure(command: list[str]) -> dict[str, Any]:
    """Run ``command``; its JSON answer plus wall seconds and peak RSS of that process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    if status != 0:
        raise RuntimeError(
            f"{command[:3]} failed: {process.stderr.read().decode()[-2000:]}"
            if process.stderr
            else "failed"
        )
    result = json.loads(text.strip().splitlines()[-1])
    # CPU seconds (user + system, all threads) are reported beside wall time: on a shared
    # machine they show the work done, whatever else was running.
    result.update(
        process_wall_s=wall,
        process_cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,
    )
    return dict(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--ydata-python", default=os.environ.get("YDATA_PYTHON", ""))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        children = {
            "insights": child_insights,
            "profile": child_profile,
            "summarize": child_summarize,
        }
        answer = children[kind](*rest)
        print(json.dumps(answer))
        return
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "bench.csv"
        started = time.perf_counter()
        duckdb.connect().execute(GENERATE.format(rows=args.rows, path=csv))
        print(
            f"generated {args.rows:,} rows x 20 columns, {csv.stat().st_size / 2**20:.0f} MiB "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        me = [sys.executable, __file__, "--child"]
        work = Path(tmp) / "work"
        work.mkdir()
        results: dict[str, Any] = {"rows": args.rows, "cpus": os.cpu_count()}
        results["insights"] = measure([*me, "insights", str(csv), str(work)])
        results["profile_quality_only"] = measure(
            [*me, "profile", results["insights"]["parquet"], results["insights"]["semantic"]]
        )
        results["summarize_csv"] = measure([*me, "summarize", str(csv)])
        results["summarize_parquet"] = measure([*me, "summarize", results["insights"]["parquet"]])
        if args.ydata_python:
            results["ydata_minimal"] = measure([args.ydata_python, "-c", YDATA, str(csv)])
        else:
            results["ydata_minimal"] = "skipped: no --ydata-python interpreter given"
        ours = results["insights"]
        results["ratios"] = {
            "profile_plus_quality_vs_summarize_parquet": ours["profile_plus_quality_s"]
            / results["summarize_parquet"]["seconds"],
            "profile_plus_quality_cpu_vs_summarize_parquet_cpu": ours["profile_plus_quality_cpu_s"]
            / results["summarize_parquet"]["cpu_s"],
            "profile_plus_quality_vs_summarize_csv": ours["profile_plus_quality_s"]
            / results["summarize_csv"]["seconds"],
            "parse_plus_profile_plus_quality_vs_summarize_csv": (
                ours["parse_csv_to_parquet_s"] + ours["profile_plus_quality_s"]
            )
            / results["summarize_csv"]["seconds"],
        }
        if isinstance(results["ydata_minimal"], dict):
            y = results["ydata_minimal"]
            results["ratios"]["ydata_seconds_over_ours"] = y["seconds"] / (
                ours["parse_csv_to_parquet_s"] + ours["profile_plus_quality_s"]
            )
            results["ratios"]["ours_peak_rss_over_ydata"] = ours["peak_rss_mib"] / y["peak_rss_mib"]
            # On a shared machine wall time depends on the neighbours; CPU time much less.
            results["ratios"]["ydata_process_cpu_over_ours"] = (
                y["process_cpu_s"] / ours["process_cpu_s"]
            )
        print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
