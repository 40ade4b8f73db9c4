"""The gate every question's SQL passes before DuckDB runs it.

A query is accepted only if it is exactly one SELECT, reads no table but the dataset's view
(and CTEs, each only inside the query that defines it), reads nothing from the catalog, calls
no table function, and calls only functions on an allow-list of plain scalar, aggregate and
window functions: nothing that reaches outside the data (files, settings, extensions, the
catalog) and nothing that manufactures data out of a small input (``repeat``, ``range``,
``lpad``, list builders). The check walks DuckDB's own parse tree (``json_serialize_sql``), so
quoting tricks and comments cannot hide a call. It runs on a connection that has no data and no
file access. Accepted queries run in a child process over a locked, capped connection (see
``engine.connect`` and ``sandbox``) with a row limit, killed at the time limit.
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
from symphainy.insights import engine, sandbox

# Functions a question may call. Operators appear in DuckDB's tree as functions named by
# their symbol. Anything else, including functions DuckDB adds later, is refused.
ALLOWED_FUNCTIONS = frozenset(
    {
        # operators: arithmetic, concatenation, LIKE / ILIKE / GLOB and their negations
        *("+", "-", "*", "/", "//", "%", "^", "**", "||", "~~", "!~~", "~~*", "!~~*", "~~~"),
        # aggregates
        *("count", "count_star", "sum", "avg", "mean", "min", "max", "median", "mode"),
        *("quantile", "quantile_cont", "quantile_disc", "approx_quantile"),
        *("stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop"),
        *("corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_r2"),
        *("approx_count_distinct", "count_if", "countif", "bool_and", "bool_or", "any_value"),
        *("first", "last", "arg_min", "arg_max", "argmin", "argmax", "min_by", "max_by"),
        *("string_agg", "group_concat", "listagg", "kurtosis", "skewness", "entropy"),
        *("fsum", "favg", "product", "geomean", "geometric_mean"),
        # window functions
        *("row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile"),
        *("lag", "lead", "first_value", "last_value", "nth_value"),
        # numbers
        *("abs", "round", "round_even", "ceil", "ceiling", "floor", "trunc", "sign", "sqrt"),
        *("cbrt", "power", "pow", "exp", "ln", "log", "log10", "log2", "greatest", "least"),
        *("isnan", "isinf", "isfinite", "gcd", "lcm", "pi", "even"),
        # text
        *("lower", "upper", "lcase", "ucase", "trim", "ltrim", "rtrim", "length", "len"),
        *("strlen", "substring", "substr", "left", "right", "concat", "concat_ws"),
        *("contains", "starts_with", "ends_with", "prefix", "suffix", "position", "strpos"),
        *("instr", "split_part", "reverse", "strip_accents", "nullif", "ifnull", "coalesce"),
        *("regexp_matches", "regexp_full_match", "regexp_extract", "like_escape"),
        *("ilike_escape", "if", "iff", "typeof", "hash", "md5"),
        # dates and times
        *("date_trunc", "datetrunc", "date_part", "datepart", "extract", "year", "month"),
        *("day", "dayofmonth", "dayofweek", "dayofyear", "isodow", "week", "weekofyear"),
        *("yearweek", "quarter", "hour", "minute", "second", "dayname", "monthname"),
        *("strftime", "strptime", "try_strptime", "date_diff", "datediff", "date_sub"),
        *("datesub", "date_add", "age", "current_date", "today", "now", "make_date"),
        *("last_day", "epoch", "epoch_ms", "to_timestamp", "time_bucket", "to_days"),
        *("to_months", "to_years", "to_hours", "to_minutes", "to_seconds"),
    }
)
# Catalog relations: refused by name even where a CTE of the same name would shadow them, so
# a query can never be read one way by the guard and another way by DuckDB.
CATALOG_NAMES = frozenset(
    {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"}
)
CATALOG_PREFIXES = ("duckdb_", "pragma_", "pg_", "information_schema", "sqlite_")
DEFAULT_ROW_LIMIT = 1000
# Callers may ask for less; the configured INSIGHTS_QUERY_SECONDS is always the ceiling.
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


@dataclass
class _Findings:
    tables: set[str]
    functions: set[str]
    problems: list[str]


def _cte_names(node: dict[str, Any]) -> set[str]:
    cte_map = node.get("cte_map")
    if not isinstance(cte_map, dict):
        return set()
    return {
        str(entry["key"]).lower()
        for entry in cte_map.get("map", [])
        if isinstance(entry, dict) and "key" in entry
    }


def _walk(node: Any, scope: frozenset[str], allowed: frozenset[str], found: _Findings) -> None:
    """Collect tables and functions; a CTE name counts only inside the node that defines it."""
    if isinstance(node, list):
        for item in node:
            _walk(item, scope, allowed, found)
        return
    if not isinstance(node, dict):
        return
    defined = _cte_names(node)
    if defined:
        scope = scope | defined
        for name in sorted(defined):
            if name in CATALOG_NAMES or name.startswith(CATALOG_PREFIXES):
                found.problems.append(f"it names a CTE {name!r} after a catalog table")
    kind = node.get("type")
    if kind == "BASE_TABLE":
        name = str(node.get("table_name", "")).lower()
        found.tables.add(name)
        if node.get("schema_name") or node.get("catalog_name"):
            found.problems.append("it names a schema or catalog")
        elif name in CATALOG_NAMES or name.startswith(CATALOG_PREFIXES):
            found.problems.append(f"it reads the catalog ({name})")
        elif name not in scope and name not in allowed:
            found.problems.append(f"it reads the table {name!r}, which is not this dataset")
    elif kind == "TABLE_FUNCTION":
        found.problems.append("it calls a table function")
    elif kind in ("SHOW_REF", "COLUMN_DATA_REF", "DELIM_GET"):
        found.problems.append(f"it reads {kind.lower()}")
    if node.get("class") in ("FUNCTION", "WINDOW") and "function_name" in node:
        name = str(node.get("function_name", "")).lower()
        found.functions.add(name)
        if node.get("schema") or node.get("catalog"):
            found.problems.append(f"it calls {name} from another schema")
        elif name not in ALLOWED_FUNCTIONS:
            found.problems.append(f"it calls the function {name}(), which questions may not use")
    for value in node.values():
        if isinstance(value, dict | list):
            _walk(value, scope, allowed, found)


_parsers = threading.local()


def _parser() -> duckdb.DuckDBPyConnection:
    """This thread's empty, file-less connection that only parses (opening one costs ~50 ms)."""
    con: duckdb.DuckDBPyConnection | None = getattr(_parsers, "con", None)
    if con is None:
        con = duckdb.connect(":memory:", config={"enable_external_access": False})
        con.execute("SET lock_configuration = true")
        _parsers.con = con
    return con


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
    row = _parser().execute("SELECT json_serialize_sql(?::VARCHAR)", [text]).fetchone()
    tree = json.loads(row[0]) if row else {"error": True}
    if tree.get("error"):
        raise UnsafeQuery(f"it is not a plain SELECT ({tree.get('error_message', 'unknown')})")
    found = _Findings(set(), set(), [])
    allowed = frozenset(t.lower() for t in allowed_tables)
    _walk(tree.get("statements", []), frozenset(), allowed, found)
    if found.problems:
        raise UnsafeQuery("; ".join(dict.fromkeys(found.problems)))
    return CheckedQuery(text, frozenset(found.tables), frozenset(found.functions))


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
    timeout: float | None = None,
    allowed_tables: frozenset[str] = frozenset({"data"}),
) -> QueryResult:
    """Check ``sql`` and run it with bound ``params``, at most ``row_limit`` rows, in time.

    ``con`` is a locked dataset connection; the query runs in a child process over the same
    file and limits (``sandbox``), killed after ``timeout`` (default: the limits' seconds).
    """
    checked = check(sql, allowed_tables)
    bounded = f"SELECT * FROM ({checked.sql}) AS answer LIMIT {int(row_limit) + 1}"
    try:
        answer = sandbox.run(engine.sandbox_of(con), bounded, list(params or []), timeout)
    except sandbox.QueryStopped as exc:
        raise Invalid(str(exc), field="question") from exc
    except sandbox.QueryFailed as exc:
        raise Invalid(f"the query failed: {exc.message}", field="question") from exc
    rows = [list(r) for r in answer.rows[:row_limit]]
    return QueryResult(
        checked.sql, list(params or []), answer.columns, rows, len(answer.rows) > row_limit
    )
