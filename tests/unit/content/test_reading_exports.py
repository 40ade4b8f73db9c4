"""Exports from other systems: pipe-delimited .txt, workbooks with their parts at the archive's
root, notes under a sheet's table, Excel day numbers for dates of birth (fifth blind set), and
Indian digit grouping."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import FileKind, ParseResult
from symphainy.content.sniff import sniff
from symphainy.content.tables.numbers import parse_number
from symphainy.content.tables.serials import serial_dates

ParseFn = Callable[..., ParseResult]

_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_a_pipe_delimited_txt_export_is_a_table(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "events.txt"
    path.write_text(
        "Event|En No|Agreement State Ind|Notification Dt|\r\n"
        "Power Reactor|46521|Y|1/5/2011 00:00:00|\r\n"
        "Agreement State|46528|N|1/10/2011 00:00:00|\r\n"
        "Hospital|46548|Y|1/18/2011 00:00:00|\r\n"
    )
    assert sniff(path, path.name).kind is FileKind.dataset
    table = pq.read_table(parse(path).tables[0].parquet_path)
    assert table.column_names[:4] == ["Event", "En No", "Agreement State Ind", "Notification Dt"]
    assert pa.types.is_integer(table.schema.field("En No").type)
    assert table.column("Agreement State Ind").to_pylist() == [True, False, True]


def test_a_table_drawn_with_pipes_in_a_txt_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("| name | value |\n|------|-------|\n| a | 1 |\n| b | 2 |\n")
    assert sniff(path, path.name).kind is FileKind.document


def test_a_workbook_with_its_parts_at_the_root_is_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "arrests.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/workbook.xml" ContentType="{_SHEET_TYPE}"/></Types>',
        )
        archive.writestr("workbook.xml", "<workbook/>")
        archive.writestr("sheet1.xml", "<worksheet/>")
    assert sniff(path, path.name).extension == "xlsx"


def test_a_zip_whose_content_types_name_no_office_part_stays_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("data.xml", "<data/>")
    assert sniff(path, path.name).extension == "zip"


def test_notes_under_a_sheet_table_are_not_data(tmp_path: Path, parse: ParseFn) -> None:
    import datetime as dt

    rows: list[list[Any]] = [
        ["Name", "Profession", "Age", "Has kids", "Date of death"],
        ["David Bowie", "musician", 69, True, dt.datetime(2016, 1, 10)],
        ["Carrie Fisher", "actor", 60, True, dt.datetime(2016, 12, 27)],
        ["Alan Rickman", "actor", 69, False, dt.datetime(2016, 1, 14)],
        ["Some"],
        [None, "also like to write stuff"],
        [None, None, "at the", "bottom,"],
    ]
    result = parse(_workbook(tmp_path / "deaths.xlsx", rows)).tables[0]
    table = pq.read_table(result.parquet_path)
    assert table.num_rows == 3
    assert pa.types.is_integer(table.schema.field("Age").type)
    assert pa.types.is_boolean(table.schema.field("Has kids").type)
    assert result.details["notes_below"][0] == "Some"


def test_a_last_record_with_a_marker_in_a_number_column_is_kept(
    tmp_path: Path, parse: ParseFn
) -> None:
    rows: list[list[Any]] = [
        ["Name", "Team", "Age", "Score", "Joined"],
        ["Ann", "Sales", 34, 7.5, 2019],
        ["Bob", "Sales", 41, 6.0, 2020],
        ["Zed", None, "n/a", None, None],
    ]
    table = pq.read_table(parse(_workbook(tmp_path / "team.xlsx", rows)).tables[0].parquet_path)
    assert table.column("Name").to_pylist() == ["Ann", "Bob", "Zed"]
    assert table.column("Age").to_pylist() == [34, 41, None]


def test_short_last_rows_of_a_text_table_are_records(tmp_path: Path, parse: ParseFn) -> None:
    rows: list[list[Any]] = [
        ["Name", "Team", "Role", "Office"],
        ["Ann", "Sales", "Lead", "Leeds"],
        ["Bob", "Sales", "Rep", "York"],
        ["Cy", None, None, None],
    ]
    table = pq.read_table(parse(_workbook(tmp_path / "staff.xlsx", rows)).tables[0].parquet_path)
    assert table.column("Name").to_pylist() == ["Ann", "Bob", "Cy"]


def test_excel_day_numbers_under_a_birth_header_reach_back_to_1910() -> None:
    born = serial_dates("DOB", pa.array([5814, 31103, 36025]))
    assert born is not None and str(born[0]) == "1915-12-01"
    assert serial_dates("Order date", pa.array([5814, 31103])) is None  # before 1950
    assert serial_dates("Birth year", pa.array([1950, 1987])) is None  # names no date
    assert serial_dates("DOB", pa.array([1950, 1987])) is None  # years, not day numbers


def test_indian_digit_grouping_is_a_number(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "budget.csv"
    path.write_text(
        'Scheme,Outlay\nRoads,"1,23,456"\nSchools,"12,34,567"\nWells,"99,999"\n'
        'Ports,"1,00,00,000.50"\n'
    )
    table = pq.read_table(parse(path).tables[0].parquet_path)
    assert table.column("Outlay").to_pylist() == [123456, 1234567, 99999, 10000000.5]
    assert parse_number("12,34", ".") is None  # not a grouping; a list or a decimal comma
