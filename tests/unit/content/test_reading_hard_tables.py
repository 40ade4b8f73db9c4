"""Rules added after the fourth blind set's first run (hard real tables; issue 12).

Each test builds its own small table showing the general case, not a corpus file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from symphainy.content.parsers.base import ParseResult
from symphainy.content.tables.markers import is_typed_marker
from symphainy.content.tables.numbers import parse_number
from tests.unit.content.workbooks import workbook

ParseFn = Callable[..., ParseResult]


def _read(tmp_path: Path, parse: ParseFn, text: str) -> tuple[Any, dict[str, list[Any]]]:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    table = parse(path).tables[0]
    return table, pq.read_table(table.parquet_path).to_pydict()


def test_a_year_and_a_word_in_the_header_is_a_name(tmp_path: Path, parse: ParseFn) -> None:
    text = "county,2023 votes,2021 votes,turnout\nA,1292,1311,66.1%\nB,1636,2505,44.6%\n"
    table, data = _read(tmp_path, parse, text)
    assert table.details["header"] is True
    assert data["2023 votes"] == [1292, 1636]


def test_a_first_row_of_measures_with_their_unit_below_is_data(
    tmp_path: Path, parse: ParseFn
) -> None:
    table, data = _read(tmp_path, parse, "12 kg,3 m\n13 kg,4 m\n15 kg,2 m\n")
    assert table.details["header"] is False
    assert len(next(iter(data.values()))) == 3


def test_suppressed_small_counts_are_missing_in_a_count_column(
    tmp_path: Path, parse: ParseFn
) -> None:
    text = "ward,code,recipients\nA,00AY,13\nB,00AZ,<10\nC,00BA,22\nD,00BB,< 10\n"
    table, data = _read(tmp_path, parse, text)
    assert data["recipients"] == [13, None, 22, None]
    assert any("<10" in d for d in table.details["reading"]["decisions"])


def test_a_bound_in_a_text_column_stays_text() -> None:
    assert is_typed_marker("<10") and is_typed_marker("< 5")
    assert not is_typed_marker("<1000") and not is_typed_marker("<a")


def test_money_with_a_magnitude_is_a_number(tmp_path: Path, parse: ParseFn) -> None:
    assert parse_number("$56.7M", ".").value == 56_700_000  # type: ignore[union-attr]
    assert parse_number("$537K", ".").value == 537_000  # type: ignore[union-attr]
    assert parse_number("£1.2bn", ".").value == 1_200_000_000  # type: ignore[union-attr]
    assert parse_number("12M", ".") is None  # no currency: possibly a code
    _t, data = _read(tmp_path, parse, "film,box_office\nA,$56.7M\nB,-\nC,$537K\nD,$6M\n")
    assert data["box_office"] == [56_700_000, None, 537_000, 6_000_000]


def test_a_row_of_descriptions_under_the_names_is_part_of_the_header(
    tmp_path: Path, parse: ParseFn
) -> None:
    rows: list[list[Any]] = [
        ["District data, statistics office"],
        ["Area", "Population", None, None],
        [None, "People", "Under 18", "Share under 18 in %"],
        [None, "Residents", "Children and young people", "Share of all residents"],
        ["North", 1675, 162, 9.7],
        ["South", 1914, 241, "."],
        ["East", 12301, 1334, 10.8],
    ]
    path = workbook(tmp_path / "profile.xlsx", rows, merged=("A2:A4", "B2:D2"))
    table = parse(path).tables[0]
    columns = list(pq.read_table(table.parquet_path).to_pydict().values())
    assert columns[0] == ["North", "South", "East"]
    assert columns[1] == [1675, 1914, 12301]
    assert columns[3] == [9.7, None, 10.8]


def test_a_text_row_over_a_text_table_is_not_a_second_header(
    tmp_path: Path, parse: ParseFn
) -> None:
    rows = [["name", "city", "n"], ["Bob", "Paris", "x"], ["Ann", "Rome", 12]]
    path = workbook(tmp_path / "names.xlsx", rows)
    data = pq.read_table(parse(path).tables[0].parquet_path).to_pydict()
    assert data["name"] == ["Bob", "Ann"]


def test_a_last_row_that_sums_the_rows_above_is_a_total(tmp_path: Path, parse: ParseFn) -> None:
    text = "id,name,voters,cdu,spd\n1,North,100,40,30\n2,South,200,90,50\n3,East,50,20,10\n"
    table, data = _read(tmp_path, parse, text + "BW,State,350,150,90\n")
    assert data["id"] == [1, 2, 3]
    assert data["voters"] == [100, 200, 50]
    assert table.details["reading"]["excluded_total_rows"][0]["label"] == "BW"


def test_a_last_row_that_does_not_sum_is_data(tmp_path: Path, parse: ParseFn) -> None:
    text = "id,name,voters,cdu,spd\n1,North,100,40,30\n2,South,200,90,50\n3,East,50,20,10\n"
    _t, data = _read(tmp_path, parse, text + "4,West,350,150,91\n")
    assert data["id"] == [1, 2, 3, 4]
