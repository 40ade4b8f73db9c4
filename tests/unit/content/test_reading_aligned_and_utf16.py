"""UTF-16 written without a byte-order mark, and tables aligned by spaces (issue 12, ninth blind
set).

Each rule is checked on data written for the test, not on the corpus files that showed it.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from symphainy.content.parsers.aligned import fixed_columns
from symphainy.content.parsers.base import FileKind, ParseError, ParseResult
from symphainy.content.parsers.encoding import utf16_without_bom
from symphainy.content.parsers.tables import label_columns
from symphainy.content.sniff import sniff

ParseFn = Callable[..., ParseResult]

# A SQL Server / Excel "Unicode text" export: tab-separated, accents, a blank amount.
_EXPORT = (
    "Région\tCommandes\tMontant\tDate\r\n"
    "Île-de-France\t12\t1530.50\t2024-03-14\r\n"
    "Hauts-de-France\t7\t\t2024-03-15\r\n"
    "Provence-Alpes-Côte d'Azur\t9\t880.00\t2024-03-16\r\n"
)


def _data(parse: ParseFn, path: Path) -> tuple[Any, pa.Table]:
    table = parse(path).tables[0]
    return table, pq.read_table(table.parquet_path)


def test_utf16_without_a_byte_order_mark_is_read_as_a_table(tmp_path: Path, parse: ParseFn) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"ventes-{codec}.csv"
        path.write_bytes(_EXPORT.encode(codec))
        assert sniff(path, path.name).kind is FileKind.dataset
        _, data = _data(parse, path)
        assert data.column_names == ["Région", "Commandes", "Montant", "Date"]
        assert data["Région"].to_pylist()[2] == "Provence-Alpes-Côte d'Azur"
        assert pa.types.is_integer(data["Commandes"].type)
        assert data["Montant"].null_count == 1
        assert pa.types.is_date(data["Date"].type)


def test_utf16_named_txt_without_a_mark_is_read_as_text(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "lettre.txt"
    prose = "Chère Madame,\nVeuillez trouver ci-joint la facture de mars.\nCordialement.\n"
    path.write_bytes(prose.encode("utf-16-le"))
    result = parse(path)
    assert result.document is not None
    assert "facture de mars" in str(result.document)


def test_binary_data_with_zero_bytes_is_not_taken_for_utf16() -> None:
    samples = struct.pack("<200h", *range(-100, 100))  # 16-bit sensor readings
    assert utf16_without_bom(samples) is None
    assert utf16_without_bom(bytes(range(256)) * 4) is None
    # With its mark, "utf-16" reads it (and drops the mark).
    assert utf16_without_bom(b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le")) is None


# A station listing as a statistics program prints it: names with spaces, right-aligned
# numbers one space from the next column, a blank value.
_LISTING = "\n".join(
    [f"{'STATION ID':<11}{'Station name':<16}{'Elev':>5}{'Lat':>7}{'Lon':>7}{'Years':>6}"]
    + [
        f"{code:>10} {name:<16}{elev:>5}{lat:>7}{lon:>7}{years:>6}"
        for code, name, elev, lat, lon, years in [
            ("0102003", "Bergen Florida", 12, "60.38", "5.33", "54"),
            ("0105001", "Oslo Blindern", 94, "59.94", "10.72", "120"),
            ("0203012", "Tromso", 100, "69.65", "18.94", ""),
            ("0311207", "Kjevik Airport", 12, "58.20", "8.08", "73"),
            ("1140008", "Bodo VI", 11, "67.28", "14.36", "68"),
        ]
    ]
)


def test_a_table_aligned_by_spaces_is_read_by_its_columns(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "stations.txt"
    path.write_text(_LISTING)
    assert sniff(path, path.name).kind is FileKind.dataset
    table, data = _data(parse, path)
    assert data.column_names == ["STATION ID", "Station name", "Elev", "Lat", "Lon", "Years"]
    assert data["Station name"].to_pylist()[0] == "Bergen Florida"
    assert pa.types.is_floating(data["Lat"].type)
    assert data["Years"].null_count == 1
    assert table.details["delimiter"] == "fixed-width columns"


def test_prose_and_short_lists_are_not_aligned_tables() -> None:
    prose = "\n".join(
        [
            "The committee met on 3 March 2024 and agreed the budget.",
            "Members present: 12 of 15, with two apologies received.",
            "Item 4 was deferred to the next meeting in April 2024.",
            "The treasurer reported a surplus of 1,200 for the year.",
            "The meeting closed at 21:30.",
        ]
    )
    assert fixed_columns(prose) == []
    few = "a   b   c\n1   2   3\n4   5   6\n"  # fewer than five lines
    assert fixed_columns(few) == []
    words = "\n".join(["Name  Town   Role"] + [f"Ann{i}  Leeds  Clerk" for i in range(6)])
    assert fixed_columns(words) == []  # no column of numbers: a list, not a table of figures


def test_json_records_without_fields_are_refused_in_words(tmp_path: Path, parse: ParseFn) -> None:
    """An empty object or records with no key: a sentence, never the engine's error text."""
    for name, body in (("settings.json", "{}"), ("rows.json", "[{}, {}]")):
        path = tmp_path / name
        path.write_text(body)
        with pytest.raises(ParseError, match="no column to read") as raised:
            parse(path)
        assert "Parquet" not in str(raised.value)


def test_an_engine_error_while_labelling_reaches_the_user_as_a_sentence(tmp_path: Path) -> None:
    """A Parquet file with no column (as a writer could leave one): no path, no SQL."""
    path = tmp_path / "table_0.parquet"
    pq.write_table(pa.table({}), path)
    with pytest.raises(ParseError, match="could not be analysed") as raised:
        label_columns(path)
    assert "Parquet" not in str(raised.value) and str(tmp_path) not in str(raised.value)
