"""CSV and TSV parsing: encoding, delimiter and header detection, types and values."""

from __future__ import annotations

import csv
import datetime as dt
import string
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ColumnType, FileKind, ParseLimits, ParseResult
from symphainy.content.sniff import sniff
from symphainy.content.tables.markers import MARKERS

ParseFn = Callable[..., ParseResult]


def test_latin1_semicolon_csv_with_decimal_comma(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "ventes.csv"
    path.write_bytes(
        "client;ville;montant;date\n"
        "Amélie;Besançon;12,50;2024-01-05\n"
        "Jérôme;Zürich;7,25;2024-02-11\n"
        "Zoë;Málaga;100,00;2024-03-30\n".encode("latin-1")
    )
    result = parse(path)
    assert result.kind is FileKind.dataset
    table = result.tables[0]
    assert table.details["delimiter"] == ";"
    # A short sample is ambiguous between single-byte code pages; the values must decode right.
    assert table.details["encoding"] not in ("utf-8", "ascii")
    assert table.rows == 3
    assert [c.name for c in table.columns] == ["client", "ville", "montant", "date"]
    types = {c.name: c.type for c in table.columns}
    assert types["montant"] is ColumnType.decimal
    assert types["date"] is ColumnType.date
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["ville"] == ["Besançon", "Zürich", "Málaga"]
    assert data["montant"] == [12.5, 7.25, 100.0]
    assert data["date"][0] == dt.date(2024, 1, 5)


def test_tsv_with_identifier_and_category(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "customers.tsv"
    lines = ["customer_id\tcode\tregion\tscore"]
    for i in range(1, 41):
        lines.append(f"{i}\tCUST-{i:04d}\t{['North', 'South', 'East'][i % 3]}\t{i * 1.5}")
    path.write_text("\n".join(lines) + "\n")
    table = parse(path).tables[0]
    assert table.details["delimiter"] == "\t"
    assert table.rows == 40
    types = {c.name: c.type for c in table.columns}
    assert types == {
        "customer_id": ColumnType.identifier,
        "code": ColumnType.identifier,
        "region": ColumnType.category,
        "score": ColumnType.float,
    }


def test_headerless_csv_gets_generated_names(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "raw.csv"
    path.write_text("1,Alice,3.5,true\n2,Bob,4.25,false\n3,Carol,2.0,true\n")
    table = parse(path).tables[0]
    assert table.details["header"] is False
    assert table.rows == 3
    assert [c.name for c in table.columns] == ["column_1", "column_2", "column_3", "column_4"]
    assert table.columns[3].type is ColumnType.boolean
    assert pq.read_table(table.parquet_path).column("column_2").to_pylist() == [
        "Alice",
        "Bob",
        "Carol",
    ]


def test_header_names_are_cleaned_and_deduplicated(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(" name ,name,,amount\nA,B,x,1\nC,D,y,2\n")
    columns = parse(path).tables[0].columns
    assert [c.name for c in columns] == ["name", "name_2", "column_3", "amount"]
    assert columns[0].source_name == " name "
    assert columns[1].source_name == "name"
    assert columns[3].source_name is None


def test_single_letter_t_f_columns_stay_text(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "grades.csv"
    path.write_text("student,grade,passed\nAda,F,true\nLinus,T,false\n")
    table = parse(path).tables[0]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["grade"] == ["F", "T"]
    assert data["passed"] == [True, False]


def test_timestamps_and_integers_get_arrow_types(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "event,at,count\nopen,2024-05-01 10:00:00,3\nclose,2024-05-01 18:30:00,4\n"
        "open,2024-05-02 09:15:00,5\n"
    )
    table = parse(path).tables[0]
    types = {c.name: c.type for c in table.columns}
    assert types["at"] is ColumnType.datetime
    assert types["count"] is ColumnType.integer
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["at"][1] == dt.datetime(2024, 5, 1, 18, 30)
    assert data["count"] == [3, 4, 5]


def test_invalid_utf8_after_a_valid_start_is_reported(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "broken.csv"
    body = "".join(f"{i},row {i}\n" for i in range(150_000)).encode()
    path.write_bytes(b"id,label\n" + body + b"20001,caf\xe9\xff\xfe\n")
    with pytest.raises(Exception, match="UTF-8") as info:
        parse(path)
    assert type(info.value).__name__ == "ParseError"


_cell = st.text(alphabet=string.ascii_letters + " ,\"'", min_size=1, max_size=12).filter(
    # Booleans ("yes"/"no"/"true"/"false"/"y"/"n") and the missing-value markers (NaN, null,
    # ...) are read as such by design; every other text round-trips.
    lambda s: (
        s.strip() == s
        and s.lower() not in ("yes", "no", "true", "false", "y", "n")
        and s not in MARKERS
    )
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.integers(-10_000, 10_000), _cell, st.booleans()), min_size=2, max_size=25
    )
)
def test_csv_round_trip_preserves_values(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[int, str, bool]]
) -> None:
    directory = tmp_path_factory.mktemp("roundtrip")
    path = directory / "table.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["number", "label", "flag"])
        writer.writerows(rows)
    sniffed = sniff(path, path.name)
    result = parse_file(path, sniffed, directory / "out", ParseLimits())
    data = pq.read_table(result.tables[0].parquet_path).to_pydict()
    assert data["number"] == [r[0] for r in rows]
    assert data["label"] == [r[1] for r in rows]
    assert data["flag"] == [r[2] for r in rows]


def test_a_late_value_that_breaks_the_sampled_type_rescans(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "late.csv"
    path.write_text("code\n" + "".join(f"{i}\n" for i in range(60_000)) + "pending\n")
    table = parse(path).tables[0]
    assert table.rows == 60_001
    values = pq.read_table(table.parquet_path).column("code").to_pylist()
    assert values[-2:] == ["59999", "pending"]


def test_short_rows_are_padded_with_nulls(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n6,7,8\n")
    table = parse(path).tables[0]
    assert pq.read_table(table.parquet_path).column("c").to_pylist() == [3, None, 8]
