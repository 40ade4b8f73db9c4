"""The profile of a dataset, computed by DuckDB in a handful of scans, exact unless labelled.

Pass 1 is one aggregate over every column (counts, distinct, moments, quantiles, lengths).
Then the value shapes of text columns (emails, phones...), one grouped pass for the top values
of every column (GROUPING SETS), one for the histogram bins, one windowed pass for the rank
correlations, one for the contingency tables behind Cramér's V, and one for duplicate rows.

Every figure is exact except the value shapes of a large text column whose values are mostly
unique: those are counted on a sample of :data:`SHAPES_SAMPLE` rows and the column says so
(``patterns_sample``), without ``pattern_counts``. The scans run under DuckDB's memory cap
:data:`MEMORY_LIMIT` (spilling or streaming beyond it), so a wide file cannot take the
process' memory.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from symphainy.insights.engine import Column, describe, jsonable, literal, one
from symphainy.insights.patterns import PREFILTERS, SHAPES, padded

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
TOP_VALUES = 10
HISTOGRAM_BINS = 20
MAX_CORRELATED = 15  # numeric columns compared pairwise
MAX_CATEGORICAL = 10  # low-cardinality columns compared pairwise (Cramér's V)
CATEGORICAL_MAX_DISTINCT = 50
# A text column of mostly unique values with more filled rows than this has its value shapes
# counted on a sample of about this many rows (labelled); below it every value is matched.
SHAPES_SAMPLE = 100_000
# DuckDB's memory cap while profiling (its default is 80% of the machine's memory).
MEMORY_LIMIT = "256MB"
_SIZE = re.compile(r"^\s*([0-9.]+)\s*([KMGT]?i?B|bytes)?\s*$", re.I)
_UNITS = {"": 1, "BYTES": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4}
_UNITS |= {"KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "TIB": 1024**4}

Progress = Callable[[float, str], None]


def _noop(_fraction: float, _message: str) -> None:
    return None


def profile(
    con: duckdb.DuckDBPyConnection,
    semantic: dict[str, str] | None = None,
    progress: Progress = _noop,
) -> dict[str, Any]:
    """Rows, duplicates, per-column statistics and correlations of the view ``data``."""
    with memory_capped(con):
        return _profile(con, semantic, progress)


def size_bytes(text: str) -> int | None:
    """Bytes of a DuckDB memory setting ('19.2 GiB', '256.0 MiB', '256MB'), None if unreadable."""
    match = _SIZE.match(text)
    if not match or (match.group(2) or "").upper() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "").upper()])


@contextmanager
def memory_capped(con: duckdb.DuckDBPyConnection, limit: str = MEMORY_LIMIT) -> Iterator[None]:
    """Lower the connection's ``memory_limit`` to ``limit`` for the block, then restore it.

    A locked connection (its configuration cannot change) and one already capped lower keep
    their own setting.
    """
    try:
        before = str(one(con, "SELECT current_setting('memory_limit')")[0])
        current, wanted = size_bytes(before), size_bytes(limit)
        if current is None or wanted is None or current <= wanted:
            yield
            return
        con.execute(f"SET memory_limit = {literal(limit)}")
    except duckdb.Error:
        yield
        return
    try:
        yield
    finally:
        # The setting reads back rounded ('18.8 GiB'): the default is restored exactly by
        # RESET, any other cap to the precision it reads back with.
        con.execute("RESET memory_limit")
        if str(one(con, "SELECT current_setting('memory_limit')")[0]) != before:
            con.execute(f"SET memory_limit = {literal(before)}")


def _profile(
    con: duckdb.DuckDBPyConnection, semantic: dict[str, str] | None, progress: Progress
) -> dict[str, Any]:
    columns = describe(con, semantic)
    progress(0.05, "Counting values in every column")
    rows, stats = _column_stats(con, columns)
    progress(0.25, "Recognising emails, phones, URLs, identifiers, dates and numbers in text")
    _text_shapes(con, [c for c in columns if c.kind == "text"], stats)
    progress(0.35, "Finding the most frequent values")
    tops = _top_values(
        con, [c for c in columns if stats[c.name]["distinct"] < stats[c.name]["count"]]
    )
    progress(0.5, "Building histograms")
    hists = _histograms(con, [c for c in columns if c.kind == "numeric"], stats)
    progress(0.6, "Measuring correlations")
    numeric = [c for c in columns if c.is_measure and stats[c.name]["distinct"] > 1][
        :MAX_CORRELATED
    ]
    pearson, spearman = _correlations(con, numeric)
    progress(0.75, "Measuring associations between categories")
    categorical = [
        c
        for c in columns
        if c.kind in ("text", "boolean")
        and 2 <= stats[c.name]["distinct"] <= CATEGORICAL_MAX_DISTINCT
    ][:MAX_CATEGORICAL]
    cramers = _cramers_v(con, categorical)
    progress(0.9, "Counting duplicate rows")
    distinct_rows = _distinct_rows(con, columns, rows)
    profiles = []
    for column in columns:
        entry = stats[column.name]
        entry["top_values"] = tops.get(column.name, [])
        entry["histogram"] = hists.get(column.name, [])
        profiles.append(entry)
    return {
        "rows": rows,
        "column_count": len(columns),
        "duplicate_rows": rows - distinct_rows,
        "columns": profiles,
        "correlations": {"pearson": pearson, "spearman": spearman, "cramers_v": cramers},
        "method": "deterministic",
        "engine": f"duckdb {duckdb.__version__}",
        "notes": [
            "std is the sample standard deviation (n-1); median and quantiles interpolate "
            "between the two nearest values.",
            "Spearman ranks each column over its own non-null values (ties get the average "
            "rank); Pearson and Spearman skip rows where either value is missing.",
            f"Value shapes (email, phone...) of a text column of mostly unique values with more "
            f"than {SHAPES_SAMPLE:,} filled rows are shares of a sample of about "
            f"{SHAPES_SAMPLE:,} of its rows (the column's patterns_sample says so); every other "
            "figure is exact.",
        ],
    }


def _distinct_rows(con: duckdb.DuckDBPyConnection, columns: list[Column], rows: int) -> int:
    """Exact count of distinct rows.

    Rows that are equal have equal hashes, so when every row's hash differs every row does;
    only when two hashes meet (a duplicate, or rarely a collision) are the rows compared.
    """
    if not columns or rows < 2:
        return rows
    cols = ", ".join(c.sql for c in columns)
    if int(one(con, f"SELECT count(DISTINCT hash({cols})) FROM data")[0]) == rows:
        return rows
    return int(one(con, "SELECT count(*) FROM (SELECT DISTINCT * FROM data)")[0])


def blank(c: str) -> str:
    """SQL true for an empty or whitespace-only text (trims only values that start blank)."""
    return f"({c} = '' OR ((starts_with({c}, ' ') OR starts_with({c}, chr(9))) AND trim({c}) = ''))"


def _extremes(con: duckdb.DuckDBPyConnection, columns: list[Column]) -> dict[str, tuple[Any, Any]]:
    """Exact min and max of every numeric, temporal and text column.

    Asked on their own, one query per kind, DuckDB answers them from the Parquet file's
    column statistics when it holds exact ones (no scan), and scans the columns otherwise.
    """
    out: dict[str, tuple[Any, Any]] = {}
    for kinds in (("numeric", "text"), ("temporal",)):
        chosen = [c for c in columns if c.kind in kinds]
        if not chosen:
            continue
        exprs = ", ".join(f"min({c.sql}), max({c.sql})" for c in chosen)
        row = one(con, f"SELECT {exprs} FROM data")
        for k, column in enumerate(chosen):
            out[column.name] = (row[2 * k], row[2 * k + 1])
    return out


def _may_be_blank(lowest: Any) -> bool:
    """Whether a text column whose smallest value is ``lowest`` can hold a blank value.

    Blank values are '' or start with a space or a tab, and DuckDB orders text byte by byte:
    when the smallest value is '!' or above, no value starts with a byte at or under a space.
    """
    return lowest is not None and str(lowest) < "!"


def _stat_exprs(i: int, column: Column, lo: Any = None) -> list[str]:
    c = column.sql
    out = [f"count({c}) AS c{i}_count", f"count(DISTINCT {c}) AS c{i}_distinct"]
    qs = "[" + ", ".join(str(q) for q in QUANTILES) + "]"
    if column.kind == "numeric":
        d = f"{c}::DOUBLE"
        out += [
            f"avg({d}) AS c{i}_mean",
            f"stddev_samp({d}) AS c{i}_std",
            f"quantile_cont({d}, {qs}) AS c{i}_q",
        ]
        if lo is not None and lo <= 0:  # else no zero and no negative value
            out += [f"count_if({d} = 0) AS c{i}_zeros", f"count_if({d} < 0) AS c{i}_negatives"]
    elif column.kind == "temporal":
        out += [f"quantile_disc({c}, {qs}) AS c{i}_q"]
    elif column.kind == "boolean":
        out += [f"count_if({c}) AS c{i}_true"]
    elif column.kind == "text":
        out += [
            f"min(length({c})) AS c{i}_lmin",
            f"max(length({c})) AS c{i}_lmax",
            f"avg(length({c})) AS c{i}_lmean",
        ]
        if _may_be_blank(lo):
            out += [f"count_if({blank(c)}) AS c{i}_blank"]
    return out


def _column_stats(
    con: duckdb.DuckDBPyConnection, columns: list[Column]
) -> tuple[int, dict[str, dict[str, Any]]]:
    extremes = _extremes(con, columns)
    exprs = ["count(*) AS __rows"]
    exprs += [
        e
        for i, col in enumerate(columns)
        for e in _stat_exprs(i, col, extremes.get(col.name, (None, None))[0])
    ]
    cursor = con.execute(f"SELECT {', '.join(exprs)} FROM data")
    names = [d[0] for d in cursor.description or []]
    values = cursor.fetchone() or ()
    got = dict(zip(names, values, strict=True))
    rows = int(got["__rows"])
    out: dict[str, dict[str, Any]] = {}
    for i, column in enumerate(columns):

        def g(key: str, i: int = i, name: str = column.name) -> Any:
            if key in ("min", "max"):
                return extremes[name][0 if key == "min" else 1]
            return got.get(f"c{i}_{key}")

        count = int(g("count"))
        entry: dict[str, Any] = {
            "name": column.name,
            "type": column.semantic,
            "physical_type": column.physical,
            "kind": column.kind,
            "count": count,
            "nulls": rows - count,
            "null_share": (rows - count) / rows if rows else 0.0,
            "distinct": int(g("distinct")),
        }
        if column.kind in ("numeric", "temporal"):
            quantiles = g("q") or [None] * len(QUANTILES)
            entry.update(
                min=jsonable(g("min")),
                max=jsonable(g("max")),
                median=jsonable(quantiles[2]),
                quantiles={
                    f"p{round(q * 100)}": jsonable(v)
                    for q, v in zip(QUANTILES, quantiles, strict=True)
                },
            )
        if column.kind == "numeric":
            entry.update(
                mean=jsonable(g("mean")),
                std=jsonable(g("std")),
                zeros=int(g("zeros") or 0),
                negatives=int(g("negatives") or 0),
            )
        elif column.kind == "boolean":
            entry["true"] = int(g("true"))
        elif column.kind == "text":
            entry.update(
                min=jsonable(g("min")),
                max=jsonable(g("max")),
                blank=int(g("blank") or 0),
                length={"min": g("lmin"), "max": g("lmax"), "mean": jsonable(g("lmean"))},
            )
        out[column.name] = entry
    return rows, out


def _text_shapes(
    con: duckdb.DuckDBPyConnection, columns: list[Column], stats: dict[str, dict[str, Any]]
) -> None:
    """Add ``patterns`` (shares) and ``pattern_counts`` to each text column's statistics.

    A column whose values repeat is matched once per distinct value, weighted by its count,
    and a small column of mostly unique values row by row: either way the counts are exact.
    A larger column of mostly unique values is matched on a sample of about
    :data:`SHAPES_SAMPLE` rows (the rows whose value's hash falls under a threshold: the same
    values every time, each value in or out with all its copies): it gets ``patterns``, shares
    of the sample, and ``patterns_sample`` (values matched, of how many), and no
    ``pattern_counts``.
    """
    for column in columns:
        s, c = stats[column.name], column.sql
        count = int(s["count"])
        sampled = None
        if not count:
            counts = dict.fromkeys(SHAPES, 0)
        else:
            grouped = s["distinct"] * 4 <= count
            if grouped:
                source = (
                    f"(SELECT {c} AS v, count(*) AS n FROM data WHERE {c} IS NOT NULL GROUP BY 1)"
                )
            elif count > SHAPES_SAMPLE:
                threshold = int(2**64 * min(1.0, SHAPES_SAMPLE / count)) - 1
                source = (
                    f"(SELECT {c} AS v FROM data WHERE {c} IS NOT NULL AND "
                    f"hash({c}) <= {threshold}::UBIGINT)"
                )
                sampled = threshold
            else:
                source = f"(SELECT {c} AS v FROM data)"
            agg = "sum(n)" if grouped else "count(v)"
            exprs = ", ".join(
                f"coalesce({agg} FILTER ({PREFILTERS[name].format(v='v')} AND "
                f"regexp_full_match(v, {literal(padded(rx))})), 0)"
                for name, rx in SHAPES.items()
            )
            row = one(con, f"SELECT {exprs}, {agg} FROM {source}")
            counts = {name: int(n) for name, n in zip(SHAPES, row[:-1], strict=True)}
            if sampled is not None:
                matched = int(row[-1] or 0)
                s["patterns"] = {n: (k / matched if matched else 0.0) for n, k in counts.items()}
                s["patterns_sample"] = {
                    "values": matched,
                    "of": count,
                    "method": "rows whose value hash is below a fixed threshold",
                }
                continue
        s["pattern_counts"] = counts
        s["patterns"] = {name: (n / count if count else 0.0) for name, n in counts.items()}


def _top_values(
    con: duckdb.DuckDBPyConnection, columns: list[Column]
) -> dict[str, list[dict[str, Any]]]:
    if not columns:
        return {}
    cols = ", ".join(c.sql for c in columns)
    sets = ", ".join(f"({c.sql})" for c in columns)
    sql = (
        f"SELECT grouping_id({cols}) AS __gid, {cols}, count(*) AS __n FROM data "
        f"GROUP BY GROUPING SETS ({sets}) "
        f"QUALIFY row_number() OVER (PARTITION BY __gid ORDER BY __n DESC, {cols}) "
        f"<= {TOP_VALUES + 1}"
    )
    k = len(columns)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in con.execute(sql).fetchall():
        gid, values, n = row[0], row[1:-1], row[-1]
        # grouping_id sets a bit (most significant first) for each column NOT grouped.
        index = next(i for i in range(k) if not (gid >> (k - 1 - i)) & 1)
        value = values[index]
        if value is None:
            continue
        out[columns[index].name].append({"value": jsonable(value), "count": int(n)})
    return {
        name: sorted(vals, key=lambda v: -v["count"])[:TOP_VALUES] for name, vals in out.items()
    }


def _histograms(
    con: duckdb.DuckDBPyConnection, columns: list[Column], stats: dict[str, dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    parts, specs = [], {}
    for i, column in enumerate(columns):
        lo, hi = stats[column.name].get("min"), stats[column.name].get("max")
        if lo is None or hi is None or lo == hi:
            continue
        lo, hi = float(lo), float(hi)
        bins = HISTOGRAM_BINS
        if column.semantic in ("integer", "identifier") and hi - lo + 1 < bins:
            bins = int(hi - lo + 1)
        width = (hi - lo) / bins
        specs[i] = (column.name, lo, width, bins)
        parts.append(
            f"SELECT {i}, least(floor(({column.sql}::DOUBLE - {lo!r}) / "
            f"{width!r}), {bins - 1})::INTEGER, count(*) FROM data "
            f"WHERE {column.sql} IS NOT NULL GROUP BY 2"
        )
    if not parts:
        return {}
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for col, b, n in con.execute(" UNION ALL ".join(parts)).fetchall():
        counts[int(col)][int(b)] = int(n)
    out = {}
    for i, (name, lo, width, bins) in specs.items():
        out[name] = [
            {"start": lo + b * width, "end": lo + (b + 1) * width, "count": counts[i].get(b, 0)}
            for b in range(bins)
        ]
    return out


def _correlations(
    con: duckdb.DuckDBPyConnection, columns: list[Column]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if len(columns) < 2:
        return [], []
    # Spearman = Pearson of average ranks. Each column's ranks are computed over its distinct
    # values (average rank of a value = rows up to and including it - (its count - 1) / 2) and
    # joined back: far cheaper than sorting every row, and exact.
    ctes = ", ".join(
        f"rank{i} AS (SELECT v, sum(n) OVER (ORDER BY v) - (n - 1) / 2.0 AS r FROM "
        f"(SELECT {c.sql} AS v, count(*) AS n FROM data WHERE {c.sql} IS NOT NULL GROUP BY 1))"
        for i, c in enumerate(columns)
    )
    values = ", ".join(
        f"data.{c.sql}::DOUBLE AS v{i}, rank{i}.r AS r{i}" for i, c in enumerate(columns)
    )
    joins = " ".join(
        f"LEFT JOIN rank{i} ON data.{c.sql} = rank{i}.v" for i, c in enumerate(columns)
    )
    pairs = [(i, j) for i in range(len(columns)) for j in range(i + 1, len(columns))]
    exprs = ", ".join(f"corr(v{i}, v{j}), corr(r{i}, r{j})" for i, j in pairs)
    row = one(con, f"WITH {ctes} SELECT {exprs} FROM (SELECT {values} FROM data {joins})")
    pearson: list[dict[str, Any]] = []
    spearman: list[dict[str, Any]] = []
    for k, (i, j) in enumerate(pairs):
        a, b = columns[i].name, columns[j].name
        for target, value in ((pearson, row[2 * k]), (spearman, row[2 * k + 1])):
            if value is not None and math.isfinite(value):
                target.append({"a": a, "b": b, "r": float(value)})
    key: Callable[[dict[str, Any]], float] = lambda p: -abs(p["r"])  # noqa: E731
    return sorted(pearson, key=key), sorted(spearman, key=key)


def _cramers_v(con: duckdb.DuckDBPyConnection, columns: list[Column]) -> list[dict[str, Any]]:
    if len(columns) < 2:
        return []
    k = len(columns)
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
    cols = ", ".join(c.sql for c in columns)
    sets = ", ".join(f"({columns[i].sql}, {columns[j].sql})" for i, j in pairs)
    sql = f"SELECT grouping_id({cols}), {cols}, count(*) FROM data GROUP BY GROUPING SETS ({sets})"
    tables: dict[tuple[int, int], list[tuple[Any, Any, int]]] = defaultdict(list)
    for row in con.execute(sql).fetchall():
        gid, values, n = row[0], row[1:-1], int(row[-1])
        grouped = [i for i in range(k) if not (gid >> (k - 1 - i)) & 1]
        i, j = grouped
        if values[i] is None or values[j] is None:
            continue
        tables[(i, j)].append((values[i], values[j], n))
    out = []
    for (i, j), cells in tables.items():
        v = cramers_v(cells)
        if v is not None:
            out.append({"a": columns[i].name, "b": columns[j].name, "v": v})
    return sorted(out, key=lambda p: -p["v"])


def cramers_v(cells: list[tuple[Any, Any, int]]) -> float | None:
    """Cramér's V of a contingency table given as (row value, column value, count) cells."""
    rows: dict[Any, int] = defaultdict(int)
    cols: dict[Any, int] = defaultdict(int)
    for a, b, n in cells:
        rows[a] += n
        cols[b] += n
    total = sum(rows.values())
    smaller = min(len(rows), len(cols))
    if total == 0 or smaller < 2:
        return None
    # chi2 = n * sum(O^2 / (row_total * col_total)) - n; empty cells add nothing to the sum.
    chi2 = total * sum(n * n / (rows[a] * cols[b]) for a, b, n in cells) - total
    return math.sqrt(max(chi2, 0.0) / (total * (smaller - 1)))


def column(profile_result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in profile_result["columns"] if c["name"] == name)
