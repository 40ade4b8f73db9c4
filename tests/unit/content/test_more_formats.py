"""Legacy .xls, progress reporting and CSV edge cases (BOM, quoted delimiters, newlines)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ColumnType, FileKind, ParseLimits, ParseResult
from symphainy.content.sniff import sniff

ParseFn = Callable[..., ParseResult]


def test_xls_with_merged_two_row_header(tmp_path: Path, parse: ParseFn) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls fixture")
    path = tmp_path / "legacy.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("Budget")
    sheet.write_merge(0, 1, 0, 0, "Team")
    sheet.write_merge(0, 0, 1, 2, "Cost")
    sheet.write(1, 1, "Plan")
    sheet.write(1, 2, "Actual")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write_merge(0, 1, 3, 3, "Review")
    for row, (team, plan, actual, day) in enumerate(
        [("Ops", 100, 120.5, dt.date(2024, 1, 31)), ("Sales", 80, 60.25, dt.date(2024, 2, 29))],
        start=2,
    ):
        sheet.write(row, 0, team)
        sheet.write(row, 1, plan)
        sheet.write(row, 2, actual)
        sheet.write(row, 3, day, date_style)
    book.save(str(path))
    assert sniff(path, path.name).extension == "xls"
    table = parse(path).tables[0]
    assert table.name == "Budget"
    assert [c.name for c in table.columns] == ["Team", "Cost / Plan", "Cost / Actual", "Review"]
    types = {c.name: c.type for c in table.columns}
    assert types["Cost / Plan"] is ColumnType.integer
    assert types["Review"] is ColumnType.date
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["Cost / Actual"] == [120.5, 60.25]
    assert data["Review"] == [dt.date(2024, 1, 31), dt.date(2024, 2, 29)]


def test_progress_is_reported_per_sheet(tmp_path: Path) -> None:
    path = tmp_path / "three.xlsx"
    workbook = openpyxl.Workbook()
    for index, name in enumerate(["A", "B", "C"]):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name
        sheet.append(["x", "y"])
        sheet.append([index, index * 2])
    workbook.save(path)
    events: list[tuple[float, str]] = []
    result = parse_file(
        path,
        sniff(path, path.name),
        tmp_path / "out",
        ParseLimits(),
        lambda f, m: events.append((f, m)),
    )
    assert len(result.tables) == 3
    messages = [m for _, m in events]
    assert [m for m in messages if m.startswith("Reading sheet")] == [
        "Reading sheet A",
        "Reading sheet B",
        "Reading sheet C",
    ]
    fractions = [f for f, _ in events]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0


def test_csv_with_bom_quotes_and_embedded_newlines(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "quoted.csv"
    path.write_bytes(
        b"\xef\xbb\xbfid,comment,amount\r\n"
        b'1,"Late, but complete",10.00\r\n'
        b'2,"Line one\r\nline two",20.50\r\n'
        b'3,"She said ""ok""",30.25\r\n'
    )
    table = parse(path).tables[0]
    assert table.rows == 3
    assert [c.name for c in table.columns] == ["id", "comment", "amount"]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["comment"] == ["Late, but complete", "Line one\r\nline two", 'She said "ok"']
    assert {c.name: c.type for c in table.columns}["amount"] is ColumnType.decimal


def test_json_top_level_array_of_scalars(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "values.json"
    path.write_text("[3, 1, 4, 1, 5]")
    table = parse(path).tables[0]
    assert [c.name for c in table.columns] == ["value"]
    assert pq.read_table(table.parquet_path).column("value").to_pylist() == [3, 1, 4, 1, 5]


def test_plain_text_without_headings_is_one_section(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("Team, the audit starts Monday.\n\nPlease bring your receipts.\n")
    result = parse(path)
    assert result.kind is FileKind.document
    assert result.document is not None
    [section] = result.document.sections
    assert section.heading_path == []
    assert section.text == "Team, the audit starts Monday.\n\nPlease bring your receipts."
    assert result.document.chunks[0].text == section.text


def test_batches_with_different_types_are_reconciled(
    tmp_path: Path, parse: ParseFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symphainy.content.parsers import arrow_columns

    monkeypatch.setattr(arrow_columns, "BATCH_ROWS", 2)
    path = tmp_path / "drift.jsonl"
    records = [
        {"n": 1, "when": "2024-01-01", "code": 7},
        {"n": 2, "when": "2024-01-02", "code": 8},
        {"n": 2.5, "when": "2024-01-03T10:30:00", "code": "X9"},
        {"n": 4, "when": "2024-01-04", "late": "only here"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    table = parse(path).tables[0]
    assert [c.name for c in table.columns] == ["n", "when", "code", "late"]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["n"] == [1.0, 2.0, 2.5, 4.0]
    assert data["when"][2] == dt.datetime(2024, 1, 3, 10, 30)
    assert data["code"] == ["7", "8", "X9", None]
    assert data["late"] == [None, None, None, "only here"]
