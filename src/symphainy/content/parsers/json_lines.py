"""JSON and JSON Lines: records become rows, nested objects become dotted column names.

A JSON document may be an array of records, or an object wrapping one array of records (the
usual API export: ``{"count": 3, "data": [...]}``); the largest such array is the table.
Arrays inside a record have no column shape, so they are kept as JSON text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from symphainy.content.parsers import tables
from symphainy.content.parsers.arrow_columns import ColumnBuilder
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024  # a whole JSON document is held in memory to parse it


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    _flatten(record, "", flat)
    return flat


def _flatten(value: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            _flatten(item, f"{name}.", out)
        elif isinstance(item, (dict, list)):
            out[name] = json.dumps(item, ensure_ascii=False)
        else:
            out[name] = item


def parse_json(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise ParseError(
            f"the JSON document is {size:,} bytes; documents above {MAX_DOCUMENT_BYTES:,} bytes "
            "must be uploaded as JSON Lines (one record per line)"
        )
    try:
        document = json.loads(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise ParseError("the file is not valid UTF-8 text, which JSON requires") from exc
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"the file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise ParseError("the JSON document is nested too deeply") from exc
    progress(0.4, "Flattening records")
    records, where = _find_records(document)
    columns: ColumnBuilder[str] = ColumnBuilder(limits, "the file")
    for record in records:
        columns.add(_flat(record if isinstance(record, dict) else {"value": record}))
    result = _write(columns, path.stem, out_dir, limits, progress)
    result.tables[0].details["records_path"] = where
    result.details["records_path"] = where
    return result


def parse_jsonl(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    columns: ColumnBuilder[str] = ColumnBuilder(limits, "the file")
    size = max(path.stat().st_size, 1)
    done = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            done += len(line)
            if len(line) > limits.max_line_bytes:
                raise ParseError(f"line {number} is longer than {limits.max_line_bytes:,} bytes")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ParseError(f"line {number} is not valid JSON ({exc})") from exc
            if not isinstance(record, dict):
                raise ParseError(f"line {number} is not a JSON object")
            columns.add(_flat(record))
            if number % 50_000 == 0:
                progress(0.8 * done / size, f"Read {number:,} lines")
    return _write(columns, path.stem, out_dir, limits, progress)


def _find_records(document: Any) -> tuple[list[Any], str]:
    """The array of records in the document and where it was found ("$" is the top)."""
    if isinstance(document, list):
        return document, "$"
    if not isinstance(document, dict):
        raise ParseError("the JSON document is a single value, not records")
    best: tuple[int, list[Any], str] | None = None
    stack: list[tuple[dict[str, Any], str, int]] = [(document, "$", 0)]
    while stack:
        node, where, depth = stack.pop()
        for key, value in node.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                if best is None or len(value) > best[0]:
                    best = (len(value), value, f"{where}.{key}")
            elif isinstance(value, dict) and depth < 3:
                stack.append((value, f"{where}.{key}", depth + 1))
    if best is None:
        return [document], "$"
    return best[1], best[2]


def _write(
    columns: ColumnBuilder[str], name: str, out_dir: Path, limits: ParseLimits, progress: Progress
) -> ParseResult:
    if columns.rows == 0:
        raise ParseError("the file contains no records")
    data = columns.finish()
    if not data:  # "{}" or records without a key: no column to read, nothing for the engine
        raise ParseError("the file's records hold no fields, so there is no column to read")
    cleaned = tables.clean_names(list(data))
    target = out_dir / "table_0.parquet"
    arrow = pa.table(
        {clean: column for (clean, _), column in zip(cleaned, data.values(), strict=True)}
    )
    tables.write_arrow(arrow, target)
    table = tables.finish_table(name, target, cleaned, {})
    progress(1.0, f"Read {table.rows:,} records")
    return ParseResult(kind=FileKind.dataset, tables=[table])
