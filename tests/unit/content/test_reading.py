"""Reading cells as an analyst would: one test per rule of the table reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from symphainy.content.parsers.base import ParseResult
from symphainy.content.tables.columns import ReadingOptions, read_column, settle_text_markers
from symphainy.content.tables.numbers import parse_number

ParseFn = Callable[..., ParseResult]


def _read(
    tmp_path: Path, parse: ParseFn, text: str, name: str = "t.csv"
) -> tuple[Any, dict[str, list[Any]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = parse(path)
    table = result.tables[0]
    return table, pq.read_table(table.parquet_path).to_pydict()


def _types(table: Any) -> dict[str, str]:
    return {c.name: c.type.value for c in table.columns}


def test_na_is_missing_in_a_numeric_column_and_reported(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "mass,sex\n3750,MALE\nNA,NA\n3800,FEMALE\n")
    assert data["mass"] == [3750, None, 3800]
    assert data["sex"] == ["MALE", None, "FEMALE"]  # NA is the file's marker
    assert table.details["reading"]["decisions"] == ["'NA' read as missing in 2 columns, 2 cells"]
    assert next(c for c in table.columns if c.name == "mass").reading == {
        "missing_markers": {"NA": 1}
    }


def test_na_as_north_america_stays_text_in_a_region_column(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "region,sales\nNA,10\nEU,20\nAS,30\nNA,40\n")
    assert data["region"] == ["NA", "EU", "AS", "NA"]
    region = next(c for c in table.columns if c.name == "region")
    assert region.reading["markers_kept_as_text"] == {"NA": 2}
    assert "kept as text in region" in " ".join(table.details["reading"]["decisions"])


def test_unambiguous_markers_are_missing_even_in_text(tmp_path: Path, parse: ParseFn) -> None:
    _table, data = _read(tmp_path, parse, "name,score\nAnn,#N/A\n#N/A,2\nBo,NULL\n  ,3\n")
    assert data["name"] == ["Ann", None, "Bo", None]
    assert data["score"] == [None, 2, None, 3]


def test_undo_keeps_markers_as_text_for_a_named_column() -> None:
    options = ReadingOptions(keep_markers=frozenset({"sex"}))
    reading = settle_text_markers("sex", {"NA": 3, "MALE": 2}, frozenset({"NA"}), options)
    assert reading.kept_markers == {"NA": 3}
    assert reading.values == {}


@pytest.mark.parametrize(
    ("text", "decimal", "value", "unit"),
    [
        ("1,234", ".", 1234, None),
        ("1,234.50", ".", 1234.5, None),
        ("$1,234.50", ".", 1234.5, "$"),
        ("(1,234)", ".", -1234, None),
        ("-€12", ".", -12, "€"),
        ("12.5%", ".", 12.5, "%"),
        ("12 kg", ".", 12, "kg"),
        ("1.234,5", ",", 1234.5, None),
        ("3,5", ",", 3.5, None),
        ("1.5e-3", ".", 0.0015, None),
        ("1 234 567", ".", 1234567, None),
        ("USD 40", ".", 40, "USD"),
        ("230 V", ".", 230, "V"),
        ("12kg", ".", 12, "kg"),
    ],
)
def test_numbers_written_as_text(text: str, decimal: str, value: float, unit: str | None) -> None:
    number = parse_number(text, decimal)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.unit == unit


@pytest.mark.parametrize(
    "text", ["007", "12 Main St", "3 PM", "1-2", "(12", "12 kg 3", "$12€", "395000000A", "12B"]
)
def test_not_numbers(text: str) -> None:
    assert parse_number(text, ".") is None


def test_percent_column_keeps_its_unit(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "team,share\nA,12.5%\nB,7%\nC,n/a\n")
    assert data["share"] == [12.5, 7.0, None]
    share = next(c for c in table.columns if c.name == "share")
    assert share.reading["unit"] == "%"
    assert share.type.value in ("float", "decimal")


def test_accounting_and_thousands(tmp_path: Path, parse: ParseFn) -> None:
    _t, data = _read(tmp_path, parse, 'item,amount\nA,"1,200"\nB,"(3,400)"\nC,-\n')
    assert data["amount"] == [1200, -3400, None]


def test_decimal_comma_in_semicolon_file(tmp_path: Path, parse: ParseFn) -> None:
    _t, data = _read(tmp_path, parse, "Ort;Betrag;Menge\nBerlin;1.234,50;3\nBonn;12,00;NA\n")
    assert data["Betrag"] == [1234.5, 12.0]
    assert data["Menge"] == [3, None]


def test_booleans(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "id,member,paid\n1,Yes,y\n2,no,n\n3,NA,Y\n")
    assert data["member"] == [True, False, None]
    assert data["paid"] == [True, False, True]
    assert _types(table)["member"] == "boolean"


def test_day_first_decided_from_the_column(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "d,v\n03/04/2024,1\n14/03/2024,2\n")
    assert data["d"] == [dt.date(2024, 4, 3), dt.date(2024, 3, 14)]
    assert "day-first" in next(c for c in table.columns if c.name == "d").reading["notes"][0]


def test_month_first_decided_from_the_column() -> None:
    reading = read_column("d", {"03/04/2024": 1, "3/14/2024": 1}, ".", ReadingOptions())
    assert reading.values["03/04/2024"] == dt.date(2024, 3, 4)


def test_ambiguous_order_is_reported_not_silent() -> None:
    reading = read_column("d", {"03/04/2024": 1, "05/06/2024": 1}, ".", ReadingOptions())
    assert reading.kind == "date"
    assert "ambiguous" in reading.notes[0]
    forced = read_column("d", {"03/04/2024": 1}, ".", ReadingOptions(day_first=True))
    assert forced.values["03/04/2024"] == dt.date(2024, 4, 3)


def test_conflicting_orders_are_not_dates() -> None:
    reading = read_column("d", {"13/04/2024": 1, "04/13/2024": 1}, ".", ReadingOptions())
    assert reading.kind == "text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 Mar 2024", dt.date(2024, 3, 14)),
        ("March 14, 2024", dt.date(2024, 3, 14)),
        ("14-Mar-24", dt.date(2024, 3, 14)),
        ("2024/03/14", dt.date(2024, 3, 14)),
    ],
)
def test_written_dates(text: str, expected: dt.date) -> None:
    assert read_column("d", {text: 1}, ".", ReadingOptions()).values[text] == expected


def test_timestamps_with_zones_are_utc() -> None:
    reading = read_column("t", {"2024-03-14 10:00+02:00": 1}, ".", ReadingOptions())
    assert reading.kind == "datetime"
    assert reading.values["2024-03-14 10:00+02:00"] == dt.datetime(2024, 3, 14, 8, 0)


def test_one_stray_word_keeps_the_column_as_text() -> None:
    assert read_column("v", {"1": 1, "2": 1, "see note": 1}, ".", ReadingOptions()).kind == "text"


def test_repeated_header_row_is_removed(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "name,qty,price\na,1,2.5\nname,qty,price\nb,2,3.5\n")
    assert data["qty"] == [1, 2]
    assert table.details["reading"]["repeated_header_rows"] == 1


def test_total_rows_are_excluded_and_reported(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(
        tmp_path, parse, "region,units\nNorth,10\nSouth,20\nEast,5\nWest,7\nTotal,42\n"
    )
    assert data["units"] == [10, 20, 5, 7]
    assert table.details["reading"]["excluded_total_rows"] == [{"row": 5, "label": "Total"}]


def test_a_total_category_is_not_a_totals_row(tmp_path: Path, parse: ParseFn) -> None:
    rows = "".join(f"{'Total' if i % 2 else 'Part'},{i}\n" for i in range(20))
    _t, data = _read(tmp_path, parse, "kind,n\n" + rows)
    assert len(data["n"]) == 20


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("diseño, año, niño, señor, España, información", "cp1252", "cp1252"),
        ("Price £25,000 paid", "cp1252", "cp1252"),
        ("Don’t stop – it’s “fine”, café", "mac_roman", "mac-roman"),
        ("Zażółć gęślą jaźń, złoty, Łódź, święto", "cp1250", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy", "cp1250", "cp1250"),
        ("Привет, как дела? Москва, Россия", "cp1251", "cp1251"),
    ],
)
def test_legacy_encodings_are_told_apart_by_their_letters(
    text: str, encoding: str, expected: str
) -> None:
    from symphainy.content.parsers.encoding import guess_encoding

    assert guess_encoding(("name,value\n" + text + ",1\n").encode(encoding)) == expected


def test_spanish_csv_keeps_its_enye(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "gasto.csv"
    path.write_bytes('Función,Gasto\nDiseño,"1,200.50"\nAño,300\n'.encode("cp1252"))
    table = parse(path).tables[0]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["Función"] == ["Diseño", "Año"]
    assert data["Gasto"] == [1200.5, 300.0]


def test_title_lines_and_a_units_row_around_the_header(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(
        tmp_path,
        parse,
        "Payments over 25k,,\n,,\nSupplier,Amount,Weight\n,(GBP),(kg)\nAcme,12,3\nBeta,14,4\n",
    )
    assert [c.name for c in table.columns] == ["Supplier", "Amount (GBP)", "Weight (kg)"]
    assert data["Amount (GBP)"] == [12, 14]
    assert table.details["notes_above"] == ["Payments over 25k"]


def test_year_header_is_a_header(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "Country,2019,2020\nFrance,1.5,2.5\nSpain,3.5,4.5\n")
    assert [c.name for c in table.columns] == ["Country", "2019", "2020"]
    assert [c.identifier for c in table.columns] == ["country", "c_2019", "c_2020"]
    assert data["2019"] == [1.5, 3.5]


def test_notes_below_the_table_are_excluded(tmp_path: Path, parse: ParseFn) -> None:
    body = "".join(f"r{i},{i},{i * 2},{i * 3}\n" for i in range(6))
    table, data = _read(
        tmp_path,
        parse,
        "name,a,b,c\n" + body + ",,,\nSource: Office for National Statistics, 2011 edition,,,\n",
    )
    assert len(data["a"]) == 6
    assert table.details["reading"]["notes_below_rows"] >= 1
