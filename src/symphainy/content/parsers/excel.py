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
from symphainy.content.tables.markers import is_typed_marker
from symphainy.content.tables.numbers import parse_number
from symphainy.content.tables.serials import NOTE as SERIAL_NOTE
from symphainy.content.tables.serials import serial_dates

# Two or more blank rows close a table: blank single rows separate groups inside one table, a
# wider gap separates the blocks of a report sheet (a team per block, a second table of shares).
BLOCK_GAP = 2
MAX_HEADER_ROWS = 3
HEAD_ROWS = 12  # non-empty rows that hold titles and notes, a two-row header and first data
Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row; 1-based like Excel
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
    table_start = _table_start(grid, start, merges)
    if table_start != start:
        notes = [
            " ".join(str(v).strip() for v in row if v not in (None, ""))
            for row in grid[start:table_start]
            if _filled(row)
        ]
        details["title"] = notes[0]
        if len(notes) > 1:
            details["notes_above"] = notes
        start = table_start
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
    body_start, names = _header(grid, start, width, merges)
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
        if not _filled(values):
            blank_run += 1
            continue
        if below is not None:
            below["rows"] += 1
        elif blank_run >= BLOCK_GAP:
            below = {"from_row": number, "rows": 1}
        elif _filled(values) < sparse and not any(_typed(v) for v in values):
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


def _table_start(grid: list[list[Any]], start: int, merges: list[Merge]) -> int:
    """The first row as wide as the table: titles and notes above it fill only a cell or two.

    Header rows over merged groups name only some columns ("1987" merged over Number and
    Percent, "Violent crime" over a count and a rate): label rows directly above the first
    wide row, naming a column past the first two and holding a merged cell of the table, are
    the top of its header, not notes. Only over typed data (a table stored all as text is
    labels all the way down), and only when the first wide row is data or leaves a column of
    the body unnamed: a row naming every column is the whole header, whatever lies above it.
    """
    widths = [_filled(row) for row in grid[start:] if _filled(row) >= 2]
    if not widths:
        return start
    body = max(widths, key=lambda w: (widths.count(w), w))
    needed = max(2, math.ceil(body * 0.6))
    first = next((i for i in range(start, len(grid)) if _filled(grid[i]) >= needed), start)
    if not any(_filled(row) and not _is_label_row(row) for row in grid[first:]):
        return first
    width = max(len(row) for row in grid[start:])
    if _is_label_row(grid[first]) and _names_every_column(grid[first], grid[first + 1 :], width):
        return first
    top, most = first, MAX_HEADER_ROWS - (1 if _is_label_row(grid[first]) else 0)
    while top > start and first - top < most:
        above = grid[top - 1]
        labelled = [c for c, v in enumerate(above) if v is not None and str(v).strip()]
        if not (_is_label_row(above) and len(labelled) >= 2 and labelled[-1] >= 2):
            break
        if not _merged_in_table(merges, top, width):  # grid row top - 1 is Excel row top
            break
        top -= 1
    return top


def _names_every_column(row: list[Any], body: list[list[Any]], width: int) -> bool:
    """Whether the row names every column holding a value in the first ten body rows."""
    names = _padded(row, width)
    rows = [_padded(r, width) for r in body[:10] if _filled(r)]
    return all(
        names[c] is not None and str(names[c]).strip()
        for c in range(width)
        if any(r[c] is not None and str(r[c]).strip() for r in rows)
    )


def _merged_in_table(merges: list[Merge], excel_row: int, width: int) -> bool:
    """Whether a merged cell of a header lies on the row: merged down, or across part of the
    table (a title merged across its whole width is not one)."""
    return any(
        min_row <= excel_row <= max_row
        and (max_row > min_row or 1 < max_col - min_col + 1 < 0.8 * width)
        for min_col, min_row, max_col, max_row in merges
    )


def _filled(row: list[Any]) -> int:
    return sum(1 for v in row if v not in (None, ""))


def _is_label_row(row: list[Any]) -> bool:
    """Text cells only, or years as column names ("Region", 2019, 2020) beside text."""
    values = [v for v in row if v not in (None, "")]
    years = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) == len(values):
        return bool(values)
    return (
        bool(texts)
        and len(texts) + len(years) == len(values)
        and len(set(years)) >= 2
        and all(1800 <= year <= 2100 for year in years)
    )


def _names_columns(row: list[Any], below: list[Any]) -> bool:
    """A header with a stray number among its names (a constant typed into a header cell).

    Mostly text, and at least two of its text cells stand over numbers in the row below.
    """
    values = [v for v in row if v is not None]
    texts = sum(1 for v in values if isinstance(v, str))
    over_numbers = sum(
        1
        for top, under in zip(row, below, strict=False)
        if isinstance(top, str) and isinstance(under, int | float) and not isinstance(under, bool)
    )
    return bool(values) and texts >= 0.75 * len(values) and over_numbers >= 2


def _header(
    grid: list[list[Any]], start: int, width: int, merges: list[Merge]
) -> tuple[int, list[str | None]]:
    """Return where data starts and the column names, joining a header of up to three rows.

    Label rows stacked on the first count as one header when data follows them and the rows
    show they belong together: a merged cell over the top, or a column blank on top and named
    below ("Region" under nothing, units under names, a letter row over names over formulas).
    """
    first = _padded(grid[start], width)
    if not _is_label_row(first):
        if start + 1 < len(grid) and _names_columns(first, _padded(grid[start + 1], width)):
            return start + 1, [None if v is None else str(v) for v in first]
        return start, [None] * width
    rows = [first]
    while len(rows) < MAX_HEADER_ROWS and start + len(rows) < len(grid):
        candidate = _padded(grid[start + len(rows)], width)
        if not _is_label_row(candidate):
            break
        rows.append(candidate)
    following = start + len(rows)
    if following >= len(grid) or _is_label_row(grid[following]):
        rows = rows[:1]  # labels all the way down: a table of text under a one-row header
    top_row = start + 1  # Excel numbering of the first header row
    spans_top = [m for m in merges if m[1] == top_row and m[2] > m[0]]
    # A group's label row under the names ("WHO" | "ADULT", then the adult fares) names no
    # column of numbers: it is data, not the lower part of the header.
    data_columns = _data_columns(grid[following:], width)
    below_blank_top = any(
        first[c] is None and any(r[c] is not None for r in rows[1:]) for c in range(width)
    ) and any(r[c] is not None for r in rows[1:] for c in data_columns)
    second_names = len(rows) >= 2 and _names_every_data_column(
        rows[1:], grid[following:], width, _covered(merges, top_row + 1, len(rows) - 1)
    )
    if len(rows) < 2 or not (spans_top or below_blank_top or second_names):
        return start + 1, [None if v is None else str(v) for v in first]
    top = list(first)
    for min_col, _min_row, max_col, _max_row in spans_top:
        for c in range(min_col, min(max_col, width) + 1):
            top[c - 1] = first[min_col - 1]
    if not spans_top:  # no merge information: a label carries over the blanks to its right
        for c in range(1, width):
            if top[c] is None and rows[1][c] is not None:
                top[c] = top[c - 1]
    lower = [_spread(row, merges, top_row + k, width) for k, row in enumerate(rows[1:], 1)]
    names: list[str | None] = []
    for c in range(width):
        parts: list[str] = []
        for value in (top[c], *(r[c] for r in lower)):
            text = " ".join(str(value).split()) if value not in (None, "") else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" / ".join(parts) or None)
    return start + len(rows), names


def _spread(row: list[Any], merges: list[Merge], excel_row: int, width: int) -> list[Any]:
    """A header row with the label of each merged cell starting on it over every column the
    merge spans ("Not Hispanic or Latino" over six race columns)."""
    spread = list(row)
    for min_col, min_row, max_col, _max_row in merges:
        if min_row == excel_row and max_col > min_col:
            for c in range(min_col, min(max_col, width) + 1):
                spread[c - 1] = row[min_col - 1]
    return spread


def _covered(merges: list[Merge], first_row: int, count: int) -> set[int]:
    """0-based columns whose cells in Excel rows first_row.. (count rows) lie inside a merged
    range that starts above them ("Stadtgebiet" merged down over the rows of names)."""
    columns: set[int] = set()
    for min_col, min_row, max_col, max_row in merges:
        if min_row < first_row and max_row >= first_row + count - 1:
            columns.update(range(min_col - 1, max_col))
    return columns


def _names_every_data_column(
    labels: list[list[Any]], body: list[list[Any]], width: int, covered: set[int]
) -> bool:
    """Rows of text under the names that label every column holding numbers or dates below
    (a statistics office's row of long descriptions, units): part of the header. A first data
    row of a table would leave a number in at least one of those columns. Merged cells count
    as labelled."""
    data_columns = _data_columns(body, width)
    return len(data_columns) >= 2 and all(
        row[c] is not None or c in covered for row in labels for c in data_columns
    )


def _data_columns(body: list[list[Any]], width: int) -> list[int]:
    """Columns holding numbers or dates (no text but missing markers) in the first ten filled
    rows of the body."""
    rows = [
        [None if isinstance(v, str) and is_typed_marker(v.strip()) else v for v in r]
        for r in (_padded(r, width) for r in body[:10] if _filled(r))
    ]
    return [
        c
        for c in range(width)
        if any(r[c] is not None for r in rows)
        and all(r[c] is None or not isinstance(r[c], str) for r in rows)
    ]


def _padded(row: list[Any], width: int) -> list[Any]:
    values = [None if v == "" else v for v in row]
    return values + [None] * (width - len(values))
