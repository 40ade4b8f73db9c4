"""Execution accuracy of Insights "ask" on business questions over tables shipped in packages.

Each question runs through ``insights.ask.answer`` on a locked DuckDB connection over the table
written to Parquet; the answer's rows are compared with the pandas-computed answer in
``business_questions.py``. Right, wrong and asked back are counted separately. ``--speed`` also
times the parser on a 100k-row table (p50/p95 per question).

    .venv/bin/python benchmarks/ask/ask_benchmark.py --split dev --show wrong
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-2   # the second set
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-3   # the third (needs wheels)
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-4   # the fourth (same wheels)
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-5   # the fifth (same wheels)
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-6   # the sixth (see README)
    .venv/bin/python benchmarks/ask/ask_benchmark.py --split held-out-7   # the seventh (see README)
    .venv/bin/python benchmarks/ask/ask_benchmark.py --speed
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.ask.business_questions import HELD_OUT, QUESTIONS, Question  # noqa: E402
from benchmarks.ask.business_questions_2 import QUESTIONS_2  # noqa: E402
from benchmarks.ask.business_questions_3 import QUESTIONS_3, SOURCES, load3  # noqa: E402
from benchmarks.ask.business_questions_4 import NAMES_4, QUESTIONS_4, load4  # noqa: E402
from benchmarks.ask.business_questions_5 import NAMES_5, QUESTIONS_5, load5  # noqa: E402
from benchmarks.ask.business_questions_6 import NAMES_6, QUESTIONS_6, load6  # noqa: E402
from benchmarks.ask.business_questions_7 import NAMES_7, QUESTIONS_7, load7  # noqa: E402

from symphainy.core.errors import Invalid  # noqa: E402
from symphainy.insights import engine  # noqa: E402
from symphainy.insights.ask import answer, read  # noqa: E402

# table -> (loader, the file name a user would have uploaded)
TABLES: dict[str, tuple[str, str]] = {
    "cars": ("cars", "cars.json"),
    "penguins": ("penguins", "penguins.csv"),
    "weather": ("seattle_weather", "seattle-weather.csv"),
    "stocks": ("stocks", "stocks.csv"),
    "airports": ("airports", "airports.csv"),
    "iris": ("iris", "iris.json"),
    "barley": ("barley", "barley.json"),
    "riots": ("la_riots", "la-riots.csv"),
    "driving": ("driving", "driving.json"),
    # the second held-out set (business_questions_2.py)
    "burtin": ("burtin", "burtin.json"),
    "iowa": ("iowa_electricity", "iowa-electricity.csv"),
    "wheat": ("wheat", "wheat.json"),
    "crimea": ("crimea", "crimea.json"),
    "ohlc": ("ohlc", "ohlc.json"),
    "employment": ("us_employment", "us-employment.csv"),
}


def load(table: str) -> pd.DataFrame:
    loader = TABLES[table][0]
    if loader == "penguins":
        import palmerpenguins

        return palmerpenguins.load_penguins()
    from vega_datasets import local_data

    df: pd.DataFrame = getattr(local_data, loader)()
    if loader == "us_employment":  # its month is ISO text, a date once a user uploads the CSV
        df["month"] = pd.to_datetime(df["month"])
    return df


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _close(a: Any, b: Any) -> bool:
    x, y = _num(a), _num(b)
    if a is None and y is not None and math.isnan(y):
        return True  # SQL's NULL aggregate of a group with no values is pandas' NaN
    if x is None or y is None:
        return str(a).strip().lower() == str(b).strip().lower()
    if math.isnan(y):
        return math.isnan(x)
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=0.01)


_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:")


def _text_eq(cell: Any, expected: str) -> bool:
    text = str(cell).strip()
    if _ISO_TIME.match(text):
        text = text.replace("T", " ", 1)  # a timestamp written the ISO way or with a space
    text, exp = text.lower(), expected.strip().lower()
    return text == exp or (len(exp) == 10 and text.startswith(exp))  # a date vs a timestamp


def _key(value: Any) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def judge(kind: str, expected: Any, result: dict[str, Any]) -> str:
    if kind == "back":  # the table cannot answer it: a question back is the right outcome
        return "right" if not result.get("answered") else "wrong"
    if not result.get("answered"):
        return "asked back"
    rows = result["evidence"]["rows"]
    if kind == "value":
        ok = bool(rows) and len(rows) == 1 and any(_close(c, expected) for c in rows[0])
    elif kind == "label":
        ok = bool(rows) and any(_text_eq(c, str(expected)) for c in rows[0])
    elif kind == "groups":
        got = {str(r[0]): r[-1] for r in rows if r[0] is not None}
        got = {(k[:-2] if k.endswith(".0") else k): v for k, v in got.items()}
        ok = set(got) == set(expected) and all(_close(got[k], v) for k, v in expected.items())
    elif kind == "groups2":
        pairs = {
            (_key(r[0]), _key(r[1])): r[-1]
            for r in rows
            if len(r) >= 3 and r[0] is not None and r[1] is not None
        }
        ok = set(pairs) == set(expected) and all(_close(pairs[k], v) for k, v in expected.items())
    elif kind == "set":
        ok = False
        for i in range(len(rows[0]) if rows else 0):
            col = [r[i] for r in rows]
            if len(col) == len(expected) and all(any(_close(c, e) for c in col) for e in expected):
                ok = True
    elif kind == "top":
        ok = False
        for i in range(len(rows[0]) if rows else 0):
            col = [r[i] for r in rows[: len(expected)]]
            if len(col) == len(expected) and all(
                _close(c, e) for c, e in zip(col, expected, strict=False)
            ):
                ok = True
    else:
        raise ValueError(kind)
    return "right" if ok else "wrong"


# The blind sets from the fourth on: their questions, their tables' names, how to load a table.
LATER_SETS: dict[str, tuple[Any, dict[str, str], Any]] = {
    "held-out-4": (QUESTIONS_4, NAMES_4, load4),
    "held-out-5": (QUESTIONS_5, NAMES_5, load5),
    "held-out-6": (QUESTIONS_6, NAMES_6, load6),
    "held-out-7": (QUESTIONS_7, NAMES_7, load7),
}


def run(split: str, show: set[str]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    times: list[float] = []
    parse_times: list[float] = []
    names = {t: spec[1] for t, spec in TABLES.items()}
    questions: list[tuple[Question, bool]] = [(q, i in HELD_OUT) for i, q in enumerate(QUESTIONS)]
    if split == "held-out-2":
        questions = [(q, True) for q in QUESTIONS_2]
    if split == "held-out-3":
        questions = [(q, True) for q in QUESTIONS_3]
        names = {t: spec[2] for t, spec in SOURCES.items()}
        frames = {t: load3(t) for t in SOURCES}
    elif split in LATER_SETS:
        set_questions, set_names, set_load = LATER_SETS[split]
        questions = [(q, True) for q in set_questions]
        names = dict(set_names)
        frames = {t: set_load(t) for t in set_names}
    else:
        frames = {t: load(t) for t in TABLES}
    back: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for table, df in frames.items():
            paths[table] = Path(tmp) / f"{table}.parquet"
            df.to_parquet(paths[table], index=False)
        cons = {t: engine.connect(p, locked=True) for t, p in paths.items()}
        for q, held in questions:
            if (split == "dev" and held) or (split == "held-out" and not held):
                continue
            expected = q.expected(frames[q.table])
            if hasattr(expected, "item"):
                expected = expected.item()
            started = time.perf_counter()
            read(cons[q.table], q.text, dataset_key=q.table, name=names[q.table])
            parse_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            try:
                result = answer(cons[q.table], q.text, dataset_key=q.table, name=names[q.table])
            except Invalid as exc:  # the generated query failed: the user sees an error
                result = {"answered": None, "answer": str(exc)}
            times.append(time.perf_counter() - started)
            verdict = "error" if result["answered"] is None else judge(q.kind, expected, result)
            counts[verdict] += 1
            if q.kind == "back":
                back[verdict] += 1
            if verdict in show:
                print(f"[{verdict}] {q.table}: {q.text}")
                print(f"    expected: {str(expected)[:160]}")
                if result.get("answered"):
                    print(f"    got: {result['answer'][:200]}")
                    print(f"    sql: {result['evidence']['sql'][:200]}")
                else:
                    print(f"    back/error: {result['answer'][:240]}")
        for con in cons.values():
            con.close()
    total = sum(counts.values())
    times.sort()
    parse_times.sort()
    return {
        "split": split,
        "questions": total,
        "right": counts["right"],
        "wrong": counts["wrong"],
        "asked_back": counts["asked back"],
        "query_failed": counts["error"],
        "right_pct": round(100 * counts["right"] / total, 1) if total else 0.0,
        "wrong_pct": round(100 * counts["wrong"] / total, 1) if total else 0.0,
        "parse_p95_ms": _p95(parse_times),
        "answer_p95_ms": _p95(times),
        "unanswerable_asked_back_right": back["right"],
        "unanswerable_answered_wrong": back["wrong"],
    }


def _p95(times: list[float]) -> float | None:
    return round(1000 * times[int(0.95 * (len(times) - 1))], 1) if times else None


def speed(rows: int = 100_000) -> dict[str, Any]:
    """Per-question times on ``rows`` rows: the parse (reading the question, with the value
    index built once per dataset version) and the whole answer (parse + the bounded query)."""
    out = {}
    for table in ("penguins", "cars", "weather"):
        df = load(table)
        big = pd.concat([df] * (rows // len(df) + 1), ignore_index=True).iloc[:rows]
        if "Name" in big.columns:  # many distinct names: a realistic value index
            big["Name"] = big["Name"] + " " + (big.index // len(df)).astype(str)
        parse: list[float] = []
        whole: list[float] = []
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.parquet"
            big.to_parquet(path, index=False)
            con = engine.connect(path, locked=True)
            key = ("speed", table)
            started = time.perf_counter()
            read(con, "how many rows", dataset_key=key, name=TABLES[table][1])
            index_ms = round(1000 * (time.perf_counter() - started), 1)
            for q in [q for q in QUESTIONS if q.table == table]:
                started = time.perf_counter()
                read(con, q.text, dataset_key=key, name=TABLES[table][1])
                parse.append(time.perf_counter() - started)
                started = time.perf_counter()
                answer(con, q.text, dataset_key=key, name=TABLES[table][1])
                whole.append(time.perf_counter() - started)
            con.close()
        parse.sort()
        whole.sort()
        out[table] = {
            "rows": rows,
            "questions": len(parse),
            "first_question_ms (builds the value index)": index_ms,
            "parse_p50_ms": round(1000 * parse[len(parse) // 2], 1),
            "parse_p95_ms": _p95(parse),
            "answer_p50_ms": round(1000 * whole[len(whole) // 2], 1),
            "answer_p95_ms": _p95(whole),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--split",
        choices=[
            "dev",
            "held-out",
            "held-out-2",
            "held-out-3",
            "held-out-4",
            "held-out-5",
            "held-out-6",
            "held-out-7",
            "all",
        ],
        default="all",
    )
    parser.add_argument("--show", default="", help="comma list: wrong, asked back, right")
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()
    show = {s.strip() for s in args.show.split(",") if s.strip()}
    print(json.dumps(run(args.split, show), indent=2))
    if args.speed:
        print(json.dumps(speed(), indent=2))


if __name__ == "__main__":
    main()
