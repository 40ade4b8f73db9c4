"""Parquet: read by pyarrow, a batch at a time, into flat columns Insights can query.

pyarrow is the reference reader: any file it opens is read. Nested structs become dotted
columns (``address.city``), lists and maps become JSON text, exactly as for JSON uploads.
Spark's INT96 timestamps are read at microsecond precision so old or far-future dates do not
overflow, and dates or times outside the years 1 to 9999 (which no Python, DuckDB or
spreadsheet date can hold) are kept as text, with a note on the column.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from symphainy.content.parsers import tables
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)

BATCH_ROWS = 65_536
_OUT_OF_RANGE = "values outside the years 1 to 9999 kept as text"


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - 4, 0))
        if path.stat().st_size < 12 or handle.read(4) != b"PAR1":
            raise ParseError("the Parquet file is truncated (its footer is missing)")
    try:
        source = pq.ParquetFile(path, coerce_int96_timestamp_unit="us")
    except (pa.ArrowException, OSError) as exc:
        raise ParseError(f"the Parquet file cannot be read: {exc}") from exc
    rows = source.metadata.num_rows
    labels = _flat_labels(source.schema_arrow)
    cleaned = tables.clean_names(labels)
    tables.check_shape(rows, len(cleaned), limits, "the Parquet file")
    names = [name for name, _ in cleaned]
    target = out_dir / "table_0.parquet"
    notes: dict[str, list[str]] = {}
    text_columns = _text_columns(source, names)
    writer: pq.ParquetWriter | None = None
    done = 0
    try:
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            flat = _flatten(batch, names, text_columns)
            if writer is None:
                writer = pq.ParquetWriter(target, flat.schema, compression="zstd")
            writer.write_table(flat)
            done += batch.num_rows
            progress(0.1 + 0.8 * done / max(rows, 1), f"Copied {done:,} of {rows:,} rows")
        if writer is None:  # no row groups: an empty table with the file's columns
            empty = pa.table({n: pa.array([], pa.string()) for n in names})
            writer = pq.ParquetWriter(target, empty.schema)
            writer.write_table(empty)
    except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:
        if writer is not None:
            writer.close()
            writer = None
        target.unlink(missing_ok=True)
        raise ParseError(f"the Parquet file cannot be read: {exc}") from exc
    finally:
        if writer is not None:
            writer.close()
    for name in text_columns:
        notes.setdefault(name, []).append(_OUT_OF_RANGE)
    table = tables.finish_table(path.stem, target, cleaned, {}, clean_rows=False)
    for column in table.columns:
        if column.name in notes:
            column.reading = {**column.reading, "notes": notes[column.name]}
    progress(1.0, f"Copied {table.rows:,} rows")
    return ParseResult(kind=FileKind.dataset, tables=[table])


def _flat_labels(schema: pa.Schema) -> list[str]:
    labels: list[str] = []

    def walk(field: pa.Field, prefix: str) -> None:
        label = f"{prefix}{field.name}"
        if pa.types.is_struct(field.type):
            for index in range(field.type.num_fields):
                walk(field.type.field(index), f"{label}.")
        else:
            labels.append(label)

    for field in schema:
        walk(field, "")
    return labels


def _leaves(batch: pa.RecordBatch) -> list[pa.Array]:
    arrays: list[pa.Array] = []

    def walk(array: pa.Array) -> None:
        if pa.types.is_struct(array.type):
            for child in array.flatten():  # a null struct makes its fields null
                walk(child)
        else:
            arrays.append(array)

    for column in batch.columns:
        walk(column)
    return arrays


def _text_columns(source: pq.ParquetFile, names: list[str]) -> set[str]:
    """Date and time columns holding a value outside the years 1 to 9999 (kept as text)."""
    found: set[str] = set()
    for batch in source.iter_batches(batch_size=BATCH_ROWS):
        for name, array in zip(names, _leaves(batch), strict=True):
            if name not in found and _out_of_range(array):
                found.add(name)
    return found


def _out_of_range(array: pa.Array) -> bool:
    kind = array.type
    if not (pa.types.is_date(kind) or pa.types.is_timestamp(kind)) or array.null_count == len(
        array
    ):
        return False
    if pa.types.is_timestamp(kind) and kind.tz is not None:
        kind = pa.timestamp(kind.unit)
        array = array.cast(kind)
    unit = "us" if pa.types.is_timestamp(kind) else None
    if unit is None:
        values = pc.min_max(array.cast(pa.int32()))
        low, high = dt.date.min.toordinal() - 719163, dt.date.max.toordinal() - 719163
    else:
        values = pc.min_max(array.cast(pa.timestamp("us"), safe=False).cast(pa.int64()))
        epoch = dt.datetime(1970, 1, 1)
        low = int((dt.datetime.min - epoch).total_seconds() * 1_000_000)
        high = int((dt.datetime.max - epoch).total_seconds() * 1_000_000)
    smallest, largest = values["min"].as_py(), values["max"].as_py()
    return bool(smallest < low or largest > high)


def _flatten(batch: pa.RecordBatch, names: list[str], as_text: set[str]) -> pa.Table:
    columns: dict[str, pa.Array] = {}
    for name, array in zip(names, _leaves(batch), strict=True):
        if name in as_text:
            columns[name] = _dates_as_text(array)
        elif pa.types.is_dictionary(array.type):
            columns[name] = array.dictionary_decode()
        elif _nested(array.type):
            values = array.to_pylist()
            if pa.types.is_map(array.type):  # pairs -> an object, as DuckDB's to_json writes
                values = [None if v is None else dict(v) for v in values]
            columns[name] = pa.array(
                [
                    None
                    if v is None
                    else json.dumps(v, default=str, separators=(",", ":"), ensure_ascii=False)
                    for v in values
                ],
                pa.string(),
            )
        elif pa.types.is_timestamp(array.type) and array.type.unit == "ns":
            columns[name] = array.cast(pa.timestamp("us", array.type.tz), safe=False)
        else:
            columns[name] = array
    return pa.table(columns)


def _nested(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_list(kind)
        or pa.types.is_large_list(kind)
        or pa.types.is_fixed_size_list(kind)
        or pa.types.is_map(kind)
        or pa.types.is_union(kind)
    )


def _dates_as_text(array: pa.Array) -> pa.Array:
    """ISO text of each value, computed from Arrow's integers so no Python date overflows."""
    if pa.types.is_date(array.type):
        days = array.cast(pa.int32()).to_pylist()
        return pa.array([None if d is None else _iso_day(d) for d in days], pa.string())
    micros = array.cast(pa.timestamp("us"), safe=False).cast(pa.int64()).to_pylist()
    return pa.array(
        [None if m is None else f"{_iso_day(m // 86_400_000_000)}T{_clock(m)}" for m in micros],
        pa.string(),
    )


def _iso_day(days: int) -> str:
    """Proleptic Gregorian date of a day count from 1970-01-01, for any year."""
    # Howard Hinnant's civil_from_days, valid far beyond Python's years 1 to 9999.
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    year = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year += 1 if month <= 2 else 0
    return f"{year:04d}-{month:02d}-{day:02d}"


def _clock(micros: int) -> str:
    seconds = (micros // 1_000_000) % 86_400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
