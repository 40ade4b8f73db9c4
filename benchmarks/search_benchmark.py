"""Semantic search benchmark: embedding throughput and exact vector search latency.

    .venv/bin/python benchmarks/search_benchmark.py                      # full run, prints a table
    .venv/bin/python benchmarks/search_benchmark.py --sizes 10000 100000 --queries 100

Measures, in this process, with the NumPy all-MiniLM-L6-v2 encoder and the in-memory index:

(a) encode throughput in texts/s over ``--passages`` short business passages (built from a
    seeded vocabulary, 10-30 words each), after a warm-up batch, best of ``--encode-runs``;
(b) ``VectorIndex.search`` latency (k=10) p50/p95/p99 over ``--queries`` random unit queries,
    for each of ``--sizes`` random unit 384-d vectors, unfiltered and with a filter that
    accepts one id in ten (as a workspace filter would), plus build time and resident memory.

A benchmark reports numbers; the target (p95 under 50 ms at 100k vectors) is printed beside
them, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable

import numpy as np

from symphainy.content.embeddings import get_embedder
from symphainy.content.vector_index import VectorIndex

DIM = 384
TARGET_P95_MS_AT_100K = 50.0

_SUBJECTS = [
    "The vendor",
    "Our finance team",
    "Each invoice",
    "The onboarding process",
    "The warehouse",
    "Customer support",
    "The quarterly report",
    "A purchase order",
    "The data pipeline",
    "The project sponsor",
    "Every new hire",
    "The compliance review",
]
_VERBS = [
    "must be approved by",
    "is reconciled against",
    "is escalated to",
    "depends on",
    "is reviewed weekly by",
    "is blocked until",
    "reports to",
    "is measured against",
]
_OBJECTS = [
    "the regional manager",
    "the ledger",
    "the service-level agreement",
    "the payment terms",
    "the security policy",
    "the shipping schedule",
    "the annual budget",
    "the quality checklist",
    "the customer master data",
    "the procurement system",
    "the risk register",
]
_TAILS = [
    "within 30 days",
    "before the end of the quarter",
    "unless the amount exceeds $10,000",
    "after two failed attempts",
    "as described in the SOP",
    "for every site in Europe",
    "with a copy to legal",
    "so that duplicates are removed",
    "on the first business day",
]


def passages(count: int, seed: int = 7) -> list[str]:
    """Short, varied business sentences: two to three clauses each."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        clauses = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}."
            for _ in range(rng.randint(1, 3))
        ]
        texts.append(" ".join(clauses))
    return texts


def rss_mib() -> float:
    """This process's resident memory in MiB (Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def bench_encode(count: int, runs: int, batch_size: int) -> dict[str, float]:
    started = time.perf_counter()
    embedder = get_embedder()
    load_s = time.perf_counter() - started
    texts = passages(count)
    embedder.encode(texts[:batch_size], batch_size=batch_size)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        embedder.encode(texts, batch_size=batch_size)
        best = min(best, time.perf_counter() - started)
    words = statistics.mean(len(t.split()) for t in texts)
    return {
        "load_s": load_s,
        "seconds": best,
        "texts_per_s": count / best,
        "mean_words": words,
        "rss_mib": rss_mib(),
    }


def build_index(size: int, seed: int, chunk: int = 100_000) -> tuple[VectorIndex, float]:
    rng = np.random.default_rng(seed)
    index = VectorIndex(DIM)
    started = time.perf_counter()
    for start in range(0, size, chunk):
        n = min(chunk, size - start)
        vectors = rng.standard_normal((n, DIM), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.add([f"chunk-{i}" for i in range(start, start + n)], vectors)
        del vectors
    return index, time.perf_counter() - started


def time_searches(
    index: VectorIndex, queries: np.ndarray, allowed: Callable[[str], bool] | None
) -> list[float]:
    index.search(queries[0], 10, allowed=allowed)  # warm-up
    latencies = []
    for query in queries:
        started = time.perf_counter()
        index.search(query, 10, allowed=allowed)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def bench_search(size: int, query_count: int) -> dict[str, float]:
    index, build_s = build_index(size, seed=size)
    rng = np.random.default_rng(1)
    queries = rng.standard_normal((query_count, DIM), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    plain = time_searches(index, queries, None)
    filtered = time_searches(index, queries, lambda id_: id_.endswith("7"))
    row = {"size": float(size), "build_s": build_s, "rss_mib": rss_mib()}
    for name, samples in (("plain", plain), ("filtered", filtered)):
        for q in (50, 95, 99):
            row[f"{name}_p{q}"] = percentile(samples, q)
    del index
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--encode-runs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-encode", action="store_true")
    args = parser.parse_args()

    print(f"# search benchmark ({os.cpu_count()} CPUs, numpy {np.__version__})\n")
    if not args.skip_encode:
        enc = bench_encode(args.passages, args.encode_runs, args.batch_size)
        print("## encode (all-MiniLM-L6-v2, NumPy)\n")
        print("| passages | mean words | batch | model load s | seconds | texts/s | RSS MiB |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        print(
            f"| {args.passages} | {enc['mean_words']:.1f} | {args.batch_size} "
            f"| {enc['load_s']:.2f} | {enc['seconds']:.2f} | {enc['texts_per_s']:.0f} "
            f"| {enc['rss_mib']:.0f} |\n",
            flush=True,
        )

    print(f"## search (k=10, {args.queries} queries; filter keeps 1 id in 10)\n")
    print(
        "| vectors | build s | RSS MiB | p50 ms | p95 ms | p99 ms "
        "| filtered p50 | filtered p95 | filtered p99 |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
    for size in args.sizes:
        row = bench_search(size, args.queries)
        print(
            f"| {size:,} | {row['build_s']:.2f} | {row['rss_mib']:.0f} "
            f"| {row['plain_p50']:.2f} | {row['plain_p95']:.2f} | {row['plain_p99']:.2f} "
            f"| {row['filtered_p50']:.2f} | {row['filtered_p95']:.2f} "
            f"| {row['filtered_p99']:.2f} |",
            flush=True,
        )
    print(f"\ntarget: p95 under {TARGET_P95_MS_AT_100K:.0f} ms at 100,000 vectors (not asserted)")


if __name__ == "__main__":
    main()
