"""Second reading of a written table: type the text columns and drop rows that are not data.

Loaders (DuckDB for CSV, openpyxl for workbooks) type clean columns fast; a column they left
as text because of an ``NA``, a ``1,234`` or a ``14/03/2024`` is re-read here from the
evidence of all its distinct values. Columns that are clearly text are decided from a sample
and only have their missing markers handled, with vectorised Arrow kernels, so a 100 MB file
of clean data costs little more than reading its text columns once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from symphainy.content.tables import rows, scan
from symphainy.content.tables.columns import (
    PADDED_NOTE,
    ColumnReading,
    ReadingOptions,
    current_options,
    read_column,
    settle_text_markers,
)
from symphainy.content.tables.flags import is_flag, names_a_flag
from symphainy.content.tables.markers import MARKERS
from symphainy.content.tables.numbers import names_a_calendar_part, names_a_serial
from symphainy.content.tables.serials import COMPACT_NOTE, compact_dates, names_a_date

_ARROW = {
    "integer": pa.int64(),
    "float": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us"),
}


@dataclass
class TableReading:
    """What the second reading decided, for the parse summary and the column metadata."""

    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    repeated_headers: int = 0
    blank_rows: int = 0
    footer_rows: int = 0
    totals: list[dict[str, Any]] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        markers: dict[str, dict[str, int]] = {}
        kept: dict[str, list[str]] = {}
        for name, info in self.columns.items():
            for marker, cells in info.get("missing_markers", {}).items():
                entry = markers.setdefault(marker, {"columns": 0, "cells": 0})
                entry["columns"] += 1
                entry["cells"] += cells
            for marker in info.get("markers_kept_as_text", {}):
                kept.setdefault(marker, []).append(name)
        decisions = [
            f"{marker!r} read as missing in {e['columns']} column"
            f"{'s' if e['columns'] != 1 else ''}, {e['cells']:,} cells"
            for marker, e in markers.items()
            if marker != "(blank)"
        ]
        decisions += [
            f"{marker!r} kept as text in {', '.join(names)}" for marker, names in kept.items()
        ]
        if self.totals:
            decisions.append(f"{len(self.totals)} total/subtotal row(s) excluded")
        if self.repeated_headers:
            decisions.append(f"{self.repeated_headers} repeated header row(s) removed")
        out: dict[str, Any] = {"decisions": decisions, "missing_markers": markers}
        if kept:
            out["markers_kept_as_text"] = kept
        if self.totals:
            out["excluded_total_rows"] = self.totals
        if self.repeated_headers:
            out["repeated_header_rows"] = self.repeated_headers
        if self.blank_rows:
            out["blank_rows"] = self.blank_rows
        if self.footer_rows:
            out["notes_below_rows"] = self.footer_rows
            decisions.append(f"{self.footer_rows} note row(s) below the table excluded")
        if self.dropped_columns:
            out["dropped_empty_columns"] = self.dropped_columns
        return out


def refine(
    path: Path,
    decimal_hint: str = ".",
    options: ReadingOptions | None = None,
    generated_names: frozenset[str] = frozenset(),
    clean_rows: bool = True,
) -> TableReading:
    """Re-read the text columns of the Parquet file at ``path`` in place.

    ``clean_rows``: drop blank, repeated-header, total and note rows; off for typed sources
    (Parquet), whose every row is a record.
    """
    options = options or current_options.get() or ReadingOptions()
    report = TableReading()
    _typed_flags(path, report, options)
    schema = pq.read_schema(path)
    text_names = [
        f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
    ]
    if not text_names or not scan.needs_second_reading(
        path, text_names, schema.names, generated_names
    ):
        return report
    source = pq.ParquetFile(path)
    table = source.read()
    report.footer_rows = rows.footer_rows(table) if clean_rows else 0
    if report.footer_rows:
        table = table.slice(0, table.num_rows - report.footer_rows)
    drop_mask = _non_data_rows(table, report) if clean_rows else None
    if drop_mask is not None:
        table = table.filter(pc.invert(drop_mask))
    for index, label in rows.total_rows(table) if clean_rows else []:
        report.totals.append({"row": index + 1, "label": label})
    summed = rows.sum_row(table) if clean_rows else None
    if summed is not None and all(t["row"] != summed[0] + 1 for t in report.totals):
        report.totals.append(
            {"row": summed[0] + 1, "label": summed[1], "sums_the_rows_above": True}
        )
    if report.totals:
        dropped = {t["row"] - 1 for t in report.totals}
        keep = pc.invert(pc.is_in(pa.array(range(table.num_rows)), value_set=pa.array(dropped)))
        table = table.filter(keep)
    changed = drop_mask is not None or bool(report.totals) or bool(report.footer_rows)

    readings: dict[str, ColumnReading] = {}
    for name in text_names:
        column = table[name]
        hinted = names_a_calendar_part(name), names_a_serial(name)
        if name not in options.keep_text and _may_be_typed(column, *hinted):
            readings[name] = read_column(name, _counts(column), decimal_hint, options)
    if any(r.notes and r.notes[0].startswith(PADDED_NOTE) for r in readings.values()):
        for name in text_names:  # a fixed-width export: its padded whole numbers too
            if name in options.keep_text or readings.get(name, _TEXT).kind != "text":
                continue
            padded = read_column(name, _counts(table[name]), decimal_hint, options, True)
            if padded.kind != "text":
                readings[name] = padded
    for name, word in _standing_words(table, text_names, readings, options).items():
        worded = read_column(name, _counts(table[name]), decimal_hint, options, False, word)
        if worded.kind in ("integer", "float"):
            readings[name] = worded
    file_markers = frozenset(
        marker
        for reading in readings.values()
        if reading.kind != "text"
        for marker in reading.missing
        if marker != "(blank)"
    )
    for name in text_names:
        reading = readings.get(name)
        if reading is None or reading.kind == "text":
            markers = _marker_counts(table[name])
            column = table[name]
            only = sum(markers.values()) == len(column) - column.null_count
            readings[name] = settle_text_markers(name, markers, file_markers, options, only)

    replaced: dict[str, pa.ChunkedArray] = {}
    for name, reading in readings.items():
        if reading.kind == "integer" and name not in options.keep_text:
            _as_flag(name, reading)
        info = reading.describe()
        if info:
            report.columns[name] = info
        new = _apply(table[name], reading)
        if new is not None:
            replaced[name] = new
    empty = [
        n
        for n in table.column_names
        if n in generated_names
        and replaced.get(n, table[n]).null_count == table.num_rows
        and len(schema) > 1
    ]
    if not (changed or replaced or empty):
        return report
    for name, column in replaced.items():
        table = table.set_column(table.schema.get_field_index(name), name, column)
    if empty:
        table = table.drop_columns(empty)
        report.dropped_columns.extend(empty)
    pq.write_table(table, path, compression="snappy")
    return report


_TEXT = ColumnReading(kind="text")
_FLAG_NOTE = "0/1 read as no/yes: the header names a flag (reprocess with keep_text to undo)"


def _as_flag(name: str, reading: ColumnReading) -> None:
    """Turn an integer reading of 0/1 under a flag's name into a boolean one, in place."""
    if is_flag(name, {v for v in reading.values.values() if v is not None}):
        reading.kind = "boolean"
        reading.values = {k: None if v is None else bool(v) for k, v in reading.values.items()}
        reading.notes.append(_FLAG_NOTE)


def _typed_flags(path: Path, report: TableReading, options: ReadingOptions) -> None:
    """Loader-typed integer columns of 0/1 whose header names a flag become booleans, and
    those of yyyymmdd days under a header naming a date become dates."""
    schema = pq.read_schema(path)
    candidates = [
        f.name
        for f in schema
        if pa.types.is_integer(f.type)
        and (names_a_flag(f.name) or names_a_date(f.name))
        and f.name not in options.keep_text
    ]
    if not candidates:
        return
    table = pq.read_table(path)
    changed = False
    for name in candidates:
        days = compact_dates(name, table[name])
        if days is not None:
            table = table.set_column(table.schema.get_field_index(name), name, days)
            report.columns[name] = {"notes": [COMPACT_NOTE]}
            changed = True
            continue
        if not names_a_flag(name):
            continue
        distinct = {v for v in pc.unique(table[name]).to_pylist() if v is not None}
        if is_flag(name, distinct):
            flags = pc.cast(table[name], pa.bool_())
            table = table.set_column(table.schema.get_field_index(name), name, flags)
            report.columns[name] = {"notes": [_FLAG_NOTE]}
            changed = True
    if changed:
        pq.write_table(table, path, compression="snappy")


def _non_data_rows(table: pa.Table, report: TableReading) -> pa.Array | None:
    """Rows that repeat the header or are blank in every column; None when there are none."""
    repeated = rows.repeated_header_rows(table)
    both = pc.or_(repeated, rows.blank_rows(table))
    report.repeated_headers = int(pc.sum(pc.cast(repeated, pa.int64())).as_py() or 0)
    report.blank_rows = (
        int(pc.sum(pc.cast(both, pa.int64())).as_py() or 0) - report.repeated_headers
    )
    return both if report.repeated_headers or report.blank_rows else None


def _standing_words(
    table: pa.Table,
    text_names: list[str],
    readings: dict[str, ColumnReading],
    options: ReadingOptions,
) -> dict[str, frozenset[str]]:
    """Text columns whose only untyped value is one word that stands in for numbers in two
    columns or more of the file, in two rows or more ("NReq", not required; "DNF"):
    {column: that word}.

    One column alone is not evidence ("Adult" among ages stays text); the same word in the
    place of numbers across the file is its marker, reported like one and undone with
    keep_markers.
    """
    found: dict[str, str] = {}
    for name in text_names:
        if name in options.keep_text or name in options.keep_markers:
            continue
        if readings.get(name, _TEXT).kind != "text":
            continue
        word = scan.standing_word(pc.unique(table[name].slice(0, scan.SAMPLE)).to_pylist())
        if word is not None:
            found[name] = word
    # In two rows at least: a row of words across number columns is a header row the file
    # did not show as one ("lh", "rh" under a headerless table's names), not a marker.
    rows_of: dict[str, set[int]] = {}
    columns_of: dict[str, int] = {}
    for name, word in found.items():
        columns_of[word] = columns_of.get(word, 0) + 1
        same = pc.equal(pc.utf8_trim_whitespace(table[name]), word)
        rows_of.setdefault(word, set()).update(
            pc.indices_nonzero(pc.fill_null(same, False)).to_pylist()
        )
    return {
        name: frozenset({w})
        for name, w in found.items()
        if columns_of[w] >= 2 and len(rows_of[w]) >= 2
    }


def _may_be_typed(column: pa.ChunkedArray, calendar_part: bool, serial: bool) -> bool:
    """Whether a sample of the column could all be numbers, dates or booleans (cheap reject)."""
    head = column.slice(0, scan.SAMPLE).drop_null()
    values = pc.unique(head).to_pylist()
    return all(scan.could_be_typed(str(v), calendar_part, serial) for v in values)


def _counts(column: pa.ChunkedArray) -> dict[str, int]:
    counted = pc.value_counts(column.drop_null())
    values = counted.field("values").to_pylist()
    numbers = counted.field("counts").to_pylist()
    return {str(v): int(n) for v, n in zip(values, numbers, strict=True)}


def _marker_counts(column: pa.ChunkedArray) -> dict[str, int]:
    trimmed = pc.utf8_trim_whitespace(column)
    candidates = pa.array(["", *sorted(MARKERS)])
    mask = pc.fill_null(pc.is_in(trimmed, value_set=candidates), False)
    hits = column.filter(mask)
    return _counts(hits) if len(hits) else {}


def _apply(column: pa.ChunkedArray, reading: ColumnReading) -> pa.ChunkedArray | None:
    if reading.kind == "text":
        nulled = [raw for raw, value in reading.values.items() if value is None]
        if not nulled:
            return None
        trimmed = pc.utf8_trim_whitespace(column)
        mask = pc.is_in(trimmed, value_set=pa.array(sorted({r.strip() for r in nulled})))
        return pc.if_else(pc.fill_null(mask, False), pa.scalar(None, column.type), column)
    target = _ARROW[reading.kind]
    keys = list(reading.values)
    values = [_arrow_value(reading.values[k], reading.kind) for k in keys]
    lookup = pa.array(values, type=target)
    index = pc.index_in(column, value_set=pa.array(keys, type=column.type))
    return pa.chunked_array([lookup.take(chunk) for chunk in index.chunks], type=target)


def _arrow_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value
