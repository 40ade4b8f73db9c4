"""XLSX and XLS workbooks: every sheet becomes one table.

Header rows are found from the cells, not assumed: a title line above the table is skipped,
and a two-row header whose top cells are merged ("Sales" over "Q1", "Q2") becomes
"Sales / Q1", "Sales / Q2". openpyxl's read-only mode does not expose merged ranges, so they
are read from the sheet XML directly (a regex over the streamed part, cheap and entity-free).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from symphainy.content.parsers import tables
from symphainy.content.parsers.archive import check_office_zip
from symphainy.content.parsers.arrow_columns import ColumnBuilder
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)
from symphainy.content.parsers.sheet_header import Merge, filled, header, table_start
from symphainy.content.tables.markers import is_typed_marker
from symphainy.content.tables.numbers import parse_number
from symphainy.content.tables.serials import NOTE as SERIAL_NOTE
from symphainy.content.tables.serials import serial_dates

# Two or more blank rows close a table: blank single rows separate groups inside one table, a
# wider gap separates the blocks of a report sheet (a team per block, a second table of shares).
BLOCK_GAP = 2
HEAD_ROWS = 12  # non-empty rows that hold titles and notes, a two-row header and first data
_MERGE_RE = re.compile(rb'<mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"')


def parse_xlsx(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    import openpyxl
    from openpyxl.utils.cell import coordinate_to_tuple

    check_office_zip(path, limits, "the workbook")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged parts
        raise ParseError(f"the workbook is damaged and cannot be opened ({exc})") from exc
    result = ParseResult(kind=FileKind.dataset)
    try:
        sheets = list(workbook.worksheets)
        with zipfile.ZipFile(path) as archive:
            for index, sheet in enumerate(sheets):
                progress(index / max(len(sheets), 1), f"Reading sheet {sheet.title}")
                merges: list[Merge] = []
                for first, last in _merge_refs(archive, str(getattr(sheet, "_worksheet_path", ""))):
                    r1, c1 = coordinate_to_tuple(first)
                    r2, c2 = coordinate_to_tuple(last)
                    merges.append((c1, r1, c2, r2))
                rows = sheet.iter_rows(values_only=True)
                _add_sheet(result, sheet.title, rows, merges, out_dir, limits)
    finally:
        workbook.close()
    return _finish(result, progress)


def parse_xls(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ParseError("the workbook is password-protected") from exc
        raise ParseError(f"the .xls workbook cannot be read ({exc})") from exc
    except Exception as exc:  # xlrd raises bare struct/index errors on truncated files
        raise ParseError(f"the .xls workbook is damaged or truncated ({exc})") from exc
    result = ParseResult(kind=FileKind.dataset)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            progress(index / max(book.nsheets, 1), f"Reading sheet {sheet.name}")
            rows = (
                tuple(_xls_value(book, sheet.cell(r, c)) for c in range(sheet.ncols))
                for r in range(sheet.nrows)
            )
            merges = [(c1 + 1, r1 + 1, c2, r2) for r1, r2, c1, c2 in sheet.merged_cells]
            _add_sheet(result, sheet.name, rows, merges, out_dir, limits)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return _finish(result, progress)


def _finish(result: ParseResult, progress: Progress) -> ParseResult:
    if not result.tables:
        raise ParseError("the workbook has no sheet with data")
    progress(1.0, f"Read {len(result.tables)} sheet(s)")
    result.details["sheets"] = [t.name for t in result.tables]
    return result


def _xls_value(book: Any, cell: Any) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        value = xlrd.xldate_as_datetime(cell.value, book.datemode)
        return value.date() if value.time() == dt.time() else value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _merge_refs(archive: zipfile.ZipFile, member: str) -> list[tuple[str, str]]:
    name = member.lstrip("/")
    if name not in archive.namelist():
        return []
    refs: dict[tuple[str, str], None] = {}  # blocks overlap, so a ref may be seen twice
    tail = b""
    with archive.open(name) as stream:
        while block := stream.read(1024 * 1024):
            data = tail + block
            for first, last in _MERGE_RE.findall(data):
                refs[(first.decode(), last.decode())] = None
            tail = data[-200:]
    return list(refs)


def _trimmed(row: Sequence[Any], limits: ParseLimits, sheet: str) -> list[Any]:
    values = list(row)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > limits.max_columns:
        raise ParseError(
            f"sheet {sheet} has {len(values):,} columns; the limit is {limits.max_columns:,}"
        )
    return values


def _add_sheet(
    result: ParseResult,
    sheet: str,
    rows: Iterable[Sequence[Any]],
    merges: list[Merge],
    out_dir: Path,
    limits: ParseLimits,
) -> None:
    """Find the header in the first rows, then stream the rest into Arrow batches."""
    stream = (_trimmed(row, limits, sheet) for row in rows)
    grid: list[list[Any]] = []
    for values in stream:
        grid.append(values)
        if sum(1 for row in grid if row) >= HEAD_ROWS:
            break
    start = next((i for i, row in enumerate(grid) if row), None)
    if start is None:
        return  # an empty sheet is not a dataset
    details: dict[str, Any] = {"sheet": sheet}
    layout: list[str] = []  # what the sheet's layout made us decide, for the parse summary
    first_row = table_start(grid, start, merges)
    if first_row != start:
        notes = [
            " ".join(str(v).strip() for v in row if v not in (None, ""))
            for row in grid[start:first_row]
            if filled(row)
        ]
        details["title"] = notes[0]
        if len(notes) > 1:
            details["notes_above"] = notes
        start = first_row
    width = max(len(row) for row in grid[start:])
    side = _side_table_start(grid[start:], width)
    if side is not None:
        gap, beside = side
        details["side_table_not_read"] = {"from_column": _column_letter(beside)}
        layout.append(
            f"a second table beside the first, from column {_column_letter(beside)}, not read"
        )
        width = gap
        grid[start:] = [row[:width] for row in grid[start:]]
    body_start, names = header(grid, start, width, merges)
    details["header_rows"] = body_start - start
    builder: ColumnBuilder[int] = ColumnBuilder(limits, f"sheet {sheet}")
    builder.declare(range(width))
    blank_run = 0
    below: dict[str, int] | None = None  # the rows under a gap that ends the first table
    sparse = max(2, math.ceil(0.6 * sum(1 for name in names[:width] if name)))
    held: list[list[Any]] = []  # short text-only rows: notes under the table, or data
    typed: set[int] = set()  # columns holding a number, date or boolean in some data row

    def add(values: list[Any]) -> None:
        builder.add(dict(enumerate(values)))
        typed.update(i for i, v in enumerate(values) if v not in (None, "") and _typed(v))

    for number, row in enumerate(itertools.chain(grid[body_start:], stream), body_start + 1):
        values = row[:width]
        if not filled(values):
            blank_run += 1
            continue
        if below is not None:
            below["rows"] += 1
        elif blank_run >= BLOCK_GAP:
            below = {"from_row": number, "rows": 1}
        elif filled(values) < sparse and not any(_typed(v) for v in values):
            held.append(values)
        else:
            for values_held in held:
                add(values_held)
            held.clear()
            add(values)
        blank_run = 0
    if held and _notes_below(held, typed):
        details["notes_below"] = [
            " ".join(str(v).strip() for v in row if v not in (None, "")) for row in held
        ]
        layout.append(f"{len(held)} row(s) of notes under the table were not read as data")
    else:
        for values_held in held:
            add(values_held)
    if below is not None:
        details["other_blocks_below"] = below
        layout.append(
            f"the sheet holds more than one table: the first was read; {below['rows']} "
            f"filled row(s) from row {below['from_row']}, under {BLOCK_GAP}+ blank rows, "
            "were not"
        )
    columns = builder.finish()
    cleaned = tables.clean_names([names[k] if k < width else None for k in columns])
    target = out_dir / f"table_{len(result.tables)}.parquet"
    arrow_columns: dict[str, Any] = {}
    for (name, _), column in zip(cleaned, columns.values(), strict=True):
        dates = serial_dates(name, column)
        if dates is not None:
            details.setdefault("serial_date_columns", []).append(name)
            column = dates
        arrow_columns[name] = column
    if "serial_date_columns" in details:
        layout.append(f"{SERIAL_NOTE}: {', '.join(details['serial_date_columns'])}")
    if layout:
        details["layout_decisions"] = layout
    arrow = pa.table(arrow_columns)
    tables.write_arrow(arrow, target)
    result.tables.append(tables.finish_table(sheet, target, cleaned, details))


def _typed(value: Any) -> bool:
    """A cell Excel stores as a number, date or boolean (not text)."""
    return value not in (None, "") and not isinstance(value, str)


def _notes_below(rows: list[list[Any]], typed: set[int]) -> bool:
    """Short text-only rows ending a sheet are notes when they put words in a column whose data
    are numbers, dates or booleans; in a column of text they may be the last records."""
    return any(
        i in typed and isinstance(v, str) and _worded(v) for row in rows for i, v in enumerate(row)
    )


def _worded(text: str) -> bool:
    """Words, not a missing marker ("-", "n/a", "(S)") or a number written as text: a last
    record with most cells empty ("Zed", "n/a") is still a record."""
    value = text.strip()
    return (
        any(ch.isalpha() for ch in value)
        and not is_typed_marker(value)
        and parse_number(value, ".") is None
        and parse_number(value, ",") is None
    )


def _side_table_start(head: list[list[Any]], width: int) -> tuple[int, int] | None:
    """Where the first table ends and a second beside it begins (0-based columns): after
    BLOCK_GAP+ columns blank in every head row (one blank column is a spacer inside a table)."""
    blank = [all(c >= len(row) or row[c] in (None, "") for row in head) for c in range(width)]
    run = 0
    for c in range(width):
        if blank[c]:
            run += 1
            continue
        if run >= BLOCK_GAP and c - run > 0 and any(not b for b in blank[: c - run]):
            return c - run, c
        run = 0
    return None


def _column_letter(index: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return str(get_column_letter(index + 1))
