"""SymphAIny against the tools a user would otherwise pick: same machine, same files, one run.

    .venv/bin/python benchmarks/peers_benchmark.py --peer-python /tmp/peers/bin/python

1. CSV profiling: our CSV -> Parquet parse plus the DuckDB profile and quality assessment, vs
   ydata-profiling ``ProfileReport(df, minimal=True)`` (pandas read included), if installed.
2. PDF text extraction: our PDF parser (pypdfium2 + pdfplumber: text, sections, chunks) vs
   pypdf ``extract_text`` and markitdown ``convert``.
3. Request throughput: ``foundation_benchmark.py`` (GET /api/v1/journeys vs a bare FastAPI
   endpoint under the same uvicorn).
4. Search latency at 10k / 100k / 1M vectors: ``search_benchmark.py --skip-encode``.

Peers run in ``--peer-python`` (a throwaway venv, so they never enter the project's lock);
a peer that is not installed there is reported as skipped. Each timing is the best of
``--repeat`` runs after imports, so interpreter start-up and imports are not counted for
anyone. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEER_SCRIPT = r"""
import json, sys, time
kind, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
def best(fn):
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t)
    return min(times), out
try:
    if kind == "ydata":
        import pandas as pd
        from ydata_profiling import ProfileReport
        import ydata_profiling
        version = ydata_profiling.__version__
        def run():
            df = pd.read_csv(path)
            return len(ProfileReport(df, minimal=True, progress_bar=False).to_json())
    elif kind == "pypdf":
        import pypdf
        version = pypdf.__version__
        def run():
            reader = pypdf.PdfReader(path)
            return sum(len(p.extract_text() or "") for p in reader.pages)
    elif kind == "markitdown":
        from importlib.metadata import version as v
        from markitdown import MarkItDown
        version = v("markitdown")
        converter = MarkItDown()
        def run():
            return len(converter.convert(path).text_content)
except ImportError as exc:
    print(json.dumps({"skipped": str(exc)})); sys.exit(0)
seconds, size = best(run)
print(json.dumps({"seconds": seconds, "output": size, "version": version}))
"""


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return min(times), out


def peer(python: str, kind: str, path: Path, repeat: int) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [python, "-c", PEER_SCRIPT, kind, str(path), str(repeat)],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"skipped": str(exc)}
    if done.returncode != 0:
        return {"skipped": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def make_csv(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    states = ["paid", "open", "late", "disputed", ""]
    with path.open("w") as f:
        f.write(
            "invoice_id,supplier,country,amount,tax,discount,quantity,due_on,paid_on,"
            "state,email,note\n"
        )
        for i in range(rows):
            amount = rnd.lognormvariate(6, 1.2)
            f.write(
                f"{i},Supplier {rnd.randint(1, 400)},{rnd.choice(['FR', 'DE', 'NL', 'US'])},"
                f"{amount:.2f},{amount * 0.2:.2f},{rnd.choice(['', '0.05', '0.1'])},"
                f"{rnd.randint(1, 50)},2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},"
                f"{'' if rnd.random() < 0.3 else '2026-05-01'},{rnd.choice(states)},"
                f"ap{rnd.randint(1, 90)}@example.com,{'late fee' if rnd.random() < 0.1 else ''}"
                "\n"
            )


def ours_csv(path: Path, work: Path) -> int:
    from symphainy.content.parsers import parse_file
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.content.sniff import sniff
    from symphainy.insights import engine, quality
    from symphainy.insights import profile as profiling

    out = Path(tempfile.mkdtemp(dir=work))
    result = parse_file(path, sniff(path, path.name), out, ParseLimits())
    table = result.tables[0]
    semantic = {c.name: c.type.value for c in table.columns}
    con = engine.connect(table.parquet_path)
    try:
        prof = profiling.profile(con, semantic)
        assessed = quality.assess(con, prof, semantic)
    finally:
        con.close()
    return len(json.dumps({"profile": prof, "quality": assessed}, default=str))


def make_pdf(path: Path, pages: int) -> None:
    import weasyprint

    rnd = random.Random(3)
    words = [
        "invoice",
        "approval",
        "supplier",
        "payment",
        "ledger",
        "manager",
        "finance",
        "policy",
        "exception",
        "audit",
        "threshold",
        "quarter",
        "review",
        "process",
        "owner",
        "control",
        "evidence",
    ]
    body = "".join(
        f"<h2>Section {n}</h2>"
        + "".join(
            "<p>" + " ".join(rnd.choice(words) for _ in range(90)) + ".</p>" for _ in range(5)
        )
        + "<div style='page-break-after: always'></div>"
        for n in range(pages)
    )
    path.write_bytes(weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf())


def ours_pdf(path: Path, work: Path) -> int:
    from symphainy.content.parsers import parse_file
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.content.parsers.pdf import read_tables
    from symphainy.content.sniff import sniff

    out = Path(tempfile.mkdtemp(dir=work))
    result = parse_file(path, sniff(path, path.name), out, ParseLimits())
    assert result.document is not None
    # The platform reads a PDF's tables in jobs after the file is ready; both are timed here,
    # so "tables included" in the row's name stays true.
    read_tables(path, result.document.table_pages)
    return sum(len(s.text) for s in result.document.sections)


def ratio_row(name: str, ours_s: float, peers: dict[str, dict[str, Any]]) -> list[str]:
    rows = [f"| {name}: SymphAIny | {ours_s:.2f} | 1.00 | |"]
    for label, result in peers.items():
        if "seconds" in result:
            rows.append(
                f"| {name}: {label} {result['version']} | {result['seconds']:.2f} | "
                f"{result['seconds'] / ours_s:.2f} | output {result['output']:,} chars |"
            )
        else:
            rows.append(f"| {name}: {label} | skipped | | {result['skipped'][:80]} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer-python", default=sys.executable)
    parser.add_argument("--csv-rows", type=int, default=200_000)
    parser.add_argument(
        "--pdf-pages",
        type=int,
        default=None,
        help="pages of the generated PDF; default: 60, within the parser's table page limit, so "
        "the pdfplumber table pass is part of what is timed",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["csv", "pdf", "throughput", "search"]
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="symphainy-peers-") as tmp:
        work = Path(tmp)
        print(
            "| measure | seconds (best of "
            f"{args.repeat}) | time vs SymphAIny | note |\n| --- | --- | --- | --- |"
        )
        if "csv" not in args.skip:
            csv_path = work / "invoices.csv"
            make_csv(csv_path, args.csv_rows)
            ours_s, _ = best_of(args.repeat, lambda: ours_csv(csv_path, work))
            ydata = peer(args.peer_python, "ydata", csv_path, args.repeat)
            label = f"CSV profile {args.csv_rows:,} rows × 12 cols"
            print(
                "\n".join(ratio_row(label, ours_s, {"ydata-profiling minimal": ydata})), flush=True
            )
        if "pdf" not in args.skip:
            from symphainy.content.parsers.pdf import TABLE_PAGE_LIMIT

            args.pdf_pages = args.pdf_pages or min(60, TABLE_PAGE_LIMIT)
            # Past the limit our parser reads tables on the first pages only and does less.
            tables = (
                "tables included"
                if args.pdf_pages <= TABLE_PAGE_LIMIT
                else f"tables read on pages 1-{TABLE_PAGE_LIMIT} only"
            )
            pdf_path = work / "policy.pdf"
            make_pdf(pdf_path, args.pdf_pages)
            ours_s, chars = best_of(args.repeat, lambda: ours_pdf(pdf_path, work))
            peers = {
                "pypdf": peer(args.peer_python, "pypdf", pdf_path, args.repeat),
                "markitdown": peer(args.peer_python, "markitdown", pdf_path, args.repeat),
            }
            print(
                "\n".join(
                    ratio_row(
                        f"PDF text {args.pdf_pages} pages, {tables} ({chars:,} chars)",
                        ours_s,
                        peers,
                    )
                ),
                flush=True,
            )
        if "throughput" not in args.skip:
            out = work / "foundation.json"
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "foundation_benchmark.py"),
                    "--duration",
                    "10",
                    "--startup-runs",
                    "1",
                    "--json",
                    str(out),
                ],
                check=False,
                stdout=subprocess.DEVNULL,
            )
            if out.exists():
                print(f"\nthroughput (foundation_benchmark.py): {out.read_text()}", flush=True)
        if "search" not in args.skip:
            print("\n", flush=True)
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "search_benchmark.py"),
                    "--skip-encode",
                    "--sizes",
                    *map(str, args.sizes),
                ],
                check=False,
            )


if __name__ == "__main__":
    main()
