"""What every dataset parser shares: clean column names, Arrow typing, semantic labels.

Values are stored with real Arrow types (ints, floats, bools, dates, timestamps, strings);
``ColumnType`` is the semantic label on top (identifier, category, decimal...) that Insights
uses to pick profiles and charts. Labels are computed by DuckDB over the written Parquet file
so a 10-million-row CSV is labelled without loading it into Python.

SQL here is built from identifiers passed through ``quote`` and paths through ``sql_path``;
nothing user-supplied reaches a statement unescaped (hence the S608 suppressions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import (
    ColumnInfo,
    ColumnType,
    ParseError,
    ParseLimits,
    TableResult,
)
from symphainy.content.tables.refine import refine
from symphainy.core import duckdb_pool

_ID_NAME = re.compile(r"(^|[\s_.-])id$|^id|[a-z]Id$|ID$|(^|[\s_.-])(key|code|number|no)$", re.I)
_CODE_VALUE = r"^[A-Za-z0-9][A-Za-z0-9_\-./:#]{0,63}$"


def clean_names(raw: Sequence[object]) -> list[tuple[str, str | None]]:
    """Return (clean name, source name when it differed) for each header cell."""
    seen: dict[str, int] = {}
    result: list[tuple[str, str | None]] = []
    for index, value in enumerate(raw):
        source = "" if value is None else str(value)
        name = re.sub(r"\s+", " ", source).strip() or f"column_{index + 1}"
        key = name.lower()
        if key in seen:
            seen[key] += 1
            candidate = f"{name}_{seen[key]}"
            while candidate.lower() in seen:
                seen[key] += 1
                candidate = f"{name}_{seen[key]}"
            name = candidate
        seen.setdefault(name.lower(), 1)
        result.append((name, None if name == source else source))
    return result


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_shape(rows: int, columns: int, limits: ParseLimits, what: str) -> None:
    """Refuse tables beyond the configured limits with a reason the user can act on."""
    if columns > limits.max_columns:
        raise ParseError(f"{what} has {columns:,} columns; the limit is {limits.max_columns:,}")
    if rows > limits.max_rows:
        raise ParseError(f"{what} has more than {limits.max_rows:,} rows, the limit")
    if rows * max(columns, 1) > limits.max_cells:
        raise ParseError(f"{what} has {rows * columns:,} cells; the limit is {limits.max_cells:,}")


def write_arrow(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


_INTEGER_TYPES = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER")
SAMPLE_ROWS = 100_000


def label_columns(
    parquet_path: Path, decimal_hints: set[str] | None = None
) -> tuple[int, list[ColumnType]]:
    """Row count and the semantic label of every column of a written Parquet file.

    Value shapes and distinct counts come from a sample of about 100k rows (all rows when the
    table is smaller). Only the columns the sample says may be identifiers or categories get a
    second look over every row, since those labels depend on the whole column; this keeps
    labelling a 100 MB CSV to a few hundred milliseconds.
    """
    con = duckdb_pool.lend()
    try:
        source = f"read_parquet('{sql_path(parquet_path)}')"
        schema = [
            (str(name), str(sql_type))
            for name, sql_type, *_ in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608
        ]
        rows = int(con.execute(f"SELECT count(*) FROM {source}").fetchone()[0])  # type: ignore[index]  # noqa: S608
        if not schema:
            return rows, []
        sampled = rows > SAMPLE_ROWS
        sample = (
            # System sampling picks whole vectors: nearly free, unlike a reservoir's full scan.
            f"(SELECT * FROM {source} USING SAMPLE {100 * SAMPLE_ROWS / rows:.4f}% (system))"  # noqa: S608
            if sampled
            else source
        )
        stats = _stats(con, sample, schema, exact=True)
        if sampled:
            candidates = [
                (name, sql_type)
                for name, sql_type in schema
                if _needs_full_count(name, sql_type, *stats[name])
            ]
            if candidates:
                full = _stats(con, source, candidates, exact=False)
                for name, (nonnull, distinct, _flag) in full.items():
                    stats[name] = (nonnull, distinct, stats[name][2])
    except duckdb.Error as exc:
        # The engine's text names temporary paths and SQL; it stays on the cause, for the logs.
        raise ParseError(
            "the table was read but its columns could not be analysed; check that the file "
            "holds one table with named columns"
        ) from exc
    finally:
        con.close()
    hints = decimal_hints or set()
    labels = [_label(name, sql_type, *stats[name], name in hints) for name, sql_type in schema]
    return rows, labels


def _stats(
    con: duckdb.DuckDBPyConnection, source: str, schema: list[tuple[str, str]], exact: bool
) -> dict[str, tuple[int, int, object]]:
    """(non-null count, distinct count, shape flag) of each column over ``source``."""
    parts: list[str] = []
    for name, sql_type in schema:
        c = quote(name)
        parts.append(f"count({c})")
        if sql_type == "VARCHAR" or sql_type in _INTEGER_TYPES:
            parts.append(f"count(DISTINCT {c})" if exact else f"approx_count_distinct({c})")
        else:
            parts.append("0")
        if not exact:
            parts.append("NULL")
        elif sql_type in ("DOUBLE", "FLOAT") or sql_type.startswith("DECIMAL"):
            parts.append(f"bool_and(round({c}, 2) = {c}) AND bool_or(round({c}, 1) <> {c})")
        elif sql_type == "VARCHAR":
            code_like = f"regexp_matches({c}, '{_CODE_VALUE}')"
            parts.append(f"bool_and({code_like} AND regexp_matches({c}, '[0-9]'))")
        else:
            parts.append("NULL")
    row = con.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchone()  # noqa: S608
    assert row is not None
    return {
        name: (int(row[i * 3]), int(row[i * 3 + 1]), row[i * 3 + 2])
        for i, (name, _) in enumerate(schema)
    }


def _needs_full_count(name: str, sql_type: str, nonnull: int, distinct: int, flag: object) -> bool:
    """Whether the sample leaves an identifier or category label open."""
    if sql_type in _INTEGER_TYPES:
        return distinct >= nonnull and bool(_ID_NAME.search(name))
    if sql_type == "VARCHAR":
        maybe_identifier = distinct >= nonnull and (bool(flag) or bool(_ID_NAME.search(name)))
        return maybe_identifier or distinct <= 50
    return False


def _label(
    name: str, sql_type: str, nonnull: int, distinct: int, flag: object, decimal_hint: bool
) -> ColumnType:
    # Above the sample size distinct counts are HyperLogLog estimates (about 2% error).
    all_distinct = nonnull > 1 and distinct >= nonnull * (1.0 if nonnull <= SAMPLE_ROWS else 0.97)
    if sql_type == "BOOLEAN":
        return ColumnType.boolean
    if sql_type in _INTEGER_TYPES:
        if all_distinct and _ID_NAME.search(name):
            return ColumnType.identifier
        return ColumnType.integer
    if sql_type in ("DOUBLE", "FLOAT") or sql_type.startswith("DECIMAL"):
        if sql_type.startswith("DECIMAL") or decimal_hint or flag:
            return ColumnType.decimal
        return ColumnType.float
    if sql_type == "DATE":
        return ColumnType.date
    if sql_type.startswith("TIMESTAMP"):
        return ColumnType.datetime
    if sql_type == "VARCHAR" and nonnull:
        if all_distinct and (flag or _ID_NAME.search(name)):
            return ColumnType.identifier
        if distinct <= min(50, max(2, nonnull // 2)) and distinct < nonnull:
            return ColumnType.category
    return ColumnType.text


def sql_path(path: Path) -> str:
    """A path escaped for use inside a SQL string literal."""
    return str(path).replace("'", "''")


def column_infos(
    names: list[tuple[str, str | None]],
    labels: list[ColumnType],
    readings: dict[str, dict[str, Any]] | None = None,
) -> list[ColumnInfo]:
    readings = readings or {}
    identifiers = safe_identifiers([name for name, _ in names])
    return [
        ColumnInfo(
            name=name,
            type=label,
            source_name=source,
            reading=readings.get(name, {}),
            identifier=identifier,
        )
        for (name, source), label, identifier in zip(names, labels, identifiers, strict=True)
    ]


def safe_identifiers(names: Sequence[str]) -> list[str]:
    """snake_case identifiers, unique and never starting with a digit ("2019" -> "c_2019")."""
    seen: set[str] = set()
    result: list[str] = []
    for index, name in enumerate(names):
        base = re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_") or f"column_{index + 1}"
        if base[0].isdigit():
            base = f"c_{base}"
        candidate, counter = base, 1
        while candidate in seen:
            counter += 1
            candidate = f"{base}_{counter}"
        seen.add(candidate)
        result.append(candidate)
    return result


def finish_table(
    name: str,
    target: Path,
    names: list[tuple[str, str | None]],
    details: dict[str, Any],
    decimal_hint: str = ".",
    hints: set[str] | None = None,
    clean_rows: bool = True,
) -> TableResult:
    """Second reading (markers, formatted numbers, dates, non-data rows), then labels.

    Every loader of text cells (CSV, workbooks, JSON) ends here, so a cell reads the same
    whatever file it came in.
    """
    generated = frozenset(
        n for n, source in names if source == "" or re.fullmatch(r"column_\d+", n)
    )
    reading = refine(target, decimal_hint, generated_names=generated, clean_rows=clean_rows)
    written = pq.read_schema(target).names
    if len(written) != len(names):
        names = [pair for pair in names if pair[0] in written]
    rows, labels = label_columns(target, hints)
    summary = reading.summary()
    # Decisions the layout forced before the cells were read (a sheet's other tables...).
    summary["decisions"] = [*details.get("layout_decisions", []), *summary["decisions"]]
    if summary["decisions"] or len(summary) > 2:
        details = {**details, "reading": summary}
    return TableResult(
        name=name,
        parquet_path=target,
        rows=rows,
        columns=column_infos(names, labels, reading.columns),
        details=details,
    )
