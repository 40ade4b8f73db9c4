"""DuckDB over a dataset's Parquet: a connection per analysis, a view named ``data``.

``data`` holds the dataset's columns; ``data_rows`` adds ``_row``, the 1-based position of the
row in the file, so findings can point at example rows. A locked connection (the one that runs
answers to questions) can read that one Parquet file and nothing else, has its memory, threads
and spill space capped by :class:`QueryLimits`, and cannot change its own configuration. The
questions' queries themselves run in a child process (``insights.sandbox``) that opens the same
locked view and is killed at the deadline; :func:`sandbox_of` tells it which file and limits.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from symphainy.config import Settings
from symphainy.core import duckdb_pool

ROW_COLUMN = "_row"
NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "REAL",
)


def quote(name: str) -> str:
    """A SQL identifier, always quoted, with embedded quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def kind_of(physical: str) -> str:
    """numeric | temporal | boolean | text | other, from a DuckDB type name."""
    upper = physical.upper()
    if upper in NUMERIC_TYPES or upper.startswith("DECIMAL"):
        return "numeric"
    if upper == "DATE" or upper.startswith("TIMESTAMP"):
        return "temporal"
    if upper == "BOOLEAN":
        return "boolean"
    if upper == "VARCHAR":
        return "text"
    return "other"


@dataclass(frozen=True)
class Column:
    name: str
    physical: str
    kind: str
    semantic: str  # the Content parser's label: integer, float, category, identifier...

    @property
    def sql(self) -> str:
        return quote(self.name)

    @property
    def is_measure(self) -> bool:
        """A number it makes sense to add up or average (not an identifier or a code)."""
        return self.kind == "numeric" and self.semantic != "identifier"


@dataclass(frozen=True)
class QueryLimits:
    """What one question's query may use: DuckDB's own caps, and the deadline of its process."""

    seconds: float = 10.0
    memory_mb: int = 512
    threads: int = 2
    temp_mb: int = 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        return cls(
            settings.INSIGHTS_QUERY_SECONDS,
            settings.INSIGHTS_QUERY_MEMORY_MB,
            settings.INSIGHTS_QUERY_THREADS,
            settings.INSIGHTS_QUERY_TEMP_MB,
        )


def default_limits() -> QueryLimits:
    """The running platform's limits (its settings), or the built-in ones outside it."""
    from symphainy.core.runtime import current_runtime

    try:
        return QueryLimits.from_settings(current_runtime().settings)
    except RuntimeError:
        return QueryLimits()


@dataclass(frozen=True)
class Sandbox:
    """Where a locked connection reads from and what it may use, to reopen it elsewhere."""

    parquet: Path
    limits: QueryLimits


_SANDBOXES: weakref.WeakKeyDictionary[Any, Sandbox] = weakref.WeakKeyDictionary()


def sandbox_of(con: Any) -> Sandbox:
    """The file and limits of a connection opened with ``connect(..., locked=True)``."""
    try:
        return _SANDBOXES[con]
    except (KeyError, TypeError):
        raise ValueError("questions run only on a locked dataset connection") from None


def share_sandbox(wrapper: Any, con: duckdb.DuckDBPyConnection) -> None:
    """Let an object that wraps a locked connection (a recorder in tests) stand for it."""
    _SANDBOXES[wrapper] = sandbox_of(con)


def connect(
    parquet: Path,
    *,
    locked: bool = False,
    threads: int | None = None,
    memory_limit: str | None = None,
    limits: QueryLimits | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the views ``data`` and ``data_rows`` over ``parquet``.

    A locked connection gets ``limits`` (default: :func:`default_limits`) for memory, threads
    and temporary disk, set before its configuration is locked so a query cannot raise them.
    Close it (or drop it) when done: its database then serves the next caller.
    """
    if locked:
        limits = limits or default_limits()
        options = duckdb_pool.Options(
            limits.threads, f"{int(limits.memory_mb)}MB", limits.temp_mb, str(parquet)
        )
    else:
        options = duckdb_pool.Options(threads, memory_limit)
    con = duckdb_pool.lend(options)
    _create_views(con, literal(str(parquet)))
    if locked and limits is not None:
        _SANDBOXES[con] = Sandbox(parquet, limits)
    return con


def _create_views(con: duckdb.DuckDBPyConnection, path: str) -> None:
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()]
    con.execute(f"CREATE TEMP VIEW data AS SELECT * FROM read_parquet({path})")
    if "file_row_number" in names:  # the data has a column of that name: no row numbers
        con.execute(
            f"CREATE TEMP VIEW data_rows AS SELECT *, NULL::BIGINT AS {ROW_COLUMN} "
            f"FROM read_parquet({path})"
        )
    else:
        con.execute(
            f"CREATE TEMP VIEW data_rows AS SELECT * EXCLUDE (file_row_number), "
            f"file_row_number + 1 AS {ROW_COLUMN} "
            f"FROM read_parquet({path}, file_row_number = true)"
        )


def describe(
    con: duckdb.DuckDBPyConnection, semantic: dict[str, str] | None = None
) -> list[Column]:
    """The columns of ``data`` with their DuckDB type, kind and semantic label."""
    semantic = semantic or {}
    out = []
    for name, physical, *_ in con.execute("DESCRIBE data").fetchall():
        kind = kind_of(str(physical))
        label = semantic.get(name) or {
            "numeric": "float",
            "temporal": "date",
            "boolean": "boolean",
        }.get(kind, "text")
        out.append(Column(str(name), str(physical), kind, label))
    return out


def one(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> tuple[Any, ...]:
    row = con.execute(sql, params or []).fetchone()
    if row is None:  # an aggregate query always answers one row
        raise RuntimeError("the query returned no row")
    return tuple(row)


def jsonable(value: Any) -> Any:
    """A value DuckDB returned, as JSON can carry it (dates as ISO text, NaN as null)."""
    import datetime as dt
    import decimal
    import math

    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
