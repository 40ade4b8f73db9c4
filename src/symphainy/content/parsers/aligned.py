"""Tables whose columns are aligned by spaces (fixed width), as text reports print them.

Rating tables, mainframe and statistics-program listings: no delimiter splits the lines, and
runs of spaces do not either (a name holding a space, "Ohio St", sits in one column; a
right-aligned number is one space from the next column). What marks the columns is the
layout: character positions that are blank on every line separate them, as pandas'
``read_fwf`` and readr's ``read_table`` infer them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from symphainy.content.parsers.dialect import detect_dialect
from symphainy.content.tables import headers

Span = tuple[int, int | None]


def fixed_columns(text: str) -> list[Span]:
    """The columns' character spans of a fixed-width table, or [] when ``text`` is not one.

    Five lines at least, none split by a delimiter; three columns at least, each named on the
    first line (the header); two of them numbers on every line below it. The last column runs
    to the end of the line.
    """
    lines = [line.rstrip("\r\n") for line in text.splitlines()[:200] if line.strip()]
    if len(lines) < 5 or "\t" in text[:4096] or detect_dialect(lines[:50]) is not None:
        return []
    width = max(len(line) for line in lines)
    filled = [any(i < len(line) and line[i] != " " for line in lines) for i in range(width)]
    spans: list[Span] = []
    start: int | None = None
    for position, used in enumerate([*filled, False]):
        if used and start is None:
            start = position
        elif not used and start is not None:
            spans.append((start, position))
            start = None
    if len(spans) < 3 or any(not lines[0][a:b].strip() for a, b in spans):
        return []
    body = [[line[a:b].strip() for a, b in spans] for line in lines[1:]]
    numeric = sum(
        all(headers.is_data_value(row[i]) for row in body if row[i]) and any(row[i] for row in body)
        for i in range(len(spans))
    )
    if numeric < 2:
        return []
    return [*spans[:-1], (spans[-1][0], None)]


def _fields(line: str, spans: list[Span]) -> list[str]:
    return [line[a:b].strip() for a, b in spans]


def fixed_to_comma_lines(lines: list[str], spans: list[Span]) -> list[str]:
    out = []
    for line in lines:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(_fields(line.rstrip("\r\n"), spans))
        out.append(buffer.getvalue())
    return out


def fixed_to_comma(source: Path, target: Path, spans: list[Span]) -> None:
    """Rewrite a fixed-width file as CSV, line by line (blank lines dropped)."""
    with (
        source.open(encoding="utf-8-sig", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        out = csv.writer(writer, lineterminator="\n")
        for line in reader:
            if line.strip():
                out.writerow(_fields(line.rstrip("\r\n"), spans))
