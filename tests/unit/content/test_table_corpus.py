"""The product's reading of real public tables against an independent reader's (pandas)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "table_reading_benchmark", ROOT / "benchmarks" / "table_reading_benchmark.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return _benchmark().run()  # type: ignore[no-any-return]


def test_every_corpus_file_is_read(report: dict[str, object]) -> None:
    files = report["files"]
    assert isinstance(files, list) and len(files) >= 40
    assert [f["file"] for f in files if f["error"]] == READ_AS_TEXT


# Files the product reads as text, not as a table (a refusal in the benchmark's count, not a
# wrong reading): four lines of words split by single spaces, no column of figures; a short
# list or prose is read as text rather than guessed into a table (ninth blind set, open).
READ_AS_TEXT = ["readr__whitespace-sample.txt"]


def test_columns_are_typed_as_the_independent_reader_types_them(report: dict[str, object]) -> None:
    summary = report["summary"]
    assert isinstance(summary, dict)
    # Measured 1.0 typed and 0.995 missing over the seen files (dev + test), 1.0 on the first
    # and second blind sets after their first scorings (0.919 and 0.930 at those first runs)
    # and 1.0 on the third at its first run, 1.0 on the fourth after its fixes (0.722 typed at
    # its first run) (docs/quality.md), 0.997 on the fifth after its fixes (0.671 typed at its
    # first run), 0.997 typed and 0.993 missing on the sixth after its fixes (0.592 typed and
    # 3 files refused at its first run), 0.993 on the seventh and 1.0 on the eighth after
    # their fixes (0.867 and 0.904 typed at their first runs), 0.942 on the ninth after its
    # fixes (0.710 typed at its first run: three files refused); below these floors is a
    # regression.
    assert summary["seen"]["typed_share"] >= 0.98
    assert summary["seen"]["missing_share"] >= 0.99
    assert summary["blind"]["typed_share"] >= 0.98
    assert summary["blind2"]["typed_share"] >= 0.98
    assert summary["blind2"]["missing_share"] >= 0.98
    assert summary["blind3"]["typed_share"] >= 0.98
    assert summary["blind3"]["missing_share"] >= 0.98
    assert summary["blind4"]["typed_share"] >= 0.98
    assert summary["blind4"]["missing_share"] >= 0.98
    assert summary["blind5"]["typed_share"] >= 0.98
    assert summary["blind5"]["missing_share"] >= 0.98
    assert summary["blind6"]["typed_share"] >= 0.98
    assert summary["blind6"]["missing_share"] >= 0.98
    assert summary["blind7"]["typed_share"] >= 0.98
    assert summary["blind7"]["missing_share"] >= 0.98
    assert summary["blind8"]["typed_share"] >= 0.98
    assert summary["blind8"]["missing_share"] >= 0.98
    assert summary["blind9"]["typed_share"] >= 0.94
    assert summary["blind9"]["missing_share"] >= 0.94


def test_penguins_raw_reads_every_measurement_as_a_number(report: dict[str, object]) -> None:
    files = report["files"]
    assert isinstance(files, list)
    raw = next(f for f in files if f["file"] == "palmerpenguins__penguins-raw.csv")
    assert all(c["type_ok"] and c["missing_ok"] for c in raw["columns"])


@pytest.mark.parametrize(
    "name",
    ["messytables__large.xlsx", "fivethirtyeight__lebron.xlsx", "csvkit__ne_1033_data.xlsx"],
)
def test_report_sheets_read_as_their_first_table(report: dict[str, object], name: str) -> None:
    files = report["files"]
    assert isinstance(files, list)
    sheet = next(f for f in files if f["file"] == name)
    assert sheet["extra_columns"] == 0
    assert all(c["type_ok"] and c["missing_ok"] for c in sheet["columns"])
