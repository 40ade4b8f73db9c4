"""The rules added after the first corpus: 0/1 flags, serial dates, quote characters, sheets
holding several tables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from symphainy.content.parsers.base import ParseResult
from symphainy.content.tables.flags import names_a_flag

ParseFn = Callable[..., ParseResult]


def _read(
    tmp_path: Path, parse: ParseFn, text: str, name: str = "t.csv"
) -> tuple[Any, dict[str, list[Any]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    table = parse(path).tables[0]
    return table, pq.read_table(table.parquet_path).to_pydict()


def test_zero_one_under_a_flag_header_is_a_boolean(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "id,is_active,children\n1,1,0\n2,0,1\n3,1,1\n")
    assert data["is_active"] == [True, False, True]
    assert data["children"] == [0, 1, 1]  # a count of 0 or 1 stays a number
    active = next(c for c in table.columns if c.name == "is_active")
    assert "header names a flag" in " ".join(active.reading["notes"])


def test_zero_one_with_markers_under_a_flag_header(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "name,Paid?\nA,1\nB,NA\nC,0\n")
    assert data["Paid?"] == [True, None, False]


def test_zero_one_without_a_flag_header_stays_a_number(tmp_path: Path, parse: ParseFn) -> None:
    # seaborn's titanic: the mean of survived is the survival rate, as pandas reads it.
    _, data = _read(tmp_path, parse, "survived,fare\n0,7.25\n1,71.28\n1,7.92\n")
    assert data["survived"] == [0, 1, 1]


def test_only_one_state_is_not_a_flag(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "id,has_email\n1,1\n2,1\n")
    assert data["has_email"] == [1, 1]


def test_flag_names() -> None:
    for name in ("is_active", "isActive", "has email", "Paid?", "fraud_flag", "smoker_yn"):
        assert names_a_flag(name), name
    for name in ("survived", "children", "is", "island", "hash", "display_count", "class"):
        assert not names_a_flag(name), name
