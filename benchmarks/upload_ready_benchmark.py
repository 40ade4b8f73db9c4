"""Seconds from upload to ready for real files, over HTTP, as a user meets them (issue 19).

    .venv/bin/python benchmarks/upload_ready_benchmark.py paper.pdf thesis.pdf --then table.csv

A real server (``symphainy serve``, embedded defaults: SQLite, local disk, in-process jobs) on
a fresh data directory; one user uploads the given files one after the other, then the
``--then`` files right behind them, as fast as the API accepts them. Each file is polled every
0.2 s; for each the benchmark reports, from the moment its upload was accepted:

- ready: status ``ready`` (preview, outline, profile, questions and keyword search work);
- usable: the preview answered and a keyword search for a word of the file found it;
- semantic: ``summary.semantic.status`` became ``available`` (documents only).

``ready_benchmark.py`` times the same stages in-process on a generated PDF; this one goes
through the queue, the HTTP API and real documents nobody here wrote (their sources are in
docs/quality.md; they are not committed: fetched material stays out of the repository).
Reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from local_server import signed_in_client, start_server, stop

PASSWORD = "upload-Bench-2026!"  # noqa: S105 - a throwaway server's user
POLL_S = 0.2
PATIENCE_S = 900.0


@dataclass
class Timing:
    """What one uploaded file went through, in seconds from its accepted upload."""

    name: str
    size: int
    file_id: str
    accepted_at: float
    ready: float | None = None
    usable: float | None = None
    semantic: float | None = None
    status: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def _search_word(client: httpx.Client, file_id: str) -> str | None:
    """A longer word from the file's preview, to check that keyword search finds the file."""
    preview = client.get(f"/api/v1/files/{file_id}/preview")
    if preview.status_code != 200:
        return None
    words = re.findall(r"[A-Za-z]{9,}", preview.text)
    return words[len(words) // 2] if words else None


def _usable(client: httpx.Client, journey_id: str, timing: Timing) -> bool:
    word = _search_word(client, timing.file_id)
    if word is None:
        return False
    hits = client.get(f"/api/v1/journeys/{journey_id}/search", params={"q": word, "limit": 50})
    if hits.status_code != 200:
        return False
    timing.detail["search_word"] = word
    return timing.file_id in hits.text


def run(files: list[Path], then: list[Path], keep: Path | None = None) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="symphainy-ready-") as tmp:
        workdir = Path(tmp)
        if keep is not None:  # the data directory and server.log stay for a look afterwards
            keep.mkdir(parents=True, exist_ok=True)
            workdir = keep
        process, url = start_server(workdir)
        try:
            client = signed_in_client(url, "ready@example.com", PASSWORD, "Ready Bench")
            journey = client.post(
                "/api/v1/journeys", json={"title": "Ready bench", "goals": ["time uploads"]}
            )
            journey.raise_for_status()
            journey_id = journey.json()["id"]
            timings: list[Timing] = []
            for path in [*files, *then]:
                with path.open("rb") as fh:
                    made = client.post(
                        f"/api/v1/journeys/{journey_id}/files", files={"file": (path.name, fh)}
                    )
                made.raise_for_status()
                timings.append(
                    Timing(path.name, path.stat().st_size, made.json()["id"], time.monotonic())
                )
            _poll(client, journey_id, timings)
            return timings
        finally:
            stop(process)


def _poll(client: httpx.Client, journey_id: str, timings: list[Timing]) -> None:
    """Every file's status first, then the slower usability checks, so that waiting on one
    file's search never delays noticing that another is ready."""
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        open_ = [
            t
            for t in timings
            if t.status != "failed"
            and (t.semantic is None or t.usable is None or t.detail.get("tables_open"))
        ]
        if not open_:
            return
        for timing in open_:
            _observe(client.get(f"/api/v1/files/{timing.file_id}").json(), timing)
        for timing in open_:
            if (
                timing.ready is not None
                and timing.usable is None
                and _usable(client, journey_id, timing)
            ):
                timing.usable = time.monotonic() - timing.accepted_at
        time.sleep(POLL_S)


def _observe(body: dict[str, Any], timing: Timing) -> None:
    now = time.monotonic() - timing.accepted_at
    timing.status = body["status"]
    summary = body.get("summary") or {}
    if timing.status == "failed":
        timing.detail["error"] = body.get("error") or summary
        return
    if timing.status == "ready" and timing.ready is None:
        timing.ready = now
        timing.detail["pages"] = summary.get("pages")
        timing.detail["rows"] = summary.get("rows")
    semantic = summary.get("semantic") or {}
    if timing.ready is None:
        return
    if timing.semantic is not None:
        pass  # seen already (polling goes on while the PDF's tables are read)
    elif body.get("kind") != "document":
        timing.semantic = -1.0  # not a document: nothing to wait for
    elif semantic.get("status") == "available":
        timing.semantic = now
        timing.detail["passages"] = semantic.get("chunks")
    elif semantic.get("status") in ("failed", "unavailable"):
        timing.detail["semantic"] = semantic
        timing.semantic = -1.0
    # A PDF's tables are read after its semantic index (lower priority): wait for them too.
    tables = summary.get("document_tables") or {}
    timing.detail["tables_open"] = bool(tables) and tables.get("status") not in ("done", "failed")
    if tables.get("status") == "done" and "tables_done" not in timing.detail:
        timing.detail["tables_done"] = now


def _fmt(value: float | None) -> str:
    if value is None:
        return "not reached"
    return "-" if value < 0 else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="uploaded first, in this order")
    parser.add_argument("--then", nargs="*", type=Path, default=[], help="uploaded right behind")
    parser.add_argument("--keep", type=Path, help="data directory to keep (server.log is in it)")
    args = parser.parse_args()
    load = os.getloadavg()
    started = time.monotonic()
    timings = run(args.files, args.then, args.keep)
    print(f"load average at start {load[0]:.1f}; whole run {time.monotonic() - started:.0f} s")
    print(
        f"{'file':34} {'KB':>7} {'pages/rows':>10} {'ready s':>8} {'usable s':>9} "
        f"{'semantic s':>10} {'tables s':>8}"
    )
    for t in timings:
        extent = t.detail.get("pages") or t.detail.get("rows") or ""
        print(
            f"{t.name[:34]:34} {t.size / 1024:7.0f} {extent!s:>10} {_fmt(t.ready):>8} "
            f"{_fmt(t.usable):>9} {_fmt(t.semantic):>10} {_fmt(t.detail.get('tables_done')):>8}"
            + (f"  {t.status}: {t.detail.get('error')}" if t.status == "failed" else "")
        )


if __name__ == "__main__":
    main()
