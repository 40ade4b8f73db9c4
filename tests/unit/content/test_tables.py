"""Workbooks, JSON, JSON Lines and Parquet become typed tables with clean column names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import ColumnType, FileKind, ParseResult

ParseFn = Callable[..., ParseResult]


def _workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sales = workbook.active
    sales.title = "Sales"
    sales["A1"] = "Quarterly sales 2024"
    sales.append([])
    # Two-row header: "Region" spans both rows, "Revenue" spans two columns.
    sales["A3"], sales["B3"], sales["D3"] = "Region", "Revenue", "Units"
    sales["B4"], sales["C4"] = "Q1", "Q2"
    sales.merge_cells("A3:A4")
    sales.merge_cells("B3:C3")
    sales.merge_cells("D3:D4")
    sales.append(["North", 1200.50, 1300.25, 10])
    sales.append(["South", 800.00, 950.75, 7])
    sales.append(["East", 640.10, 700.00, 5])
    staff = workbook.create_sheet("Staff")
    staff.append(["employee_id", "name", "hired", "active"])
    staff.append([1, "Ada", dt.date(2020, 1, 6), True])
    staff.append([2, "Linus", dt.date(2021, 3, 15), False])
    staff.append([3, "Grace", dt.date(2019, 11, 2), True])
    workbook.create_sheet("Empty")
    workbook.save(path)


def test_xlsx_every_sheet_becomes_a_table_with_merged_headers(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "report.xlsx"
    _workbook(path)
    result = parse(path)
    assert result.kind is FileKind.dataset
    assert [t.name for t in result.tables] == ["Sales", "Staff"]
    sales, staff = result.tables
    assert [c.name for c in sales.columns] == ["Region", "Revenue / Q1", "Revenue / Q2", "Units"]
    assert sales.rows == 3
    assert sales.details["title"] == "Quarterly sales 2024"
    assert sales.details["header_rows"] == 2
    assert sales.parquet_path.name == "table_0.parquet"
    assert {c.name: c.type for c in sales.columns}["Revenue / Q2"] is ColumnType.decimal
    data = pq.read_table(sales.parquet_path).to_pydict()
    assert data["Revenue / Q1"] == [1200.5, 800.0, 640.1]
    assert data["Units"] == [10, 7, 5]
    assert staff.parquet_path.name == "table_1.parquet"
    types = {c.name: c.type for c in staff.columns}
    assert types == {
        "employee_id": ColumnType.identifier,
        "name": ColumnType.text,
        "hired": ColumnType.date,
        "active": ColumnType.boolean,
    }
    assert pq.read_table(staff.parquet_path).column("hired").to_pylist()[1] == dt.date(2021, 3, 15)


def test_json_nested_records_are_flattened(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "orders.json"
    payload = {
        "count": 3,
        "data": [
            {
                "id": "ORD-1",
                "customer": {"name": "Ada", "city": "London"},
                "total": 10.5,
                "placed": "2024-02-01",
                "tags": ["new"],
            },
            {
                "id": "ORD-2",
                "customer": {"name": "Linus", "city": "Helsinki"},
                "total": 99.0,
                "placed": "2024-02-03",
                "tags": [],
            },
            {"id": "ORD-3", "customer": {"name": "Grace"}, "total": 5.25, "placed": "2024-02-04"},
        ],
    }
    path.write_text(json.dumps(payload))
    result = parse(path)
    table = result.tables[0]
    assert table.details["records_path"] == "$.data"
    assert table.rows == 3
    assert [c.name for c in table.columns] == [
        "id",
        "customer.name",
        "customer.city",
        "total",
        "placed",
        "tags",
    ]
    types = {c.name: c.type for c in table.columns}
    assert types["id"] is ColumnType.identifier
    assert types["placed"] is ColumnType.date
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["customer.city"] == ["London", "Helsinki", None]
    assert data["tags"] == ['["new"]', "[]", None]
    assert data["placed"][2] == dt.date(2024, 2, 4)


def test_json_lines_records(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "events.jsonl"
    lines = [
        {"user": {"id": i, "plan": "pro" if i % 2 else "free"}, "ok": i % 3 == 0, "ms": i * 7}
        for i in range(1, 11)
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    table = parse(path).tables[0]
    assert table.rows == 10
    types = {c.name: c.type for c in table.columns}
    assert types == {
        "user.id": ColumnType.identifier,
        "user.plan": ColumnType.category,
        "ok": ColumnType.boolean,
        "ms": ColumnType.integer,
    }
    assert pq.read_table(table.parquet_path).column("ms").to_pylist()[-1] == 70


def test_parquet_is_copied_with_structs_flattened(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "source.parquet"
    table = pa.table(
        {
            "Amount ": pa.array([1.25, 2.5, 3.75]),
            "when": pa.array([dt.datetime(2024, 1, 1, 8), None, dt.datetime(2024, 1, 3, 9)]),
            "point": pa.array([{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 5, "y": 6}]),
            "items": pa.array([[1, 2], [], [3]]),
        }
    )
    pq.write_table(table, path)
    result = parse(path).tables[0]
    assert result.rows == 3
    assert [c.name for c in result.columns] == ["Amount", "when", "point.x", "point.y", "items"]
    assert result.columns[0].source_name == "Amount "
    types = {c.name: c.type for c in result.columns}
    assert types["when"] is ColumnType.datetime
    assert types["point.x"] is ColumnType.integer
    data = pq.read_table(result.parquet_path).to_pydict()
    assert data["point.y"] == [2, 4, 6]
    assert data["items"] == ["[1,2]", "[]", "[3]"]


def test_xlsx_title_and_notes_above_a_year_header(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "rockets.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Houston Rockets", "season summary"])
    sheet.append(["Source: team reports"])
    sheet.append(["Player", 2019, 2020, 2021])
    sheet.append(["Harden", 36.1, 34.3, 24.6])
    sheet.append(["Westbrook", 22.9, 27.2, 22.2])
    sheet.append(["Gordon", 16.2, 14.4, 17.8])
    workbook.save(path)
    table = parse(path).tables[0]
    assert [c.name for c in table.columns] == ["Player", "2019", "2020", "2021"]
    assert table.details["title"] == "Houston Rockets season summary"
    assert {c.name: c.type.value for c in table.columns}["2020"] in ("float", "decimal")
    assert table.rows == 3
