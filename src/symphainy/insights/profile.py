"""The profile of a dataset, computed exactly by DuckDB in a handful of scans.

Pass 1 is one aggregate over every column (counts, distinct, moments, quantiles, lengths,
pattern matches). Then one grouped pass for the top values of every column (GROUPING SETS),
one for the histogram bins, one windowed pass for the rank correlations, one for the
contingency tables behind Cramér's V, and one for exact duplicate rows.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
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

Progress = Callable[[float, str], None]


def _noop(_fraction: float, _message: str) -> None:
    return None


def profile(
    con: duckdb.DuckDBPyConnection,
    semantic: dict[str, str] | None = None,
    progress: Progress = _noop,
) -> dict[str, Any]:
    """Rows, duplicates, per-column statistics and correlations of the view ``data``."""
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
    distinct_rows = int(one(con, "SELECT count(*) FROM (SELECT DISTINCT * FROM data)")[0])
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
        ],
    }


def blank(c: str) -> str:
    """SQL true for an empty or whitespace-only text (trims only values that start blank)."""
    return f"({c} = '' OR ((starts_with({c}, ' ') OR starts_with({c}, chr(9))) AND trim({c}) = ''))"


def _stat_exprs(i: int, column: Column) -> list[str]:
    c = column.sql
    out = [f"count({c}) AS c{i}_count", f"count(DISTINCT {c}) AS c{i}_distinct"]
    qs = "[" + ", ".join(str(q) for q in QUANTILES) + "]"
    if column.kind == "numeric":
        d = f"{c}::DOUBLE"
        out += [
            f"min({c}) AS c{i}_min",
            f"max({c}) AS c{i}_max",
            f"avg({d}) AS c{i}_mean",
            f"stddev_samp({d}) AS c{i}_std",
            f"quantile_cont({d}, {qs}) AS c{i}_q",
            f"count({d}) FILTER ({d} = 0) AS c{i}_zeros",
            f"count({d}) FILTER ({d} < 0) AS c{i}_negatives",
        ]
    elif column.kind == "temporal":
        out += [
            f"min({c}) AS c{i}_min",
            f"max({c}) AS c{i}_max",
            f"quantile_disc({c}, {qs}) AS c{i}_q",
        ]
    elif column.kind == "boolean":
        out += [f"count({c}) FILTER ({c}) AS c{i}_true"]
    elif column.kind == "text":
        out += [
            f"min(length({c})) AS c{i}_lmin",
            f"max(length({c})) AS c{i}_lmax",
            f"avg(length({c})) AS c{i}_lmean",
            f"count({c}) FILTER ({blank(c)}) AS c{i}_blank",
            f"min({c}) AS c{i}_min",
            f"max({c}) AS c{i}_max",
        ]
    return out


def _column_stats(
    con: duckdb.DuckDBPyConnection, columns: list[Column]
) -> tuple[int, dict[str, dict[str, Any]]]:
    exprs = ["count(*) AS __rows"]
    exprs += [e for i, col in enumerate(columns) for e in _stat_exprs(i, col)]
    cursor = con.execute(f"SELECT {', '.join(exprs)} FROM data")
    names = [d[0] for d in cursor.description or []]
    values = cursor.fetchone() or ()
    got = dict(zip(names, values, strict=True))
    rows = int(got["__rows"])
    out: dict[str, dict[str, Any]] = {}
    for i, column in enumerate(columns):

        def g(key: str, i: int = i) -> Any:
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
                zeros=int(g("zeros")),
                negatives=int(g("negatives")),
            )
        elif column.kind == "boolean":
            entry["true"] = int(g("true"))
        elif column.kind == "text":
            entry.update(
                min=jsonable(g("min")),
                max=jsonable(g("max")),
                blank=int(g("blank")),
                length={"min": g("lmin"), "max": g("lmax"), "mean": jsonable(g("lmean"))},
            )
        out[column.name] = entry
    return rows, out


def _text_shapes(
    con: duckdb.DuckDBPyConnection, columns: list[Column], stats: dict[str, dict[str, Any]]
) -> None:
    """Add ``pattern_counts`` and ``patterns`` (shares) to each text column's statistics.

    A column whose values repeat is matched once per distinct value, weighted by its count;
    a column of mostly unique values is matched row by row. Either way the counts are exact.
    """
    for column in columns:
        s, c = stats[column.name], column.sql
        if not s["count"]:
            counts = dict.fromkeys(SHAPES, 0)
        else:
            grouped = s["distinct"] * 4 <= s["count"]
            source = (
                (f"(SELECT {c} AS v, count(*) AS n FROM data WHERE {c} IS NOT NULL GROUP BY 1)")
                if grouped
                else f"(SELECT {c} AS v FROM data)"
            )
            agg = "sum(n)" if grouped else "count(v)"
            exprs = ", ".join(
                f"coalesce({agg} FILTER ({PREFILTERS[name].format(v='v')} AND "
                f"regexp_full_match(v, {literal(padded(rx))})), 0)"
                for name, rx in SHAPES.items()
            )
            row = one(con, f"SELECT {exprs} FROM {source}")
            counts = {name: int(n) for name, n in zip(SHAPES, row, strict=True)}
        s["pattern_counts"] = counts
        s["patterns"] = {
            name: (n / s["count"] if s["count"] else 0.0) for name, n in counts.items()
        }


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
