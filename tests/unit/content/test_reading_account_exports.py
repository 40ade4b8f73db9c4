"""Account exports of banks and payment services (issue 12, seventh blind set).

Each rule is checked on data written for the test, not on the corpus files that showed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import ParseResult
from symphainy.content.parsers.delimited import _explain
from symphainy.content.parsers.dialect import detect_dialect

ParseFn = Callable[..., ParseResult]

_BLOCK = [
    "Rekening;NL91ABNA0417164300",
    "Periode;01-03-2024 t/m 31-03-2024",
    "Eindsaldo;1.204,17;EUR",
    "",
]
_BODY = [
    "Datum;Omschrijving;Bedrag;Valuta",
    *[f"{d:02d}-03-2024;Winkel {d};-{d * 3},{d:02d};EUR" for d in range(1, 7)],
]


def test_an_account_block_above_a_short_table_does_not_hide_its_delimiter() -> None:
    assert detect_dialect(_BLOCK + _BODY) == (";", '"')


def test_lines_of_another_width_below_the_first_table_line_still_count() -> None:
    """Only lines above the table are left out: a sample that is mostly other widths after
    its first line of the modal width is not one table."""
    lines = ["a;b;c", "1;2;3", "x", "y", "z", "w", "v"]
    assert detect_dialect(lines) is None


def test_a_short_account_export_with_a_block_above_reads_as_a_table(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "rekening.csv"
    path.write_text("\n".join(_BLOCK + _BODY) + "\n", encoding="utf-8")
    table = pq.read_table(parse(path).tables[0].parquet_path)
    assert table.num_rows == 6
    assert table.column_names[:3] == ["Datum", "Omschrijving", "Bedrag"]
    assert pa.types.is_floating(table.schema.field("Bedrag").type)
    assert table.column("Bedrag").to_pylist()[1] == -6.02


def test_a_table_duckdb_cannot_split_is_explained_without_its_words() -> None:
    error = duckdb.InvalidInputException(
        'Error when sniffing file "/tmp/x/.source-utf8.csv".\n'
        "It was not possible to automatically detect the CSV parsing dialect"
    )
    message = _explain(error)
    assert "sniffing" not in message
    assert ".source-utf8" not in message
    assert "columns" in message
