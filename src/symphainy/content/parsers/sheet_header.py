"""Where a sheet's table starts and what its header says: titles and notes above it, header
rows over merged groups, units or descriptions under the names, joined into one name a column.
"""

from __future__ import annotations

import math
from typing import Any

from symphainy.content.tables.markers import is_typed_marker

MAX_HEADER_ROWS = 3
Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row; 1-based like Excel


def table_start(grid: list[list[Any]], start: int, merges: list[Merge]) -> int:
    """The first row as wide as the table: titles and notes above it fill only a cell or two.

    Header rows over merged groups name only some columns ("1987" merged over Number and
    Percent, "Violent crime" over a count and a rate): label rows directly above the first
    wide row, naming a column past the first two and holding a merged cell of the table, are
    the top of its header, not notes. Only over typed data (a table stored all as text is
    labels all the way down), and only when the first wide row is data or leaves a column of
    the body unnamed: a row naming every column is the whole header, whatever lies above it.
    """
    widths = [filled(row) for row in grid[start:] if filled(row) >= 2]
    if not widths:
        return start
    body = max(widths, key=lambda w: (widths.count(w), w))
    needed = max(2, math.ceil(body * 0.6))
    first = next((i for i in range(start, len(grid)) if filled(grid[i]) >= needed), start)
    if not any(filled(row) and not _is_label_row(row) for row in grid[first:]):
        return first
    width = max(len(row) for row in grid[start:])
    if _is_label_row(grid[first]) and _names_every_column(grid[first], grid[first + 1 :], width):
        return first
    # The header joins at most MAX_HEADER_ROWS label rows: those from the first wide row down
    # (names, units, a group's label) leave the room there is above.
    below = 0
    while first + below < len(grid) and _is_label_row(grid[first + below]):
        below += 1
    top, most = first, MAX_HEADER_ROWS - below
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
    rows = [_padded(r, width) for r in body[:10] if filled(r)]
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


def filled(row: list[Any]) -> int:
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


def header(
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
        # Merged across the whole table, it is a group's label row, not a header cell.
        if min_row == excel_row and 1 < max_col - min_col + 1 < 0.8 * width:
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
        for r in (_padded(r, width) for r in body[:10] if filled(r))
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
