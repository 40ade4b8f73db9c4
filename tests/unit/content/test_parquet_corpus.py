"""Parquet files written by Spark, Impala and Rust: whatever pyarrow reads is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from symphainy.content import ingest
from symphainy.content.parsers.base import ParseResult

ParseFn = Callable[..., ParseResult]
DATA = Path(__file__).resolve().parents[2] / "data" / "parquet"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.parquet")))
def test_real_parquet_files_are_read_and_indexable(name: str, parse: ParseFn) -> None:
    table = parse(DATA / name).tables[0]
    assert table.rows == pq.ParquetFile(DATA / name).metadata.num_rows
    assert ingest._row_specs(table, 0, 1000)  # every value converts for search indexing


def test_int96_out_of_range_is_text_with_a_note(parse: ParseFn) -> None:
    table = parse(DATA / "int96_from_spark.parquet").tables[0]
    column = table.columns[0]
    assert column.reading["notes"] == ["values outside the years 1 to 9999 kept as text"]
    values = pq.read_table(table.parquet_path).column(0).to_pylist()
    assert values[0] == "2024-01-01T20:34:56"
    assert "9999-12-31T03:00:00" in values


def test_impala_nested_structs_become_dotted_columns(parse: ParseFn) -> None:
    table = parse(DATA / "nullable.impala.parquet").tables[0]
    names = [c.name for c in table.columns]
    assert any(name.startswith("nested_struct.") for name in names)
