"""Seconds until an uploaded PDF is usable, before and after semantic indexing left the parse.

    .venv/bin/python benchmarks/ready_benchmark.py [--pages 36]

In one process, on one generated document (``peers_benchmark.make_pdf``: headed sections of
business words, ``--pages`` pages), it times the two stages a parse job used to run back to
back: parsing (text, sections, tables, chunks: the file is usable after this) and embedding
every passage that semantic search needs. Before issue 19 the file became ``ready`` after both;
now it is ready after the first, and the second runs as separate lower-priority jobs, so a file
uploaded behind it waits for one embedding batch (``semantic_index.BATCH`` passages) at most.
CPU time is reported beside wall time because the machine may be shared. Reported, never
asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers_benchmark import make_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=36)
    args = parser.parse_args()
    from symphainy.content.embeddings import get_embedder
    from symphainy.content.parsers import parse_file
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.content.semantic_index import BATCH
    from symphainy.content.sniff import sniff

    work = Path(tempfile.mkdtemp(prefix="ready-"))
    pdf = work / "report.pdf"
    make_pdf(pdf, args.pages)
    embedder = get_embedder()
    embedder.encode(["warm up"])
    wall, cpu = time.perf_counter(), time.process_time()
    result = parse_file(pdf, sniff(pdf, pdf.name), work / "out", ParseLimits())
    parse_wall, parse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.document is not None
    texts = [c.text for c in result.document.chunks]
    wall, cpu = time.perf_counter(), time.process_time()
    embedder.encode(texts)
    embed_wall, embed_cpu = time.perf_counter() - wall, time.process_time() - cpu
    batch_wall = embed_wall * min(BATCH, len(texts)) / max(1, len(texts))
    print(f"| {args.pages}-page PDF, {len(texts)} passages | wall s | CPU s |")
    print("| --- | --- | --- |")
    print(f"| parse (ready now) | {parse_wall:.2f} | {parse_cpu:.2f} |")
    print(f"| embed all passages | {embed_wall:.2f} | {embed_cpu:.2f} |")
    print(f"| ready before (parse + embed) | {parse_wall + embed_wall:.2f} | |")
    print(f"| longest wait of a file queued behind it, now (one batch) | {batch_wall:.2f} | |")


if __name__ == "__main__":
    main()
