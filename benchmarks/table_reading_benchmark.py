"""Share of columns of real public tables typed as an analyst would, and missing counts exact.

The corpus is tests/data/tables (sources and licences in its README); the expected reading
was written by pandas with explicit options per file, checked by hand
(tests/data/tables/pandas_reference.py). Types are compared as an analyst sees them: number,
date, boolean or text, from the stored Parquet type. Columns are matched by position.
Reports the development, held-out (test) and blind splits apart, "seen" being dev + test (the
held-out split was looked at while fixing; the blind ones were not before their first scoring:
`blind` is the first blind set, `blind2` the second, `blind3` the third, `blind4` the fourth,
`blind5` the fifth, `blind6` the sixth, `blind7` the seventh, `blind8` the eighth, `blind9`
the ninth).
Asserts nothing.

    .venv/bin/python benchmarks/table_reading_benchmark.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "tables"


def kind_of(arrow_type: pa.DataType) -> str:
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
        return "number"
    if pa.types.is_decimal(arrow_type):
        return "number"
    if pa.types.is_date(arrow_type) or pa.types.is_timestamp(arrow_type):
        return "date"
    return "text"


def read_with_product(path: Path, out_dir: Path) -> list[dict[str, Any]]:
    """(name, kind, missing) of each column of the first table, as the product reads it."""
    from symphainy.content.parsers import parse_file
    from symphainy.content.parsers.base import ParseLimits
    from symphainy.content.sniff import sniff

    result = parse_file(path, sniff(path, path.name), out_dir, ParseLimits())
    table = pq.read_table(result.tables[0].parquet_path)
    return [
        {
            "name": field.name,
            "type": kind_of(field.type),
            "missing": table[field.name].null_count,
            "rows": table.num_rows,
        }
        for field in table.schema
    ]


def compare(name: str, expected: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    try:
        got = read_with_product(CORPUS / name, out_dir)
    except Exception as exc:  # a refusal counts against every column of the file
        got, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = None
    rows = []
    for position, want in enumerate(expected["columns"]):
        have = got[position] if position < len(got) else None
        rows.append(
            {
                "column": want["name"],
                "expected": want["type"],
                "got": have["type"] if have else "absent",
                # A column with no value has no type to get right: only its count counts.
                "type_ok": bool(have)
                and (have["type"] == want["type"] or want["missing"] == expected["rows"]),
                "missing_expected": want["missing"],
                "missing_got": have["missing"] if have else None,
                "missing_ok": bool(have and have["missing"] == want["missing"]),
            }
        )
    return {
        "file": name,
        "split": expected["split"],
        "columns": rows,
        "error": error,
        "extra_columns": max(0, len(got) - len(expected["columns"])),
        # Rows the product kept against the reference's (a total row it excludes by design
        # counts here as a difference: messytables excel_pasting).
        "rows_expected": expected["rows"],
        "rows_got": got[0]["rows"] if got else None,
    }


def run(verbose: bool = False, only: str | None = None) -> dict[str, Any]:
    expected = json.loads((CORPUS / "expected.json").read_text())
    if only:
        expected = {name: spec for name, spec in expected.items() if spec["split"] == only}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, spec) in enumerate(sorted(expected.items())):
            results.append(compare(name, spec, Path(tmp) / str(index)))
    summary: dict[str, Any] = {}
    every = (
        "dev",
        "test",
        "blind",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
    )
    groups = {"seen": ("dev", "test"), "all": every}
    for split in ("dev", "test", "seen", *every[2:], "all"):
        chosen = [r for r in results if r["split"] in groups.get(split, (split,))]
        columns = [c for r in chosen for c in r["columns"]]
        summary[split] = {
            "files": len(chosen),
            "columns": len(columns),
            "typed_as_expected": sum(c["type_ok"] for c in columns),
            "typed_share": round(sum(c["type_ok"] for c in columns) / max(len(columns), 1), 4),
            "missing_exact": sum(c["missing_ok"] for c in columns),
            "missing_share": round(sum(c["missing_ok"] for c in columns) / max(len(columns), 1), 4),
            "files_refused": sum(1 for r in chosen if r["error"]),
            "files_with_extra_columns": sum(1 for r in chosen if r["extra_columns"]),
            "files_rows_exact": sum(1 for r in chosen if r["rows_got"] == r["rows_expected"]),
        }
    if verbose:
        for r in results:
            bad = [c for c in r["columns"] if not (c["type_ok"] and c["missing_ok"])]
            if bad or r["error"] or r["extra_columns"]:
                print(f"{r['split']:4} {r['file']} error={r['error']} extra={r['extra_columns']}")
                for c in bad:
                    print(f"      {c}")
    return {"summary": summary, "files": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--split", help="score only the files of this split (e.g. blind2)")
    args = parser.parse_args()
    report = run(args.verbose, args.split)
    print(json.dumps(report["summary"], indent=2))


if __name__ == "__main__":
    main()
