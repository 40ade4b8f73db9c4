"""The rules added after the first corpus: 0/1 flags, serial dates, quote characters, sheets
holding several tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
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


def _sheet(path: Path, rows: list[list[Any]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_a_report_sheet_reads_its_first_table_and_notes_the_others(
    tmp_path: Path, parse: ParseFn
) -> None:
    # lebron.xlsx's shape: a title, a header with a constant typed into it, a block per team
    # under blank rows, a side table two blank columns to the right.
    rows: list[list[Any]] = [
        ["Houston Rockets", None, "https://example.org/HOU"],
        ["Player", "Minutes", "Salary", 1.17, None, None, "Max", 41000000],
        ["Chris Paul", 25.8, 35400000, "<-- Re-sign", None, None, "Opt in", 35607968],
        ["James Harden", 30.4, 30431854, "<-- Keep"],
        ["Eric Gordon", 24.5, None, "<-- Trade"],
        ["Ryan Anderson", 19.5, 20421546, "<-- Keep"],
        [],
        [],
        ["Toronto Raptors"],
        ["Player", "Minutes", "Salary", 1.24],
        ["Kyle Lowry", 28.3, 31000000, None],
    ]
    path = tmp_path / "report.xlsx"
    _sheet(path, rows)
    table = parse(path).tables[0]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert list(data) == ["Player", "Minutes", "Salary", "1.17"]
    assert data["Salary"] == [35400000, 30431854, None, 20421546]
    assert table.details["other_blocks_below"] == {"from_row": 9, "rows": 3}
    assert table.details["side_table_not_read"] == {"from_column": "G"}
    decisions = " ".join(table.details["reading"]["decisions"])
    assert "more than one table" in decisions and "beside the first, from column G" in decisions


def test_one_blank_row_inside_a_table_does_not_end_it(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "groups.xlsx"
    _sheet(path, [["group", "value"], ["a", 1], ["a", 2], [], ["b", 3]])
    table = parse(path).tables[0]
    assert pq.read_table(table.parquet_path).to_pydict()["value"] == [1, 2, 3]
    assert "other_blocks_below" not in table.details


def test_three_row_header_letters_names_formulas(tmp_path: Path, parse: ParseFn) -> None:
    # messytables large.xlsx: column letters, names, then the formula of each column.
    path = tmp_path / "bonds.xlsx"
    _sheet(
        path,
        [
            ["PAPER SAVINGS"],
            [],
            [None, "'A'", "'B'", "'C'"],
            ["SERIES", "ISSUED", "REDEEMED", "OUTSTANDING"],
            [None, None, None, "(A - B)"],
            ["Series E", 100, 60, 40],
            ["Series EE", 50, 20, 30],
        ],
    )
    table = parse(path).tables[0]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert list(data) == ["SERIES", "'A' / ISSUED", "'B' / REDEEMED", "'C' / OUTSTANDING / (A - B)"]
    assert data["'C' / OUTSTANDING / (A - B)"] == [40, 30]
    assert table.details["header_rows"] == 3


def test_excel_day_numbers_under_a_date_header_are_dates(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "orders.xlsx"
    _sheet(
        path,
        [
            ["Order date", "Amount", "Day"],
            [45292, 45292, 14],  # 2024-01-01 as a bare number, no date format
            [45337, 120, 15],
            [None, 80, 16],
        ],
    )
    table = parse(path).tables[0]
    data = pq.read_table(table.parquet_path).to_pydict()
    assert data["Order date"] == [dt.date(2024, 1, 1), dt.date(2024, 2, 15), None]
    assert data["Amount"] == [45292, 120, 80]  # the same number under another header stays
    assert data["Day"] == [14, 15, 16]
    assert table.details["serial_date_columns"] == ["Order date"]
    assert any("Excel day numbers" in d for d in table.details["reading"]["decisions"])


def test_numbers_outside_the_day_range_are_not_dates(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "codes.xlsx"
    _sheet(path, [["date_code", "x"], [1, 2], [20240101, 3]])
    data = pq.read_table(parse(path).tables[0].parquet_path).to_pydict()
    assert data["date_code"] == [1, 20240101]


def test_single_quoted_cells_are_quoting(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(
        tmp_path,
        parse,
        "id,region,sales\n1,'North, East',10\n2,'South',20\n3,'It''s West',30\n",
    )
    assert data["region"] == ["North, East", "South", "It's West"]
    assert data["sales"] == [10, 20, 30]
    assert table.details["quote"] == "'"


def test_apostrophes_in_text_are_not_quotes(tmp_path: Path, parse: ParseFn) -> None:
    table, data = _read(tmp_path, parse, "name,score\nO'Brien,3\nD'Arcy's,4\nLee,5\n")
    assert data["name"] == ["O'Brien", "D'Arcy's", "Lee"]
    assert "quote" not in table.details


def test_star_runs_are_missing_in_a_numeric_column(tmp_path: Path, parse: ParseFn) -> None:
    # NASA GISTEMP writes **** and ***** where a month has no value yet.
    table, data = _read(tmp_path, parse, "Year,Jun,J-D\n2011,50,51\n2012,*****,****\n")
    assert data["Jun"] == [50, None] and data["J-D"] == [51, None]
    assert any("'*****' read as missing" in d for d in table.details["reading"]["decisions"])


def test_a_lone_star_is_a_footnote_mark_not_a_missing_value(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "player,starter,salary\nA,*,10\nB,,20\nC,*,30\n")
    assert data["starter"] == ["*", None, "*"]


def test_units_row_under_the_names_with_blank_units_over_keys(
    tmp_path: Path, parse: ParseFn
) -> None:
    # Met Office station data: no unit over the year and month, units over the measures.
    table, data = _read(
        tmp_path,
        parse,
        "yyyy,mm,tmax,rain\n,,degC,mm\n1978,9,17.5,26.7\n1978,10,15.6,---\n1978,11,12.6,56.3\n",
    )
    assert list(data) == ["yyyy", "mm", "tmax / degC", "rain / mm"]
    assert data["rain / mm"] == [26.7, None, 56.3]
    assert table.details["header_rows"] == 2


def test_zero_padded_months_are_numbers_and_codes_stay_codes(
    tmp_path: Path, parse: ParseFn
) -> None:
    _, data = _read(tmp_path, parse, "yyyy,mm,zip,rain\n1978,09,02134,1.5\n1978,10,00501,2.5\n")
    assert data["mm"] == [9, 10]
    assert data["zip"] == ["02134", "00501"]


def test_a_column_of_yes_marks_is_not_a_boolean(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "tree,protected,height\n1,,5\n2,YES,6\n3,,7\n")
    assert data["protected"] == [None, "YES", None]
    _, both = _read(tmp_path, parse, "tree,protected\n1,NO\n2,YES\n", name="both.csv")
    assert both["protected"] == [False, True]


def test_unknown_is_missing_in_a_numeric_column_and_a_category_in_text(
    tmp_path: Path, parse: ParseFn
) -> None:
    # fivethirtyeight's police killings: age is numbers and one "Unknown"; raceethnicity has
    # "Unknown" as a real category, which stays even once the file's age uses it as missing.
    table, data = _read(
        tmp_path,
        parse,
        "name,age,raceethnicity\nA,16,Black\nB,Unknown,Unknown\nC,48,White\nD,32,Unknown\n",
    )
    assert data["age"] == [16, None, 48, 32]
    assert data["raceethnicity"] == ["Black", "Unknown", "White", "Unknown"]
    assert any("'Unknown' read as missing" in d for d in table.details["reading"]["decisions"])
    age = next(c for c in table.columns if c.name == "age")
    assert age.reading["missing_markers"] == {"Unknown": 1}


def test_census_suppression_notes_are_missing_in_numbers(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "name,pctapi,note\nA,0.5,(S)\nB,(S),x\nC,1.25,(S)\n")
    assert data["pctapi"] == [0.5, None, 1.25]
    assert data["note"] == ["(S)", "x", "(S)"]  # a text column keeps them


def test_zero_padded_serial_numbers_under_a_number_header(tmp_path: Path, parse: ParseFn) -> None:
    # CSVW mth-10 (NHS spending over 25k): an ERP's document numbers padded to ten digits.
    table, data = _read(
        tmp_path,
        parse,
        "Supplier,Transaction Number,Phone number,Amount\n"
        "A,0001337928,0612345678,10\nB,0001335058,0687654321,20\n",
    )
    assert data["Transaction Number"] == [1337928, 1335058]
    assert data["Phone number"] == ["0612345678", "0687654321"]  # one leading zero: kept
    serial = next(c for c in table.columns if c.name == "Transaction Number")
    assert "zero-padded to 10 digits" in " ".join(serial.reading["notes"])


def test_padded_codes_without_a_number_header_stay_codes(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "account,amount\n0001337928,1\n0001335058,2\n")
    assert data["account"] == ["0001337928", "0001335058"]


def test_a_second_row_of_names_over_every_data_column(tmp_path: Path, parse: ParseFn) -> None:
    # US Census ACS exports: variable codes, then labels, then the rows; ***** where a margin
    # of error does not apply.
    table, data = _read(
        tmp_path,
        parse,
        '"GEO_ID","NAME","B01_001E","B01_001M","B01_002E"\n'
        '"id","Geographic Area Name","Estimate!!Total:","Margin of Error!!Total:",'
        '"Estimate!!White"\n'
        '"0200000US1","Northeast Region","55982803","*****","40358050"\n'
        '"0200000US2","Midwest Region","68329004","*****","54831529"\n'
        '"0200000US3","South Region","125580448","*****","87888952"\n',
    )
    assert table.details["header_rows"] == 2
    assert table.rows == 3
    values = list(data.values())
    assert values[2] == [55982803, 68329004, 125580448]
    assert values[3] == [None, None, None]


def test_a_first_data_row_of_text_is_not_a_second_header(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "name,city,age\nAnn,Oslo,31\nBob,Rome,45\nCid,Nice,27\n")
    assert data["name"] == ["Ann", "Bob", "Cid"]


def test_a_few_comma_pairs_among_whole_numbers_are_lists(tmp_path: Path, parse: ParseFn) -> None:
    # datasets/country-codes: ISO 4217 minor units, "2,2" for a country with two currencies.
    rows = "".join(f"C{i},{i % 4}\n" for i in range(12))
    _, data = _read(tmp_path, parse, f'code,minor_unit\n{rows}UY,"2,4"\nCU,"2,2"\n')
    assert data["minor_unit"][-2:] == ["2,4", "2,2"]
    _, euro = _read(tmp_path, parse, 'item,price\nA,"12,50"\nB,"3,99"\nC,5\n', name="eu.csv")
    assert euro["price"] == [12.5, 3.99, 5.0]  # most values show the decimal comma


def test_a_lone_dash_of_any_width_is_missing_in_numbers(tmp_path: Path, parse: ParseFn) -> None:
    _, data = _read(tmp_path, parse, "state,rate,note\nA,1.5,–\nB,—,x\nC,2.5,y\n")
    assert data["rate"] == [1.5, None, 2.5]
    assert data["note"] == ["–", "x", "y"]  # a text column keeps it (not the file's marker)
