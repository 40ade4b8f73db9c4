"""One DuckDB pass that tells whether a written table needs its second reading at all.

Most uploads are clean: no marker, no total row, no repeated header, no text column that
could be numbers or dates. DuckDB answers that in one parallel scan of the text columns,
without converting a single cell to Python, so a clean 100 MB file costs only that scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from symphainy.content.tables.dates import parse_written_date
from symphainy.content.tables.markers import MARKERS, is_typed_marker
from symphainy.content.tables.numbers import (
    PADDED_FIXED,
    PADDED_PART,
    PADDED_SERIAL,
    names_a_calendar_part,
    names_a_serial,
    parse_number,
)
from symphainy.content.tables.rows import sums_match
from symphainy.core import duckdb_pool

SAMPLE = 20_000
HEAD_ROWS = 100_000
TAIL_ROWS = 1_000
# A looser form of rows.TOTAL_LABEL that RE2 can check without trimming each cell first.
SCAN_TOTAL = r"^\s*((grand|sub)[- ]?)?total|^\s*(sum|gesamt|insgesamt|totaux|summe)"
_BOOL_WORDS = frozenset({"true", "false", "yes", "no", "y", "n"})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def needs_second_reading(
    path: Path, text_names: list[str], all_names: list[str], generated: frozenset[str]
) -> bool:
    """Whether any text column may be typed, holds markers, or any row is not data."""
    whole = f"read_parquet({_literal(str(path))})"
    rows = pq.ParquetFile(path).metadata.num_rows
    source = whole
    if rows > HEAD_ROWS + TAIL_ROWS:
        # Large tables: the head and the tail (where totals sit). A text column whose typed
        # look or markers only show further down stays text; typed columns are read whole.
        # The tail by row number, not OFFSET: DuckDB skips the row groups before it instead
        # of decoding every column of the whole file (0.24 s -> 0.09 s CPU on 1M rows).
        numbered = f"read_parquet({_literal(str(path))}, file_row_number=true)"
        source = (
            f"(SELECT * FROM (SELECT * FROM {whole} LIMIT {HEAD_ROWS}) UNION ALL "  # noqa: S608
            f"SELECT * EXCLUDE (file_row_number) FROM {numbered} "
            f"WHERE file_row_number >= {rows - TAIL_ROWS})"
        )
    # Cheap forms of each check (no trim, anchored patterns): this only decides whether the
    # exact second reading runs, so it may say yes too often, never too rarely.
    marker = _literal(r"\s*(" + "|".join(re.escape(m) for m in sorted(MARKERS)) + r")?\s*")
    total = _literal(SCAN_TOTAL)
    needed = max(2, (len(all_names) + 1) // 2)
    same = " + ".join(
        f"coalesce({_quote(n)} = {_literal(n.strip())}, false)::INT" for n in text_names
    )
    # The file's statistics rule some checks out without reading a cell: no row is blank when
    # a column has no null anywhere, and a repeated header needs that many text columns.
    nulls = _null_counts(path)
    parts = []
    if all(nulls.get(n) != 0 for n in all_names):
        parts.append(
            f"count(*) FILTER (WHERE {' AND '.join(f'{_quote(n)} IS NULL' for n in all_names)})"
        )
    if len(text_names) >= max(2, needed):
        parts.append(f"count(*) FILTER (WHERE {same} >= {needed})")
    for n in text_names:
        parts.append(f"count(*) FILTER (WHERE regexp_full_match({_quote(n)}, {marker}))")
        parts.append(f"count(*) FILTER (WHERE regexp_matches({_quote(n)}, {total}, 'i'))")
    parts += [
        f"count(*) - count({_quote(n)})" for n in all_names if n in generated and nulls.get(n) != 0
    ]
    con = duckdb_pool.lend()
    try:
        if rows <= HEAD_ROWS and _last_row_sums(con, path, rows):
            return True
        if _last_row_sparse(con, path, rows, len(all_names)):
            return True
        row = con.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchone()  # noqa: S608
        if row is None or any(row):
            return True
        words: set[str] = set()
        for name in text_names:
            values = con.execute(
                f"SELECT DISTINCT {_quote(name)} FROM (SELECT {_quote(name)} FROM {whole} "  # noqa: S608
                f"LIMIT {SAMPLE})"
            ).fetchall()
            part, serial = names_a_calendar_part(name), names_a_serial(name)
            if all(could_be_typed(str(v), part, serial) for (v,) in values if v is not None):
                return True
            word = standing_word(v for (v,) in values)
            if word is not None and word in words:
                return True  # the same word in place of numbers in two columns
            if word is not None:
                words.add(word)
    finally:
        con.close()
    return False


def _last_row_sparse(con: duckdb.DuckDBPyConnection, path: Path, rows: int, width: int) -> bool:
    """Whether the last row of a table of four columns or more fills only a few cells, as a
    note under the table does ("Source: ..."): the exact test of notes below is then run.
    One row is read (DuckDB skips the row groups before it)."""
    if width < 4 or rows < 4:
        return False
    last = con.execute(
        f"SELECT * EXCLUDE (file_row_number) FROM read_parquet({_literal(str(path))}, "  # noqa: S608
        f"file_row_number=true) WHERE file_row_number = {rows - 1}"
    ).fetchone()
    filled = sum(1 for v in last or () if v is not None and str(v).strip())
    return filled <= max(2, int(width * 0.3))


def _null_counts(path: Path) -> dict[str, int | None]:
    """Nulls per top-level column over the whole file, from the row groups' statistics (None
    where a writer left them out)."""
    metadata = pq.ParquetFile(path).metadata
    counts: dict[str, int | None] = {}
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for index in range(row_group.num_columns):
            chunk = row_group.column(index)
            name = chunk.path_in_schema
            if "." in name:  # a nested leaf says nothing about its top-level column here
                counts[name.split(".", 1)[0]] = None
                continue
            stats = chunk.statistics
            known = stats is not None and stats.has_null_count
            previous = counts.get(name, 0)
            counts[name] = None if previous is None or not known else previous + stats.null_count
    return counts


def _last_row_sums(con: duckdb.DuckDBPyConnection, path: Path, rows: int) -> bool:
    """Whether the last row adds up the rows above it (a totals row without a Total label).

    Tables past HEAD_ROWS rows are not asked: reports with totals are small, and summing their
    number columns whole would cost every large upload a pass. DuckDB, not pyarrow, reads
    them: a clean file then never loads pandas (which pyarrow's readers import)."""
    numbers = [
        name
        for name, sql_type, *_ in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_literal(str(path))})"  # noqa: S608
        ).fetchall()
        if sql_type in _NUMBER_TYPES
    ]
    if len(numbers) < 3 or rows < 3:
        return False
    numbered = f"read_parquet({_literal(str(path))}, file_row_number=true)"
    last = f"file_row_number = {rows - 1}"
    parts = [
        f"max({_quote(n)}) FILTER (WHERE {last}), sum({_quote(n)}) FILTER (WHERE NOT {last})"
        for n in numbers
    ]
    row = con.execute(f"SELECT {', '.join(parts)} FROM {numbered}").fetchone()  # noqa: S608
    if row is None:
        return False
    pairs = [(row[2 * i], row[2 * i + 1]) for i in range(len(numbers))]
    return sums_match([(v, None if t is None else float(t)) for v, t in pairs])


_NUMBER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"}
    | {"UINTEGER", "UBIGINT", "FLOAT", "DOUBLE"}
)


# A word written in place of a number: letters, at least two, maybe with "." "/" "-".
_WORD = re.compile(r"[A-Za-z][A-Za-z./-]{1,11}")


def standing_word(values: Iterable[object]) -> str | None:
    """The one word among numbers of a column sample's distinct values ("NReq" among coverage
    rates), if the others are at least two numbers and markers; None otherwise. Stops at the
    second untyped value, so a text column costs two checks."""
    word: str | None = None
    numbers = 0
    for value in values:
        if value is None:
            continue
        text = str(value).strip()
        if not could_be_typed(text):
            if word is not None or not _WORD.fullmatch(text):
                return None
            word = text
        elif numbers < 2 and (parse_number(text, ".") or parse_number(text, ",")):
            numbers += 1
    return word if numbers >= 2 else None


def could_be_typed(value: str, calendar_part: bool = False, serial: bool = False) -> bool:
    """Cheap check; ``calendar_part``: the header names a month/day/hour, so "09" counts;
    ``serial``: the header names a number, so "0001337928" counts."""
    text = value.strip()
    if is_typed_marker(text) or text.lower() in _BOOL_WORDS:
        return True
    if calendar_part and PADDED_PART.fullmatch(text):
        return True
    if serial and PADDED_SERIAL.fullmatch(text):
        return True
    if PADDED_FIXED.fullmatch(text):
        return True
    return bool(parse_number(text, ".") or parse_number(text, ",") or parse_written_date(text))
