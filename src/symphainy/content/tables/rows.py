"""Rows that are not data: blank rows, a header repeated in the body, totals and subtotals.

They are found before the columns are typed (a repeated header would keep every numeric
column as text) and excluded by default, because a "Total" row doubles every sum.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from symphainy.content.tables.numbers import parse_number

TOTAL_LABEL = r"^(grand\s+|sub[- ]?)?totals?\b|^sum$|^gesamt|^insgesamt|^totaux?\b|^summe\b"
_TOTAL = re.compile(TOTAL_LABEL, re.IGNORECASE)
# "System total", "State Total": a total only when its numbers add up the rows above it.
_ENDS_TOTAL = r"\btotals?$"
# Subtotals are confirmed by adding rows up, in Python: reports that have them are small.
SUMMED_ROWS = 10_000
# The first byte of every cell TOTAL_LABEL may match once trimmed: the first letter of its
# words in either case, an ASCII blank, or the lead byte of a Unicode space (U+00A0, U+1680,
# U+2000-U+205F, U+3000).
_TOTAL_LEAD_BYTES = [c.encode() for c in "gGsStTiI \t\n\r\x0b\x0c"] + [
    b"\xc2",
    b"\xe1",
    b"\xe2",
    b"\xe3",
]


@functools.cache
def _total_leads() -> pa.Array:
    # Built on first use, not at import: pyarrow's first array from Python objects imports
    # pandas (about 40 MB and half a second), which a clean upload never needs.
    return pa.array(_TOTAL_LEAD_BYTES)


def _text_columns(table: pa.Table) -> list[str]:
    return [
        f.name
        for f in table.schema
        if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
    ]


def repeated_header_rows(table: pa.Table) -> pa.Array:
    """Rows whose text cells repeat the column names (a header pasted again mid-file)."""
    names = _text_columns(table)
    if len(names) < 2 or table.num_rows == 0:
        return pa.repeat(False, table.num_rows)
    needed = max(2, (len(table.schema) + 1) // 2)
    nothing = pa.repeat(False, table.num_rows)
    if len(names) < needed:
        return nothing
    hits = pa.repeat(pa.scalar(0, pa.int64()), table.num_rows)
    for done, name in enumerate(names, start=1):
        same = pc.equal(pc.utf8_lower(pc.utf8_trim_whitespace(table[name])), name.strip().lower())
        hits = pc.add(hits, pc.cast(pc.fill_null(same, False), pa.int64()))
        # No row can reach `needed` any more: the columns left are too few (most files stop
        # after the first few columns instead of lower-casing every text cell).
        if (pc.max(hits).as_py() or 0) + len(names) - done < needed:
            return nothing
    return pc.greater_equal(hits, needed)


def blank_rows(table: pa.Table) -> pa.Array:
    """Rows where every cell is empty or whitespace."""
    blank = pa.repeat(True, table.num_rows)
    # Typed columns first (a null test is nearly free), and stop once no row can be blank.
    fields = sorted(table.schema, key=lambda f: _is_text(f.type))
    for field in fields:
        column = table[field.name]
        if _is_text(field.type):
            empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(column), ""), True)
        else:
            empty = pc.is_null(column)
        blank = pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return pa.repeat(False, table.num_rows)
    return blank


def _is_text(arrow_type: pa.DataType) -> bool:
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def total_rows(table: pa.Table) -> list[tuple[int, str]]:
    """(row index, label) of rows that start with a Total/Subtotal label and carry numbers.

    A label column where most values say "total" is a category, not a totals marker, so at
    most a few rows (5%, at least 3) are taken.
    """
    rows = table.num_rows
    found: dict[int, str] = {}
    for name in _text_columns(table):
        # A test of each cell's first byte keeps every row that may hold a label (it accepts
        # more, but costs a tenth of a regular expression); only those are matched exactly.
        lead = pc.binary_slice(table[name].cast(pa.binary()), 0, 1)
        maybe = pc.fill_null(pc.is_in(lead, value_set=_total_leads()), False)
        candidates = pc.indices_nonzero(maybe)
        if len(candidates) == 0:
            continue
        cells = pc.utf8_trim_whitespace(pc.take(table[name], candidates))
        matches = pc.match_substring_regex(cells, TOTAL_LABEL, ignore_case=True)
        hits = pc.filter(candidates, pc.fill_null(matches, False)).to_pylist()
        if not hits or len(hits) > max(3, rows // 20):
            continue
        for index in hits:
            found.setdefault(int(index), name)
    confirmed = _labelled(table, found)
    if rows <= SUMMED_ROWS:
        taken = {index for index, _ in confirmed}
        confirmed += [t for t in subtotal_rows(table) if t[0] not in taken]
    return sorted(confirmed)


def subtotal_rows(table: pa.Table) -> list[tuple[int, str]]:
    """(row index, label) of rows labelled as totals, however many, whose numbers add up the
    rows above them: a SUB-TOTAL after each group, a SYSTEM TOTAL after several groups.

    Each such row is compared with the sums of the rows since the previous total (a subtotal)
    and since the previous total of several groups (a total of subtotals).
    """
    found: dict[int, str] = {}
    for name in _text_columns(table):
        cells = pc.utf8_trim_whitespace(table[name])
        matches = pc.or_(
            pc.match_substring_regex(cells, TOTAL_LABEL, ignore_case=True),
            pc.match_substring_regex(cells, _ENDS_TOTAL, ignore_case=True),
        )
        for index in pc.indices_nonzero(pc.fill_null(matches, False)).to_pylist():
            found.setdefault(int(index), name)
    labelled = {index for index, _ in _labelled(table, found, any_label=True)}
    if not labelled:
        return []
    # Before the second reading, columns with a marker ("N/A") are still text: numbers are
    # read from the cells as written.
    names = table.column_names
    values = [[_number_in(record[n]) for n in names] for record in table.to_pylist()]
    since_total = [0.0] * len(names)
    since_group = [0.0] * len(names)
    confirmed: list[tuple[int, str]] = []
    for index, row in enumerate(values):
        if index not in labelled:
            for k, value in enumerate(row):
                since_total[k] += value or 0
                since_group[k] += value or 0
            continue
        subtotal = sums_match(list(zip(row, since_total, strict=True)))
        if subtotal or sums_match(list(zip(row, since_group, strict=True))):
            confirmed.append((index, str(table[found[index]][index].as_py()).strip()))
            since_total = [0.0] * len(names)
            if not subtotal:  # a total of several groups closes them all
                since_group = [0.0] * len(names)
    return confirmed


def _number_in(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    number = parse_number(str(value).strip(), ".")
    return number.value if number is not None else None


def _labelled(
    table: pa.Table, found: dict[int, str], any_label: bool = False
) -> list[tuple[int, str]]:
    """Rows whose total label is the first filled cell and that carry numbers after it."""
    confirmed: list[tuple[int, str]] = []
    for index, column in sorted(found.items()):
        record = table.slice(index, 1).to_pylist()[0]
        cells = list(record.items())
        position = next(i for i, (key, _) in enumerate(cells) if key == column)
        before = [v for _, v in cells[:position] if v is not None and str(v).strip()]
        after = [v for _, v in cells[position + 1 :] if v is not None and str(v).strip()]
        label = str(record[column]).strip()
        if before or not (any_label or _TOTAL.match(label)):
            continue
        if any(_is_number(v) for v in after):
            confirmed.append((index, label))
    return confirmed


def sum_row(table: pa.Table) -> tuple[int, str] | None:
    """(index, label) of a last row whose numbers are the sums of the rows above it.

    A totals row need not say "Total": a state's row under its districts ("BW" under 38
    constituencies), a country under its regions. At least three number columns with a
    non-zero sum, and four in five of those the last row fills, must add up.
    """
    last = table.num_rows - 1
    if last < 2:
        return None
    above = table.slice(0, last)
    pairs = []
    for field in table.schema:
        if pa.types.is_integer(field.type) or pa.types.is_floating(field.type):
            pairs.append((table[field.name][last].as_py(), pc.sum(above[field.name]).as_py()))
    if not sums_match(pairs):
        return None
    record = table.slice(last, 1).to_pylist()[0]
    label = next((str(v).strip() for v in record.values() if isinstance(v, str) and v.strip()), "")
    return last, label


def sums_match(pairs: list[tuple[Any, Any]]) -> bool:
    """Whether a row's numbers are the column sums above it: (value, sum) per number column.

    At least three columns with a non-zero sum, and four in five of those the row fills, must
    add up (to a cent: printed totals of money are rounded)."""
    tested = matched = 0
    for value, total in pairs:
        if value is None or total is None or total == 0:
            continue
        tested += 1
        matched += abs(value - total) <= max(0.011, 1e-9 * abs(total))
    return matched >= 3 and matched >= 0.8 * tested


def _is_number(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    text = str(value).strip()
    return parse_number(text, ".") is not None or parse_number(text, ",") is not None


def footer_rows(table: pa.Table) -> int:
    """How many rows at the end are notes below the table (sources, footnotes, a timestamp).

    The tail rows each fill at most a few cells of a wide table whose body fills most, and
    they read as notes: a blank row sets them apart, or they only use the first two columns
    and one of them is a sentence. A table that simply ends with sparse records has neither.
    """
    width = table.num_columns
    if width < 4 or table.num_rows < 4:
        return 0
    # Only the last 200 rows are looked at, so only they are read into Python.
    tail = table.slice(max(0, table.num_rows - 200))
    cells: list[list[str]] = [["" for _ in range(width)] for _ in range(tail.num_rows)]
    counts = [0] * tail.num_rows
    for c, field in enumerate(tail.schema):
        for row, value in enumerate(tail[field.name].to_pylist()):
            text = "" if value is None else str(value).strip()
            cells[row][c] = text
            counts[row] += 1 if text else 0
    sparse = max(2, int(width * 0.3))
    start = len(counts)
    while start > 0 and counts[start - 1] <= sparse:
        start -= 1
    if start == len(counts) or sum(1 for c in counts[:start] if c > sparse) < 3:
        return 0
    block = range(start, len(counts))
    if 0 in [counts[i] for i in block]:
        first_blank = next(i for i in block if counts[i] == 0)
        # "Source: ..." and "Notes:" lines sit directly under the table, the blank row comes
        # after them: one-cell lines, one of them a sentence, are notes too.
        lead = range(start, first_blank)
        one_cell = all(counts[i] == 1 and cells[i][0] for i in lead)
        if lead and one_cell and any(len(cells[i][0]) > 30 for i in lead):
            return len(counts) - start
        return len(counts) - first_blank
    notes_only = all(not any(cells[i][2:]) for i in block)
    if notes_only and any(len(cell) > 30 for i in block for cell in cells[i][:2]):
        return len(counts) - start
    return 0
