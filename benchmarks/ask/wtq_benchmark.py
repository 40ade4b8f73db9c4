"""Execution accuracy of Insights "ask" on WikiTableQuestions (public questions over public tables).

WikiTableQuestions (Pasupat & Liang 2015, CC-BY-SA 4.0) pairs questions written by crowd
workers with Wikipedia tables and the answer values. The sample (``wtq/sample.jsonl``) was drawn
once, with a fixed seed, from the release's test portion (``pristine-unseen-tables``) among
questions whose table is one plain table (see ``table_is_plain``); it carries each table's
header and rows so it stands alone. Tables are split in two by a hash of their file name:
``dev`` (looked at and tuned on) and ``test`` (scored once before any tuning, the blind figure).

Each table is written as the CSV a user would upload, read by the product's own CSV parser
(``content.parsers.delimited``) into Parquet, and each question runs through
``insights.ask.answer`` on a locked DuckDB connection over it. An answer is **right** when one
answered column holds exactly the answer values (as a set, after the normalisation in
``normal_value``: case, accents, thousands separators, numbers as numbers, dates as dates),
**wrong** when it answers anything else, and **asked back** when it replies with a question.

    # once (needs a checkout of github.com/ppasupat/WikiTableQuestions, or its bare git dir)
    .venv/bin/python benchmarks/ask/wtq_benchmark.py --make-sample 400 --wtq PATH
    .venv/bin/python benchmarks/ask/wtq_benchmark.py --split test      # the blind figure
    .venv/bin/python benchmarks/ask/wtq_benchmark.py --split dev --show "wrong,asked back"
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
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

SAMPLE = Path(__file__).resolve().parent / "wtq" / "sample.jsonl"
SOURCE = "data/pristine-unseen-tables.tsv"
SEED = 13


@dataclass
class Example:
    id: str
    question: str
    answers: list[str]
    table: dict[str, Any]  # {"id": "csv/204-csv/149.csv", "header": [...], "rows": [[...]]}

    @property
    def split(self) -> str:
        return split_of(self.table["id"])


def split_of(table_id: str) -> str:
    """``test`` or ``dev``, by table: no table is in both."""
    return "test" if int(hashlib.sha256(table_id.encode()).hexdigest(), 16) % 2 == 0 else "dev"


def unescape(field: str) -> str:
    """A field of the release's TSV files: ``\\n`` newline, ``\\p`` pipe, ``\\\\`` backslash."""
    return re.sub(r"\\([np\\])", lambda m: {"n": "\n", "p": "|", "\\": "\\"}[m.group(1)], field)


def read_tsv_table(text: str) -> tuple[list[str], list[list[str]]]:
    lines = [line for line in text.split("\n") if line != ""]
    cells = [[unescape(f).replace("\n", " ").strip() for f in line.split("\t")] for line in lines]
    return (cells[0], cells[1:]) if cells else ([], [])


def table_is_plain(header: list[str], rows: list[list[str]]) -> bool:
    """One plain table: a header of distinct, non-empty names, every row as wide as the header,
    at least two rows, and no row repeating the header (a second table stacked below)."""
    names = [h.strip().lower() for h in header]
    if len(rows) < 2 or any(not n for n in names) or len(set(names)) != len(names):
        return False
    if any(len(r) != len(header) for r in rows):
        return False
    return not any([c.strip().lower() for c in r] == names for r in rows)


def _git_show(repo: Path, path: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def _read(repo: Path, path: str) -> str:
    if (repo / path).exists():
        return (repo / path).read_text(encoding="utf-8")
    return _git_show(repo, path)


def make_sample(repo: Path, n: int, out: Path, seed: int = SEED) -> int:
    """``n`` questions drawn at random (``seed``) among those whose table is plain."""
    lines = _read(repo, SOURCE).split("\n")
    fields = lines[0].split("\t")
    examples = [dict(zip(fields, line.split("\t"), strict=True)) for line in lines[1:] if line]
    tables: dict[str, tuple[list[str], list[list[str]]] | None] = {}
    eligible = []
    for ex in examples:
        context = ex["context"]
        if context not in tables:
            header, rows = read_tsv_table(_read(repo, context.replace(".csv", ".tsv")))
            tables[context] = (header, rows) if table_is_plain(header, rows) else None
        if tables[context] is not None:
            eligible.append(ex)
    picked = sorted(random.Random(seed).sample(eligible, n), key=lambda e: e["id"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for ex in picked:
            table = tables[ex["context"]]
            assert table is not None
            row = {
                "id": ex["id"],
                "question": unescape(ex["utterance"]),
                "answers": [unescape(v) for v in ex["targetValue"].split("|")],
                "table": {"id": ex["context"], "header": table[0], "rows": table[1]},
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(eligible)} of {len(examples)} questions have a plain table", file=sys.stderr)
    return len(picked)


def load(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example(**json.loads(line)) for line in fh if line.strip()]


_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%B %d %Y")


def _date(text: str) -> dt.date | None:
    text = text.split("T")[0].split(" 00:00:00")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def normal_value(value: Any) -> Any:
    """A value as the judge compares it: a number, a date, or plain lower-case text."""
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else round(float(value), 6)
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().strip("\"'").rstrip(".").strip().lower()
    plain = text.replace(",", "")
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", plain):
        return round(float(plain), 6)
    day = _date(str(value).strip())
    if day is not None:
        return day.isoformat()
    return text


def judge(answers: list[str], result: dict[str, Any]) -> str:
    """Right when one answered column holds exactly the answer values, as a set."""
    if not result.get("answered"):
        return "asked back"
    rows = result["evidence"]["rows"]
    want = {normal_value(a) for a in answers}
    for i in range(len(rows[0]) if rows else 0):
        if {normal_value(r[i]) for r in rows} == want:
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


def run(examples: list[Example], split: str, show: set[str]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    cons: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ex in examples:
            if split != "all" and ex.split != split:
                continue
            table_id = ex.table["id"]
            if table_id not in cons:
                folder = Path(tmp) / table_id.replace("/", "_")
                folder.mkdir()
                path = folder / "data.csv"
                with path.open("w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(_headers(ex.table["header"]))
                    writer.writerows(ex.table["rows"])
                parsed = delimited.parse(path, folder, ParseLimits(), no_progress)
                cons[table_id] = (engine.connect(parsed.tables[0].parquet_path, locked=True), path)
            con, path = cons[table_id]
            try:
                result = answer(con, ex.question, dataset_key=("wtq", table_id), name=path.name)
            except Exception as exc:
                result = {"answered": True, "answer": f"error: {exc!r}", "evidence": {"rows": []}}
                counts["errors"] += 1
            verdict = judge(ex.answers, result)
            counts[verdict] += 1
            if verdict in show:
                print(f"[{verdict}] {ex.id} {table_id}: {ex.question}")
                print(f"    header: {ex.table['header']}")
                print(f"    expected: {ex.answers}")
                print(f"    got: {result['answer'][:240]}")
                if result.get("answered") and result.get("evidence", {}).get("sql"):
                    print(f"    sql: {result['evidence']['sql'][:240]}")
        for con, _path in cons.values():
            con.close()
    total = counts["right"] + counts["wrong"] + counts["asked back"]
    return {
        "split": split,
        "questions": total,
        "tables": len(cons),
        "right": counts["right"],
        "wrong": counts["wrong"],
        "asked_back": counts["asked back"],
        "errors (counted as wrong)": counts["errors"],
        "right_pct": round(100 * counts["right"] / total, 1) if total else 0.0,
        "wrong_pct": round(100 * counts["wrong"] / total, 1) if total else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--show", default="", help="comma list: wrong, asked back, right")
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--make-sample", type=int, metavar="N")
    parser.add_argument("--wtq", type=Path, help="WikiTableQuestions checkout or git dir")
    args = parser.parse_args()
    if args.make_sample:
        if not args.wtq:
            parser.error("--make-sample needs --wtq")
        n = make_sample(args.wtq, args.make_sample, args.sample)
        print(f"wrote {n} questions to {args.sample}")
        return
    show = {s.strip() for s in args.show.split(",") if s.strip()}
    print(json.dumps(run(load(args.sample), args.split, show), indent=2))


if __name__ == "__main__":
    main()
