"""Execution accuracy of Insights "ask" on WikiSQL questions (gold SQL over single tables).

Each WikiSQL table is written as the CSV a user would upload and read by the product's own CSV
parser (``content.parsers.delimited``) into Parquet; each question runs through
``insights.ask.answer`` on a locked DuckDB connection over it. The reference answer is the gold
SQL executed over the same table with WikiSQL's own semantics (``lib/dbengine.py``: text
compared lower-cased, ``real`` columns as numbers). Right, wrong and asked back are counted
separately; the held-out part is every table whose id hashes to 0 mod 3 (split by table, so
nothing tuned on a dev table is scored again on held-out).

    # once: a sample of N dev questions with their tables, from the release's two files
    .venv/bin/python benchmarks/ask/wikisql_benchmark.py --make-sample 400 \
        --questions dev.jsonl --tables dev.tables.jsonl
    .venv/bin/python benchmarks/ask/wikisql_benchmark.py --split dev --show wrong
    .venv/bin/python benchmarks/ask/wikisql_benchmark.py --split held-out

Without the sample (``wikisql/dev_sample.jsonl``) there is nothing to score and the script says
so: see the README beside it for why the tables are not in this repository.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from symphainy.content.parsers import delimited  # noqa: E402
from symphainy.content.parsers.base import ParseLimits, no_progress  # noqa: E402
from symphainy.insights import engine  # noqa: E402
from symphainy.insights.ask import answer  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "wikisql" / "dev_sample.jsonl"
AGGS = ["", "MAX", "MIN", "COUNT", "SUM", "AVG"]
OPS = ["=", ">", "<"]


@dataclass
class Example:
    table: dict[str, Any]
    question: str
    sql: dict[str, Any]

    @property
    def held_out(self) -> bool:
        return held_out(self.table["id"])


def held_out(table_id: str) -> bool:
    return int(hashlib.sha256(table_id.encode()).hexdigest(), 16) % 3 == 0


def make_sample(questions: Path, tables: Path, n: int, out: Path) -> int:
    """``n`` dev questions, whole tables at a time, tables picked in hash order (no choice by
    content), each line carrying its table so the sample stands alone."""
    by_id = {}
    with tables.open(encoding="utf-8") as fh:
        for line in fh:
            table = json.loads(line)
            by_id[table["id"]] = table
    asked: dict[str, list[dict[str, Any]]] = {}
    with questions.open(encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            asked.setdefault(q["table_id"], []).append(q)
    order = sorted(asked, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    written = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for table_id in order:
            if written >= n:
                break
            for q in asked[table_id]:
                row = {"table": by_id[table_id], "question": q["question"], "sql": q["sql"]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return written


def load(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example(**json.loads(line)) for line in fh if line.strip()]


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = str(value).strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _real(value: Any) -> float | None:
    """A ``real`` cell or condition as WikiSQL reads it: the number, or the first number in it."""
    number = _num(value)
    if number is None:
        found = re.findall(r"[-+]?\d*\.\d+|\d+", str(value))
        number = float(found[0]) if found else None
    return number


def _holds(cell: Any, op: int, value: Any, real: bool) -> bool:
    """One WikiSQL condition on one cell: numbers on ``real`` columns, else lower-cased text."""
    x: Any
    v: Any
    if real:
        x, v = _real(cell), _real(value)
        if x is None or v is None:
            return False
    else:
        x, v = str(cell).strip().lower(), str(value).strip().lower()
    return bool((op == 0 and x == v) or (op == 1 and x > v) or (op == 2 and x < v))


def gold(table: dict[str, Any], sql: dict[str, Any]) -> list[Any]:
    """The gold SQL's result over the table, as WikiSQL's engine computes it."""
    types = table["types"]
    kept = [
        row[sql["sel"]]
        for row in table["rows"]
        if all(_holds(row[c], op, v, types[c] == "real") for c, op, v in sql["conds"])
    ]
    agg = AGGS[sql["agg"]]
    values: list[Any] = [
        _real(v) if types[sql["sel"]] == "real" else str(v).strip().lower() for v in kept
    ]
    if agg == "":
        return values
    if agg == "COUNT":
        return [sum(v is not None for v in values)]
    present = [v for v in values if v is not None]
    if not present:
        return [None]
    if agg in ("MAX", "MIN"):
        return [max(present) if agg == "MAX" else min(present)]
    numbers = [_real(v) or 0.0 for v in present]
    return [sum(numbers) if agg == "SUM" else sum(numbers) / len(numbers)]


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    x, y = _num(a), _num(b)
    if x is not None and y is not None:
        return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-6)
    return str(a).strip().lower() == str(b).strip().lower()


def _multiset_equal(got: list[Any], want: list[Any]) -> bool:
    if len(got) != len(want):
        return False
    left = list(want)
    for value in got:
        for i, w in enumerate(left):
            if _same(value, w):
                del left[i]
                break
        else:
            return False
    return True


def judge(expected: list[Any], result: dict[str, Any]) -> str:
    """Right when one answered column holds exactly the gold values (order aside)."""
    if not result.get("answered"):
        return "asked back"
    rows = result["evidence"]["rows"]
    if not rows:
        return "right" if not expected or expected == [None] else "wrong"
    for i in range(len(rows[0])):
        if _multiset_equal([r[i] for r in rows], expected):
            return "right"
    return "wrong"


def _headers(header: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    names = []
    for i, name in enumerate(header):
        name = name.strip() or f"Column {i + 1}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _file_name(table: dict[str, Any]) -> str:
    title = table.get("page_title") or table.get("caption") or table["id"]
    return re.sub(r"[^\w\- ]+", " ", title).strip()[:80] or table["id"]


def run(examples: list[Example], split: str, show: set[str]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    cons: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ex in examples:
            if (split == "dev" and ex.held_out) or (split == "held-out" and not ex.held_out):
                continue
            table_id = ex.table["id"]
            if table_id not in cons:
                folder = Path(tmp) / table_id
                folder.mkdir()
                path = folder / f"{_file_name(ex.table)}.csv"
                with path.open("w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(_headers(ex.table["header"]))
                    writer.writerows(ex.table["rows"])
                parsed = delimited.parse(path, folder, ParseLimits(), no_progress)
                cons[table_id] = (engine.connect(parsed.tables[0].parquet_path, locked=True), path)
            con, path = cons[table_id]
            expected = gold(ex.table, ex.sql)
            result = answer(con, ex.question, dataset_key=("wikisql", table_id), name=path.name)
            verdict = judge(expected, result)
            counts[verdict] += 1
            if verdict in show:
                sel = ex.table["header"][ex.sql["sel"]]
                conds = [(ex.table["header"][c], OPS[o], v) for c, o, v in ex.sql["conds"]]
                print(f"[{verdict}] {table_id}: {ex.question}")
                print(f"    gold: {AGGS[ex.sql['agg']]}({sel}) where {conds} -> {expected[:5]}")
                if result.get("answered"):
                    print(f"    got: {result['answer'][:200]}")
                else:
                    print(f"    back: {result['answer'][:200]}")
        for con, _path in cons.values():
            con.close()
    total = sum(counts.values())
    return {
        "split": split,
        "questions": total,
        "tables": len(cons),
        "right": counts["right"],
        "wrong": counts["wrong"],
        "asked_back": counts["asked back"],
        "right_pct": round(100 * counts["right"] / total, 1) if total else 0.0,
        "wrong_pct": round(100 * counts["wrong"] / total, 1) if total else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="all")
    parser.add_argument("--show", default="", help="comma list: wrong, asked back, right")
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--make-sample", type=int, metavar="N")
    parser.add_argument("--questions", type=Path, help="WikiSQL dev.jsonl (with --make-sample)")
    parser.add_argument("--tables", type=Path, help="dev.tables.jsonl (with --make-sample)")
    args = parser.parse_args()
    if args.make_sample:
        if not (args.questions and args.tables):
            parser.error("--make-sample needs --questions and --tables")
        n = make_sample(args.questions, args.tables, args.make_sample, args.sample)
        print(f"wrote {n} questions to {args.sample}")
        return
    if not args.sample.exists():
        sys.exit(
            f"no WikiSQL sample at {args.sample}: the dev tables are not in this repository "
            "(see benchmarks/ask/wikisql/README.md); make one with --make-sample"
        )
    show = {s.strip() for s in args.show.split(",") if s.strip()}
    print(json.dumps(run(load(args.sample), args.split, show), indent=2))


if __name__ == "__main__":
    main()
