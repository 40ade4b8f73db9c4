"""Parquet: copied through DuckDB so the stored dataset has clean names and flat columns.

Insights queries every dataset the same way, so nested structs are flattened to dotted
columns and lists/maps become JSON text, exactly as for JSON uploads.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from symphainy.content.parsers import tables
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
    TableResult,
)


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - 4, 0))
        if path.stat().st_size < 12 or handle.read(4) != b"PAR1":
            raise ParseError("the Parquet file is truncated (its footer is missing)")
    target = out_dir / "table_0.parquet"
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit='384MB'")
        source = f"read_parquet('{tables.sql_path(path)}')"
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608
        expressions: list[tuple[str, str]] = []
        for name, sql_type, *_ in described:
            _expand(con, tables.quote(str(name)), str(name), str(sql_type), expressions)
        cleaned = tables.clean_names([label for label, _ in expressions])
        rows = int(con.execute(f"SELECT count(*) FROM {source}").fetchone()[0])  # type: ignore[index]  # noqa: S608
        tables.check_shape(rows, len(cleaned), limits, "the Parquet file")
        progress(0.3, f"Copying {rows:,} rows")
        select = ", ".join(
            f"{expr} AS {tables.quote(clean)}"
            for (_, expr), (clean, _) in zip(expressions, cleaned, strict=True)
        )
        con.execute(
            f"COPY (SELECT {select} FROM {source}) TO '{tables.sql_path(target)}' "  # noqa: S608
            "(FORMAT parquet, COMPRESSION zstd)"
        )
    except duckdb.Error as exc:
        target.unlink(missing_ok=True)
        raise ParseError(f"the Parquet file cannot be read: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
    row_count, labels = tables.label_columns(target)
    progress(1.0, f"Copied {row_count:,} rows")
    table = TableResult(
        name=path.stem,
        parquet_path=target,
        rows=row_count,
        columns=tables.column_infos(cleaned, labels),
    )
    return ParseResult(kind=FileKind.dataset, tables=[table])


def _expand(
    con: duckdb.DuckDBPyConnection,
    expr: str,
    label: str,
    sql_type: str,
    out: list[tuple[str, str]],
) -> None:
    if sql_type.startswith("STRUCT("):
        for field, field_type in _struct_fields(con, sql_type):
            _expand(con, f"{expr}.{tables.quote(field)}", f"{label}.{field}", field_type, out)
    elif sql_type.endswith("[]") or sql_type.startswith(("MAP(", "UNION(")) or "[" in sql_type:
        out.append((label, f"CAST(to_json({expr}) AS VARCHAR)"))
    else:
        out.append((label, expr))


def _struct_fields(con: duckdb.DuckDBPyConnection, sql_type: str) -> list[tuple[str, str]]:
    """Field names and types of a STRUCT type, asked of DuckDB rather than parsed by hand."""
    rows = con.execute(f"DESCRIBE SELECT UNNEST(NULL::{sql_type})").fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]
