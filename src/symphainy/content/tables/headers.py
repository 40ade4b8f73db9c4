"""Where a delimited table's header is, from the first rows of the file.

Real exports put a title or notes above the table, leave blank rows, write years as column
names, repeat the header in the body or split it over two or three rows (a group label over
its sub-columns, units under names). The header is found by comparing each row's shape with
the body's: rows far narrower than the body are notes, a row of labels over data is a header,
and label rows stacked directly on it are joined into one name per column.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass

from symphainy.content.tables.dates import parse_written_date
from symphainy.content.tables.markers import is_marker
from symphainy.content.tables.numbers import parse_number

MAX_HEADER_ROWS = 3
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")


@dataclass(frozen=True)
class HeaderLayout:
    """Lines to skip before the data, and the column names (None when there is no header)."""

    data_line: int  # physical lines before the first data row
    names: list[str | None] | None
    header_rows: int
    notes_above: list[str]  # title and note lines skipped above the table


@dataclass(frozen=True)
class SampleRow:
    cells: list[str]
    end_line: int  # physical lines consumed once this row is read

    @property
    def filled(self) -> int:
        return sum(1 for cell in self.cells if cell.strip())


def read_rows(
    lines: list[str], delimiter: str, limit: int = 100, quote: str = '"'
) -> list[SampleRow]:
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quote)
    rows: list[SampleRow] = []
    for cells in reader:
        rows.append(SampleRow(cells, reader.line_num))
        if len(rows) >= limit:
            break
    return rows


def is_data_value(value: str) -> bool:
    text = value.strip()
    if not text or is_marker(text):
        return False
    if text.lower() in ("true", "false"):
        return True
    if parse_number(text, ".") or parse_number(text, ","):
        return True
    written = parse_written_date(text)
    # "2019Q3" over a column is a period's name, as a year is (wide quarterly tables).
    return written is not None and written.form != "quarter"


def locate_header(rows: list[SampleRow]) -> HeaderLayout:
    """The header block and the first data line of a sample of parsed rows."""
    present = [i for i, row in enumerate(rows) if row.filled]
    if not present:
        return HeaderLayout(0, None, 0, [])
    wide = [rows[i].filled for i in present if rows[i].filled >= 2]
    # The body's width is the most common width of its rows (ties: the wider); notes and
    # group labels are the exceptions.
    body_width = max(wide, key=lambda w: (wide.count(w), w)) if wide else 1
    needed = 1 if body_width <= 1 else max(2, math.ceil(body_width * 0.6))
    main = next((i for i in present if rows[i].filled >= needed), present[0])
    main = _past_set_apart_labels(rows, present, main, needed)
    start_line = rows[main - 1].end_line if main else 0
    body = [r.cells for r in rows[main + 1 :] if r.filled]
    if not body or not _is_header(rows[main].cells, body):  # a lone row is data
        return HeaderLayout(start_line, None, 0, _texts(rows, present, main))
    first = main
    while (
        first - 1 >= 0
        and main - first + 1 < MAX_HEADER_ROWS
        and rows[first - 1].filled >= 2
        and _is_label_row(rows[first - 1].cells)
        and all(len(c.strip()) <= 40 for c in rows[first - 1].cells)
    ):
        first -= 1
    last = main
    if (
        last + 2 < len(rows)
        and rows[last + 1].filled
        and _is_label_row(rows[last + 1].cells)
        and (
            _is_units_row(rows[last + 1].cells, body[1:])
            or _is_second_names_row(rows[last + 1].cells, body[1:])
        )
    ):
        last += 1  # a units row, or a second row of names, under the names
    names = _join([rows[i].cells for i in range(first, last + 1)])
    return HeaderLayout(rows[last].end_line, names, last - first + 1, _texts(rows, present, first))


def _past_set_apart_labels(
    rows: list[SampleRow], present: list[int], main: int, needed: int
) -> int:
    """Skip label rows set apart by a blank line from a label row that sits on the data.

    Report exports write filter or selection lines ("Default Summation","Persons") as wide
    as the body, then a blank line, then the column names directly over the data: the names
    are the row touching the data. Stacked header rows touch each other, so stay together.
    An account block's lines ("Closing balance;1.204,17;EUR") hold values but are narrower
    than the names row: set apart by a blank line, they are notes too.
    """
    while True:
        later = [i for i in present if i > main]
        if len(later) < 2:
            return main
        names, first_data = later[0], later[1]
        if not (
            names > main + 1  # a blank row between
            and first_data == names + 1
            and rows[names].filled >= needed
            and len(rows[names].cells) >= len(rows[main].cells)
            and (_is_label_row(rows[main].cells) or rows[main].filled < rows[names].filled)
            and _is_label_row(rows[names].cells)
            and not _is_label_row(rows[first_data].cells)
        ):
            return main
        main = names


def _texts(rows: list[SampleRow], present: list[int], before: int) -> list[str]:
    return [" ".join(c.strip() for c in rows[i].cells if c.strip()) for i in present if i < before]


def _is_units_row(cells: list[str], body: list[list[str]]) -> bool:
    """Text (not markers) above most columns that hold data below it, and only above them:
    units or sub-names (a year and a month column under no unit beside "degC", "mm")."""
    data_columns = [i for i in range(len(cells)) if _column_is_data(body, i)]
    written = [i for i, c in enumerate(cells) if c.strip()]
    labelled = [i for i in data_columns if cells[i].strip() and not is_marker(cells[i].strip())]
    return (
        bool(data_columns)
        and 2 * len(labelled) >= len(data_columns)
        and all(i in data_columns and not is_marker(cells[i].strip()) for i in written)
    )


def _is_second_names_row(cells: list[str], body: list[list[str]]) -> bool:
    """Labels over every column that holds data below (US Census exports: variable codes, then
    "Estimate!!Total:"). A data row would show a value in at least one of those columns."""
    data_columns = [i for i in range(len(cells)) if _column_is_data(body, i)]
    return len(data_columns) >= 2 and all(
        i < len(cells) and cells[i].strip() and not is_marker(cells[i].strip())
        for i in data_columns
    )


def _is_label_row(cells: list[str]) -> bool:
    return not any(is_data_value(c) for c in cells)


def _column_is_data(body: list[list[str]], index: int) -> bool:
    values = [r[index].strip() for r in body if index < len(r) and r[index].strip()]
    values = [v for v in values if not is_marker(v)]
    return bool(values) and all(is_data_value(v) for v in values)


def _is_header(first: list[str], body: list[list[str]]) -> bool:
    """A first row of labels above data is a header; numbers in it mean data, unless years."""
    cells = [c.strip() for c in first]
    if not body:
        return not any(is_data_value(c) for c in cells if c)
    if any(r == first for r in body):
        return True  # the header repeated further down
    numeric = [
        i for i, c in enumerate(cells) if c and is_data_value(c) and not _counted_label(c, body, i)
    ]
    if numeric:
        years = [cells[i] for i in numeric]
        body_years = any(
            all(_YEAR.match(v) for v in values)
            for i in numeric
            # an empty column under a year label says nothing (World Bank's latest years)
            if (values := [r[i].strip() for r in body if i < len(r) and r[i].strip()])
        )
        if not (len(set(years)) == len(years) >= 2 and all(_YEAR.match(y) for y in years)):
            return False
        if body_years:
            return False
    for index, cell in enumerate(cells):
        if cell and not is_data_value(cell) and _column_is_data(body, index):
            return True
    if numeric:
        return True  # year labels over values that are not years
    # All-text tables: the header repeats none of the values beneath it.
    return not any(
        cells[i] and any(i < len(r) and r[i].strip() == cells[i] for r in body)
        for i in range(len(cells))
    )


def _counted_label(cell: str, body: list[list[str]], index: int) -> bool:
    """A name that reads as a number with a unit ("2023 votes", "2019 cases") over a column
    whose values never carry that word: a label (a measure's name with its year), not data.
    A first data row of measures ("12 kg" over "13 kg") shows its unit below too."""
    number = parse_number(cell, ".")
    if number is None or number.unit is None or len(number.unit) < 3 or not number.unit.isalpha():
        return False
    values = [r[index].strip() for r in body if index < len(r) and r[index].strip()]
    units = {
        parsed.unit.lower() for v in values if (parsed := parse_number(v, ".")) and parsed.unit
    }
    return bool(values) and number.unit.lower() not in units


def _join(header_rows: list[list[str]]) -> list[str | None]:
    if len(header_rows) == 1:  # kept as written: the display name is the user's
        return [cell if cell.strip() else None for cell in header_rows[0]]
    width = max(len(r) for r in header_rows)
    grid = [[c.strip() for c in r] + [""] * (width - len(r)) for r in header_rows]
    for row in grid[:-1]:  # a group label spans the blanks to its right, as in merged cells
        for c in range(1, width):
            if not row[c] and row[c - 1] and any(g[c] for g in grid[1:]):
                row[c] = row[c - 1]
    names: list[str | None] = []
    for c in range(width):
        parts: list[str] = []
        for row in grid:
            if row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
        if len(parts) == 2 and re.match(r"^[(\[].*[)\]]$", parts[1]):
            names.append(f"{parts[0]} {parts[1]}")
        else:
            names.append(" / ".join(parts) or None)
    return names
