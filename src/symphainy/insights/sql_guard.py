"""The gate every question's SQL passes before DuckDB runs it.

A query is accepted only if it is exactly one SELECT, reads no table but the dataset's view
(and its own CTEs), calls no table function, and uses no function that reaches outside the
data (files, settings, extensions, the catalog). The check walks DuckDB's own parse tree
(``json_serialize_sql``), so quoting tricks and comments cannot hide a call. It runs on a
connection that has no data and no file access. Accepted queries run on a locked connection
(see ``engine.connect``) with a row limit and a time limit.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

import duckdb

from symphainy.core.errors import Invalid

FORBIDDEN_FUNCTIONS = frozenset(
    {
        "read_csv",
        "read_csv_auto",
        "read_parquet",
        "parquet_scan",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_ndjson",
        "read_ndjson_auto",
        "read_text",
        "read_blob",
        "glob",
        "sniff_csv",
        "query",
        "query_table",
        "getenv",
        "current_setting",
        "set_config",
        "load",
        "install",
        "attach",
        "detach",
        "copy",
        "export",
        "import",
        "pragma",
        "checkpoint",
        "sqlite_scan",
        "postgres_scan",
        "mysql_scan",
        "iceberg_scan",
        "delta_scan",
        "http_get",
        "parquet_metadata",
        "parquet_schema",
        "parquet_file_metadata",
        "parquet_kv_metadata",
        "which_secret",
        "system",
        "shell",
        "make_timestamp_ns_from_file",
        "write_csv",
    }
)
FORBIDDEN_PREFIXES = (
    "read_",
    "pragma_",
    "duckdb_",
    "sqlite_",
    "postgres_",
    "mysql_",
    "parquet_",
    "iceberg_",
    "delta_",
    "http",
    "s3_",
    "json_serialize",
    "json_deserialize",
    "pg_",
    "information_schema",
)
DEFAULT_ROW_LIMIT = 1000
DEFAULT_TIMEOUT = 10.0


class UnsafeQuery(Invalid):
    """The SQL is not a single, self-contained SELECT over the dataset."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the query was refused: {reason}", field="question")
        self.reason = reason


@dataclass(frozen=True)
class CheckedQuery:
    sql: str
    tables: frozenset[str]
    functions: frozenset[str]


def _walk(
    node: Any, tables: set[str], functions: set[str], ctes: set[str], problems: list[str]
) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, tables, functions, ctes, problems)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "BASE_TABLE":
        if node.get("schema_name") or node.get("catalog_name"):
            problems.append("it names a schema or catalog")
        tables.add(str(node.get("table_name", "")).lower())
    elif kind == "TABLE_FUNCTION":
        problems.append("it calls a table function")
    elif kind in ("SHOW_REF", "COLUMN_DATA_REF", "DELIM_GET"):
        problems.append(f"it reads {kind.lower()}")
    if node.get("class") == "FUNCTION" or kind == "FUNCTION":
        name = str(node.get("function_name", "")).lower()
        functions.add(name)
        if node.get("schema") or node.get("catalog"):
            problems.append(f"it calls {name} from another schema")
    cte_map = node.get("cte_map")
    if isinstance(cte_map, dict):
        for entry in cte_map.get("map", []):
            if isinstance(entry, dict) and "key" in entry:
                ctes.add(str(entry["key"]).lower())
    for value in node.values():
        if isinstance(value, dict | list):
            _walk(value, tables, functions, ctes, problems)


def check(sql: str, allowed_tables: frozenset[str] = frozenset({"data"})) -> CheckedQuery:
    """Accept ``sql`` if it is one safe SELECT over ``allowed_tables``; else UnsafeQuery."""
    if not sql or len(sql) > 20_000:
        raise UnsafeQuery("it is empty or too long")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UnsafeQuery(f"it does not parse ({str(exc).splitlines()[0]})") from exc
    if len(statements) != 1:
        raise UnsafeQuery(f"it has {len(statements)} statements; exactly one SELECT is allowed")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise UnsafeQuery(f"it is a {statements[0].type.name} statement, not a SELECT")
    text = sql.strip().rstrip(";").strip()
    parser = duckdb.connect(":memory:", config={"enable_external_access": False})
    try:
        row = parser.execute("SELECT json_serialize_sql(?::VARCHAR)", [text]).fetchone()
    finally:
        parser.close()
    tree = json.loads(row[0]) if row else {"error": True}
    if tree.get("error"):
        raise UnsafeQuery(f"it is not a plain SELECT ({tree.get('error_message', 'unknown')})")
    tables: set[str] = set()
    functions: set[str] = set()
    ctes: set[str] = set()
    problems: list[str] = []
    _walk(tree.get("statements", []), tables, functions, ctes, problems)
    allowed = {t.lower() for t in allowed_tables} | ctes
    for table in sorted(tables - allowed):
        problems.append(f"it reads the table {table!r}, which is not this dataset")
    for name in sorted(functions):
        if name in FORBIDDEN_FUNCTIONS or name.startswith(FORBIDDEN_PREFIXES):
            problems.append(f"it calls the function {name}()")
    if problems:
        raise UnsafeQuery("; ".join(dict.fromkeys(problems)))
    return CheckedQuery(text, frozenset(tables), frozenset(functions))


@dataclass
class QueryResult:
    sql: str
    params: list[Any]
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def run_select(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any] | None = None,
    *,
    row_limit: int = DEFAULT_ROW_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    allowed_tables: frozenset[str] = frozenset({"data"}),
) -> QueryResult:
    """Check ``sql`` and run it with bound ``params``, at most ``row_limit`` rows, in time."""
    checked = check(sql, allowed_tables)
    bounded = f"SELECT * FROM ({checked.sql}) AS answer LIMIT {int(row_limit) + 1}"
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(bounded, params or [])
        columns = [d[0] for d in cursor.description or []]
        fetched = cursor.fetchall()
    except duckdb.InterruptException as exc:
        raise Invalid(
            f"the query took longer than {timeout:g} s and was stopped", field="question"
        ) from exc
    finally:
        timer.cancel()
    rows = [list(r) for r in fetched[:row_limit]]
    return QueryResult(checked.sql, list(params or []), columns, rows, len(fetched) > row_limit)
