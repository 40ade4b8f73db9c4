"""Seconds until an uploaded PDF is usable, and what its semantic index costs after that.

    .venv/bin/python benchmarks/ready_benchmark.py [--pages 36] [--rounds 2]

In one process, on one generated document (``peers_benchmark.make_pdf``: headed sections of
business words, ``--pages`` pages), it times the two stages a parse job used to run back to
back: parsing (text, sections, tables, chunks: the file is usable after this) and embedding
every passage that semantic search needs. Before issue 19 the file became ``ready`` after both;
now it is ready after the first, and the second runs as separate lower-priority jobs, so a file
uploaded behind it waits for one embedding batch (``semantic_index.BATCH`` passages) at most.

The embedding is timed with both encoders, the NumPy forward pass (before) and onnxruntime
(now, the default when installed), in alternating ``--rounds`` so the machine's load falls on
both alike, on the generated PDF's passages and on public text nobody here wrote (passages of
the Python documentation's topics, ``pydoc_data``, cut by the product's own chunker); it reports
how far the two encoders' vectors are apart. CPU time is reported beside wall time because the
machine may be shared. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import symphainy  # noqa: F401 - first: the server's one-thread OpenBLAS default, before NumPy loads

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers_benchmark import make_pdf


def public_passages(limit: int) -> list[str]:
    """Passages of the Python documentation's topics, cut by the product's chunker."""
    import pydoc_data.topics

    from symphainy.content.chunking import chunk_sections
    from symphainy.content.parsers.base import Section

    topics = pydoc_data.topics.topics
    sections = [Section(title=n, heading_path=[n], text=topics[n]) for n in sorted(topics)]
    return [c.text for c in chunk_sections(sections)][:limit]


def timed(encode: Callable[[list[str]], Any], texts: list[str]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = encode(texts)
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=36)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--public", type=int, default=200, help="public passages to embed")
    args = parser.parse_args()
    import numpy as np

    from symphainy.content.embeddings import Embedder
    from symphainy.content.parsers import parse_file
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.content.semantic_index import BATCH
    from symphainy.content.sniff import sniff

    work = Path(tempfile.mkdtemp(prefix="ready-"))
    pdf = work / "report.pdf"
    make_pdf(pdf, args.pages)
    encoders = {"numpy": Embedder(engine="numpy"), "onnxruntime": Embedder(engine="onnxruntime")}
    for encoder in encoders.values():
        encoder.encode(["warm up"])
    wall, cpu = time.perf_counter(), time.process_time()
    result = parse_file(pdf, sniff(pdf, pdf.name), work / "out", ParseLimits())
    parse_wall, parse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.document is not None
    sets = {
        f"{args.pages}-page PDF": [c.text for c in result.document.chunks],
        "public (Python docs)": public_passages(args.public),
    }
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    vectors: dict[tuple[str, str], Any] = {}
    for _ in range(args.rounds):
        for name, texts in sets.items():
            for engine, encoder in encoders.items():
                # NumPy as it ran before issue 19 (batches of 32), onnxruntime as it runs now.
                size = 32 if engine == "numpy" else 8
                w, c, v = timed(lambda t, e=encoder, b=size: e.encode(t, batch_size=b), texts)
                times.setdefault((name, engine), []).append((w, c))
                vectors[(name, engine)] = v

    def best(name: str, engine: str) -> tuple[float, float]:
        runs = times[(name, engine)]
        return min(w for w, _ in runs), min(c for _, c in runs)

    pdf_name = f"{args.pages}-page PDF"
    print(f"| {pdf_name}, {len(sets[pdf_name])} passages | wall s | CPU s |")
    print("| --- | --- | --- |")
    print(f"| parse (ready now) | {parse_wall:.2f} | {parse_cpu:.2f} |")
    pdf_wall, _ = best(pdf_name, "onnxruntime")
    numpy_wall, _ = best(pdf_name, "numpy")
    print(f"| ready before issue 19 (parse + NumPy embedding) | {parse_wall + numpy_wall:.2f} | |")
    batch = min(BATCH, len(sets[pdf_name]))
    print(
        f"| longest wait of a file queued behind it, now (one batch of {batch}) | "
        f"{pdf_wall * batch / max(1, len(sets[pdf_name])):.2f} | |"
    )
    print()
    print(
        "| passages | encoder | wall s (best) | CPU s (best) | CPU x | max abs diff | min cosine |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, texts in sets.items():
        ref = vectors[(name, "numpy")]
        ref_cpu = best(name, "numpy")[1]
        for engine in encoders:
            w, c = best(name, engine)
            v = vectors[(name, engine)]
            cosine = float((v * ref).sum(axis=1).min())
            print(
                f"| {name}, {len(texts)} | {engine} | {w:.2f} | {c:.2f} | {ref_cpu / c:.1f} | "
                f"{float(np.abs(v - ref).max()):.1e} | {cosine:.7f} |"
            )


if __name__ == "__main__":
    main()
