"""Python values to Arrow columns, a batch at a time.

Workbooks and JSON arrive as Python values. Holding a million rows of them costs gigabytes,
so rows are gathered in batches, each batch becomes compact Arrow arrays with the narrowest
honest type, and the batches are reconciled at the end (int + float -> float, date +
timestamp -> timestamp, anything + text -> text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

import pyarrow as pa

from symphainy.content.parsers.base import ParseError, ParseLimits

BATCH_ROWS = 50_000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


K = TypeVar("K", bound=Hashable)


class ColumnBuilder(Generic[K]):
    """Collects records keyed by column; new keys may appear at any row."""

    def __init__(self, limits: ParseLimits, what: str) -> None:
        self.limits = limits
        self.what = what
        self.rows = 0
        self._chunks: dict[K, list[pa.Array]] = {}
        self._pending: dict[K, list[Any]] = {}
        self._pending_rows = 0

    @property
    def keys(self) -> list[K]:
        return list(self._chunks)

    def declare(self, keys: Iterable[K]) -> None:
        """Fix the order of known columns before any row arrives."""
        for key in keys:
            self._chunks.setdefault(key, [])

    def add(self, record: dict[K, Any]) -> None:
        for key, value in record.items():
            column = self._pending.get(key)
            if column is None:
                if key not in self._chunks:
                    if len(self._chunks) >= self.limits.max_columns:
                        raise ParseError(
                            f"{self.what} has more than {self.limits.max_columns:,} columns"
                        )
                    flushed = self.rows - self._pending_rows
                    self._chunks[key] = [pa.nulls(flushed)] if flushed else []
                column = self._pending[key] = [None] * self._pending_rows
            column.append(value)
        self.rows += 1
        self._pending_rows += 1
        for column in self._pending.values():
            if len(column) < self._pending_rows:
                column.append(None)
        if self.rows > self.limits.max_rows:
            raise ParseError(f"{self.what} has more than {self.limits.max_rows:,} rows, the limit")
        if self.rows * len(self._chunks) > self.limits.max_cells:
            raise ParseError(f"{self.what} has more than {self.limits.max_cells:,} cells")
        if self._pending_rows >= BATCH_ROWS:
            self._flush()

    def finish(self) -> dict[K, pa.ChunkedArray]:
        """Every column as one Arrow type, in the order the keys first appeared."""
        self._flush()
        return {key: _unify(arrays) for key, arrays in self._chunks.items()}

    def _flush(self) -> None:
        if not self._pending_rows:
            return
        for key, arrays in self._chunks.items():
            values = self._pending.get(key)
            arrays.append(
                _arrow_column(values) if values is not None else pa.nulls(self._pending_rows)
            )
        self._pending = {}
        self._pending_rows = 0


def _unify(arrays: list[pa.Array]) -> pa.ChunkedArray:
    types = {a.type for a in arrays if not pa.types.is_null(a.type)}
    if not types:
        target = pa.string()
    elif len(types) == 1:
        target = types.pop()
    elif types <= {pa.int64(), pa.float64()}:
        target = pa.float64()
    elif types <= {pa.date32(), pa.timestamp("us")}:
        target = pa.timestamp("us")
    else:
        target = pa.string()
    return pa.chunked_array([_cast(a, target) for a in arrays], type=target)


def _cast(array: pa.Array, target: pa.DataType) -> pa.Array:
    if array.type == target:
        return array
    if pa.types.is_string(target) and not pa.types.is_null(array.type):
        return pa.array([None if v is None else _as_text(v) for v in array.to_pylist()], target)
    return array.cast(target)


def _arrow_column(values: list[Any]) -> pa.Array:
    present = [v for v in values if v is not None and v != ""]
    cleaned = [None if v == "" else v for v in values]
    if not present:
        return pa.nulls(len(values))
    kinds = {_kind(v) for v in present}
    if kinds == {"bool"}:
        return pa.array(cleaned, type=pa.bool_())
    if kinds <= {"int"}:
        return pa.array(cleaned, type=pa.int64())
    if kinds <= {"int", "float"}:
        floats = [None if v is None else float(v) for v in cleaned]
        if all(f is None or (f.is_integer() and abs(f) < 2**53) for f in floats):
            return pa.array([None if f is None else int(f) for f in floats], type=pa.int64())
        return pa.array(floats, type=pa.float64())
    if kinds == {"date"}:
        return pa.array(cleaned, type=pa.date32())
    if kinds <= {"date", "datetime"}:
        stamps = [None if v is None else _as_datetime(v) for v in cleaned]
        if all(s is None or s.time() == dt.time() for s in stamps) and "datetime" in kinds:
            return pa.array([None if s is None else s.date() for s in stamps], type=pa.date32())
        return pa.array(stamps, type=pa.timestamp("us"))
    if kinds == {"str"}:
        parsed = _parse_iso(present)
        if parsed is not None:
            return _arrow_column([None if v is None else parsed[v] for v in cleaned])
    return pa.array([None if v is None else _as_text(v) for v in cleaned], type=pa.string())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    return "str"


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_iso(values: list[Any]) -> dict[str, dt.date] | None:
    """JSON has no date type: strings that are all ISO dates or datetimes become dates."""
    parsed: dict[str, dt.date] = {}
    for value in values:
        text = str(value)
        if text in parsed:
            continue
        try:
            if _ISO_DATE.match(text):
                parsed[text] = dt.date.fromisoformat(text)
            elif _ISO_DATETIME.match(text):
                stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                if stamp.tzinfo is not None:
                    stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
                parsed[text] = stamp
            else:
                return None
        except ValueError:
            return None
    return parsed
