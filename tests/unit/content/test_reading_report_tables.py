"""Report tables of statistics offices and health portals (issue 12, eighth blind set).

Each rule is checked on data written for the test, not on the corpus files that showed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import ParseResult
from symphainy.content.parsers.dialect import detect_dialect
from symphainy.content.tables import rows
from tests.unit.content.workbooks import workbook

ParseFn = Callable[..., ParseResult]

_TITLE = ["Ricoveri per regione e trimestre - Italia", "Anno: 2023", ""]
_REGIONS = ["Lazio", "Puglia", "Veneto", "Marche", "Umbria", "Molise", "Sicilia", "Liguria"]
_TABLE = [
    '"Regione";"T1";"T2";"T3";"T4";"Totale"',
    *[f'"{r}";{n};{n + 1};{n + 2};{n + 3};{4 * n + 6}' for n, r in enumerate(_REGIONS, 20)],
]
# Sources and notes under the table, one of them with a comma and another with a ";".
_NOTES = [
    "Fonte: Ministero della Salute, schede di dimissione ospedaliera",
    "Note:",
    " ",  # a line holding one space: a blank row under the first notes
    "I dati del 2023 sono provvisori, soggetti a revisione.",
    "Per le regioni con meno di 10 casi; vedere la tabella 2.",
    "Aggiornato al 15/01/2024, dopo la chiusura dei flussi.",
]


def _data(parse: ParseFn, path: Path) -> tuple[Any, dict[str, list[Any]]]:
    table = parse(path).tables[0]
    return table, pq.read_table(table.parquet_path).to_pydict()


def test_notes_below_a_short_table_do_not_hide_its_delimiter() -> None:
    assert detect_dialect(_TITLE + _TABLE + _NOTES) == (";", '"')


def test_prose_around_a_few_delimited_lines_is_still_not_a_table() -> None:
    """Lines of other widths between the first and last table lines still count against it."""
    lines = ["a;b;c", "x", "y", "1;2;3", "z", "w", "v", "u", "4;5;6"]
    assert detect_dialect(lines) is None


def test_source_and_notes_lines_before_a_blank_line_are_notes(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "ricoveri.csv"
    path.write_text("\n".join(_TITLE + _TABLE + _NOTES) + "\n", encoding="latin-1")
    table, data = _data(parse, path)
    assert data["Regione"] == _REGIONS
    assert data["T1"] == list(range(20, 28))
    assert table.details["reading"]["notes_below_rows"] == 6


def test_a_short_last_record_before_a_blank_line_stays_a_record() -> None:
    body = [[f"P{i}", f"D{i}", str(i), f"55{i}", f"p{i}@x.org"] for i in range(6)]
    tail = [["Zed", None, None, None, None], [None] * 5, ["Updated weekly by the front desk"]]
    records = [row + [None] * (5 - len(row)) for row in body + tail]
    table = pa.table({name: [r[i] for r in records] for i, name in enumerate("abcde")})
    assert rows.footer_rows(table) == 2  # the blank row and the note, not "Zed"


def test_a_lone_star_in_a_column_of_numbers_is_missing(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "shares.csv"
    path.write_text("field,count,share,note\nA,120,2.5,*\nB,3,*,\nC,80,1.7,*\nD,40,0.9,x\n")
    table, data = _data(parse, path)
    assert data["share"] == [2.5, None, 1.7, 0.9]
    assert data["note"] == ["*", None, "*", "x"]  # a footnote mark in a text column stays
    assert table.details["reading"]["missing_markers"]["*"] == {"columns": 1, "cells": 1}


def test_a_word_in_place_of_numbers_in_several_columns_is_the_files_marker(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "race.csv"
    path.write_text(
        "runner,lap1,lap2,age\nAnn,61.2,DNF,34\nBob,DNF,DNF,Adult\nCy,58.9,60.1,29\nDi,62,63.5,41\n"
    )
    table, data = _data(parse, path)
    assert data["lap1"] == [61.2, None, 58.9, 62.0]
    assert data["lap2"] == [None, None, 60.1, 63.5]
    # One column alone is no evidence: "Adult" among ages stays text.
    assert data["age"] == ["34", "Adult", "29", "41"]
    assert table.details["reading"]["missing_markers"]["DNF"] == {"columns": 2, "cells": 3}


def test_subtotal_rows_that_add_up_their_groups_are_excluded(
    tmp_path: Path, parse: ParseFn
) -> None:
    rows: list[list[Any]] = [
        ["Library loans (thousands)"],
        [],
        ["Branch", "Kind", "2022", "2021", "2020"],
        ["NORTH", None, None, None, None],
        [None, "Books", 40, 38, "n/a"],
        [None, "Films", 12, 10, 9],
        [None, "Subtotal", 52, 48, 9],
        ["SOUTH", None, None, None, None],
        [None, "Books", 30, 31, 29],
        [None, "Films", 8, 7, 5],
        [None, "Music", 2, 2, 2],
        [None, "Subtotal", 40, 40, 36],
        ["EAST", None, None, None, None],
        [None, "Books", 5, 6, 6],
        [None, "Subtotal", 5, 6, 6],
        ["WEST", None, None, None, None],
        [None, "Books", 7, 7, 8],
        [None, "Subtotal", 7, 7, 8],
        [None, "City total", 104, 101, 59],
    ]
    path = workbook(tmp_path / "loans.xlsx", rows)
    table, data = _data(parse, path)
    assert "Subtotal" not in data["Kind"] and "City total" not in data["Kind"]
    assert data["2022"] == [None, 40, 12, None, 30, 8, 2, None, 5, None, 7]
    labels = [t["label"] for t in table.details["reading"]["excluded_total_rows"]]
    assert labels == ["Subtotal"] * 4 + ["City total"]


def test_rows_named_total_that_do_not_add_up_stay_data(tmp_path: Path, parse: ParseFn) -> None:
    lines = ["team,result,points,goals,games"]
    for i in range(8):
        lines += [f"T{i},win,{i + 3},{i + 1},{i + 2}", f"T{i},Total,{i * 7 + 1},{i},{i + 9}"]
    path = tmp_path / "league.csv"
    path.write_text("\n".join(lines) + "\n")
    _t, data = _data(parse, path)
    assert len(data["team"]) == 16


def test_header_names_merged_over_a_units_row_join_it(tmp_path: Path, parse: ParseFn) -> None:
    """The row of years names fewer than 60% of the columns: it is still the header's top."""
    rows: list[list[Any]] = [
        ["Table 4"],
        ["Hospital beds by region, 2019-2021"],
        ["Region", 2019, None, 2020, None, 2021, None],
        [None, "Beds", "Per 1,000", "Beds", "Per 1,000", "Beds", "Per 1,000"],
        ["Alpha", 1200, 3.1, 1190, 3.0, 1180, 3.0],
        ["Beta", 640, 2.4, 650, 2.5, 655, 2.5],
        ["Gamma", 300, 1.9, 305, 2.0, 310, 2.0],
    ]
    merged = ("A3:A4", "B3:C3", "D3:E3", "F3:G3")
    path = workbook(tmp_path / "beds.xlsx", rows, merged=merged)
    _t, data = _data(parse, path)
    assert list(data)[:3] == ["Region", "2019 / Beds", "2019 / Per 1,000"]
    assert data["2021 / Beds"] == [1180, 655, 310]


def test_notes_above_a_complete_header_are_not_joined_to_it(tmp_path: Path, parse: ParseFn) -> None:
    """Even with a merged cell: the row under them names every column."""
    rows: list[list[Any]] = [
        ["Please read", "these lines", None, None, None, "first"],
        ["Name", "Team", "Score", "Rank", "Games", "Wins"],
        ["Ann", "Red", 12, 1, 5, 3],
        ["Bob", "Blue", 9, 2, 5, 2],
        ["Cy", "Red", 7, 3, 4, 1],
    ]
    path = workbook(tmp_path / "scores.xlsx", rows, merged=("B1:C1",))
    _t, data = _data(parse, path)
    assert list(data) == ["Name", "Team", "Score", "Rank", "Games", "Wins"]


def test_a_group_label_row_under_the_names_is_data(tmp_path: Path, parse: ParseFn) -> None:
    rows: list[list[Any]] = [
        [None, "Ticket", "2023", "2022", "2021"],
        ["WHO", "ADULT", None, None, None],
        [None, "Single", 500, 480, 430],
        [None, "Monthly", 210, "N/A", "N/A"],
        ["", "CHILD", None, None, None],
        [None, "Single", 90, 85, 80],
    ]
    path = workbook(tmp_path / "fares.xlsx", rows)
    _t, data = _data(parse, path)
    assert "Ticket" in data
    assert data["Ticket"] == ["ADULT", "Single", "Monthly", "CHILD", "Single"]
    assert data["2022"] == [None, 480, None, None, 85]


def test_a_header_of_four_rows_keeps_its_numbers(tmp_path: Path, parse: ParseFn) -> None:
    """Groups over names over units over a group's label: the header takes at most three label
    rows, the ones from the first wide row down; the columns stay numbers."""
    rows: list[list[Any]] = [
        ["Table 4 Industry performance"],
        [None, "Income", None, "Expenses", None],
        [None, "Sales", "Other", "Wages", "Goods"],
        [None, "$m", "$m", "$m", "$m"],
        ["Farming", None, None, None, None],
        ["2015-16", 10, 20, 30, 40],
        ["2016-17", 11, 21, 31, 41],
        ["2017-18", 12, 22, 32, 42],
    ]
    path = workbook(tmp_path / "industry.xlsx", rows, merged=("B2:C2", "D2:E2"))
    _t, data = _data(parse, path)
    columns = list(data.values())
    assert columns[1][-3:] == [10, 11, 12]
    assert columns[4][-3:] == [40, 41, 42]


def test_a_row_of_words_across_number_columns_is_not_a_marker(
    tmp_path: Path, parse: ParseFn
) -> None:
    """A second header row the file does not show as one ("lh"/"rh" under the names) puts one
    word in each number column, all in one row: the words stay, nothing is read as missing."""
    lines = ["net,1,1,2,2", "hemi,lh,rh,lh,rh"]
    lines += [f"{i},{i}.5,{i}.25,-{i}.5,{i}.75" for i in range(6)]
    path = tmp_path / "nets.csv"
    path.write_text("\n".join(lines) + "\n")
    table, data = _data(parse, path)
    assert "lh" in list(data.values())[1]
    assert "lh" not in table.details.get("reading", {}).get("missing_markers", {})
