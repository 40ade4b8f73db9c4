"""Vega-Lite charts chosen from the column types, with data aggregated by DuckDB (never raw rows).

Charts: a histogram per numeric column, a bar chart of the top categories, a time series per
date column (rows per month, or the sum of the chosen measure), a binned scatter of the most
strongly correlated pair, and an overview of missing values. The user may ask for one kind over
chosen columns instead. SVG rendering is offline (vl-convert), one render at a time per process.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from typing import Any

import duckdb

from symphainy.core.charts import vegalite_svg
from symphainy.core.errors import Invalid
from symphainy.insights.engine import Column, describe, jsonable, one, quote
from symphainy.insights.profile import column as column_profile

KINDS = ("histogram", "bar", "timeseries", "scatter", "missing")
WIDTH, HEIGHT = 560, 280
SCATTER_BINS = 30
VALUE_BARS_MAX = 20  # an integer column with at most this many values gets one bar per value
# Measures whose monthly total means something; anything else (rates, ratios, sizes,
# temperatures, miles per gallon) is averaged per period instead of summed.
_ADDITIVE = re.compile(
    r"amount|total|sum|count|qty|quantit|revenue|sales|cost|spend|expense|volume|units?\b|"
    r"hours|minutes|paid|income|profit|fee|number|tonnes|orders|visits|calls|claims|items",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def label(name: str) -> str:
    """A column name as a reader says it: ``Miles_per_Gallon`` -> "Miles per gallon",
    ``studyName`` -> "Study name". Names already written with spaces are kept as they are."""
    if " " in name.strip():
        return name.strip()
    words = [w for w in re.split(r"[_\-.]+", _CAMEL.sub(" ", name).replace(" ", "_")) if w]
    if not words:
        return name
    spoken = [w if w.isupper() and len(w) > 1 else w.lower() for w in words]
    first = spoken[0]
    spoken[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(spoken)


def _spec(
    title: str, data: list[dict[str, Any]], mark: Any, encoding: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": data},
        "mark": mark,
        "encoding": encoding,
        "config": {
            "font": "Inter, Helvetica, Arial, sans-serif",
            "axis": {"labelColor": "#374151", "titleColor": "#111827"},
            "mark": {"color": "#4f46e5"},
            "view": {"stroke": None},
        },
    }


def histogram(con: duckdb.DuckDBPyConnection, prof: dict[str, Any], name: str) -> dict[str, Any]:
    """Bins over the range inside the IQR fences, so a few extreme values do not flatten the
    chart; how many values lie outside is said in the title."""
    stats = column_profile(prof, name)
    if _few_whole_numbers(stats):
        return value_bars(con, name)
    bins = stats.get("histogram") or []
    if not bins:
        raise Invalid(f"“{name}” has no numeric spread to draw", field="x")
    data = [{"start": b["start"], "end": b["end"], "count": b["count"]} for b in bins]
    title = f"Distribution of {label(name)}"
    q1, q3 = stats["quantiles"]["p25"], stats["quantiles"]["p75"]
    lo = max(float(stats["min"]), q1 - 1.5 * (q3 - q1))
    hi = min(float(stats["max"]), q3 + 1.5 * (q3 - q1))
    if (lo, hi) != (float(stats["min"]), float(stats["max"])) and hi > lo:
        width = (hi - lo) / len(bins)
        col = quote(name)
        rows = con.execute(
            f"SELECT least(floor(({col}::DOUBLE - ?) / ?), {len(bins) - 1})::INTEGER, count(*) "
            f"FROM data WHERE {col}::DOUBLE BETWEEN ? AND ? GROUP BY 1",
            [lo, width, lo, hi],
        ).fetchall()
        counts = {int(b): int(n) for b, n in rows}
        data = [
            {"start": lo + b * width, "end": lo + (b + 1) * width, "count": counts.get(b, 0)}
            for b in range(len(bins))
        ]
        outside = int(stats["count"]) - sum(counts.values())
        title = (
            f"Distribution of {label(name)} ({outside:,} values beyond the IQR fences not shown)"
        )
    return _spec(
        title,
        data,
        {"type": "bar", "tooltip": True},
        {
            "x": {
                "field": "start",
                "type": "quantitative",
                "bin": {"binned": True},
                "title": label(name),
            },
            "x2": {"field": "end"},
            "y": {"field": "count", "type": "quantitative", "title": "rows"},
        },
    )


def _few_whole_numbers(stats: dict[str, Any]) -> bool:
    """Counts such as cylinders or children: whole numbers with only a handful of values, where
    bins half a unit wide would show gaps between bars that mean nothing."""
    kind = str(stats.get("type", "")).lower()
    distinct = int(stats.get("distinct") or 0)
    quantiles = [q for q in (stats.get("quantiles") or {}).values() if q is not None]
    whole = "int" in kind or (
        stats.get("min") is not None
        and stats.get("max") is not None
        and all(float(v).is_integer() for v in [stats["min"], stats["max"], *quantiles])
    )
    return whole and 0 < distinct <= VALUE_BARS_MAX


def value_bars(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
    """One bar per value of a whole-number column, in numeric order."""
    col = quote(name)
    rows = con.execute(
        f"SELECT {col}, count(*) FROM data WHERE {col} IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    data = [{"value": jsonable(v), "count": int(n)} for v, n in rows]
    return _spec(
        f"Rows per value of {label(name)}",
        data,
        {"type": "bar", "tooltip": True},
        {
            "x": {"field": "value", "type": "ordinal", "sort": None, "title": label(name)},
            "y": {"field": "count", "type": "quantitative", "title": "rows"},
        },
    )


def bar(prof: dict[str, Any], name: str) -> dict[str, Any]:
    top = column_profile(prof, name).get("top_values") or []
    if not top:
        raise Invalid(f"“{name}” has no repeated values to compare", field="x")
    data = [{"value": str(t["value"]), "count": t["count"]} for t in top]
    return _spec(
        f"Most frequent values of {label(name)}",
        data,
        {"type": "bar", "tooltip": True},
        {
            "y": {"field": "value", "type": "nominal", "sort": "-x", "title": label(name)},
            "x": {"field": "count", "type": "quantitative", "title": "rows"},
        },
    )


def timeseries(
    con: duckdb.DuckDBPyConnection, date: Column, measure: Column | None
) -> dict[str, Any]:
    """Rows, the total of an additive measure, or the average of any other, per month, or per
    year when the dates are whole years (every value on 1 January)."""
    years_only = one(
        con,
        f"SELECT bool_and(month({date.sql}) = 1 AND day({date.sql}) = 1) "
        f"FROM data WHERE {date.sql} IS NOT NULL",
    )[0]
    grain = "year" if years_only else "month"
    additive = measure is not None and bool(_ADDITIVE.search(measure.name))
    if measure is None:
        value, name = "count(*)", "rows"
    elif additive:
        value, name = f"sum({measure.sql})", f"total {label(measure.name).lower()}"
    else:
        value, name = f"avg({measure.sql})", f"average {label(measure.name).lower()}"
    rows = con.execute(
        f"SELECT date_trunc('{grain}', {date.sql}) AS period, {value} AS v "
        f"FROM data WHERE {date.sql} IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    data = [{"period": jsonable(p), "value": jsonable(v)} for p, v in rows]
    when = label(date.name)
    title = f"{name.capitalize()} per {grain}"
    if when.lower() not in (grain, "date"):
        title += f" of {when}"
    return _spec(
        title,
        data,
        {"type": "line", "point": True, "tooltip": True},
        {
            "x": {
                "field": "period",
                "type": "temporal",
                "timeUnit": "year" if grain == "year" else "yearmonth",
                "title": when,
            },
            "y": {"field": "value", "type": "quantitative", "title": name},
        },
    )


def _fences(prof: dict[str, Any], name: str) -> tuple[float, float] | None:
    """The column's range clipped to the IQR fences (Q1 - 1.5 IQR, Q3 + 1.5 IQR)."""
    stats = column_profile(prof, name)
    if stats.get("min") is None or stats.get("quantiles", {}).get("p25") is None:
        return None
    q1, q3 = float(stats["quantiles"]["p25"]), float(stats["quantiles"]["p75"])
    return (
        max(float(stats["min"]), q1 - 1.5 * (q3 - q1)),
        min(float(stats["max"]), q3 + 1.5 * (q3 - q1)),
    )


def scatter(
    con: duckdb.DuckDBPyConnection, prof: dict[str, Any], x: Column, y: Column
) -> dict[str, Any]:
    """Counts of rows in a 30×30 grid over the two columns' ranges inside their IQR fences."""
    fx, fy = _fences(prof, x.name), _fences(prof, y.name)
    if fx is None or fy is None:
        raise Invalid("these columns have no values to plot", field="x")
    (x0, x1), (y0, y1) = fx, fy
    wx, wy = (x1 - x0) / SCATTER_BINS or 1.0, (y1 - y0) / SCATTER_BINS or 1.0
    inside = (
        f"{x.sql}::DOUBLE BETWEEN {x0!r} AND {x1!r} AND {y.sql}::DOUBLE BETWEEN {y0!r} AND {y1!r}"
    )
    rows = con.execute(
        f"SELECT least(floor(({x.sql}::DOUBLE - ?) / ?), {SCATTER_BINS - 1}) AS bx, "
        f"least(floor(({y.sql}::DOUBLE - ?) / ?), {SCATTER_BINS - 1}) AS by, count(*) "
        f"FROM data WHERE {inside} GROUP BY 1, 2",
        [x0, wx, y0, wy],
    ).fetchall()
    data = [
        {x.name: x0 + (bx + 0.5) * wx, y.name: y0 + (by + 0.5) * wy, "rows": n}
        for bx, by, n in rows
    ]
    both = one(con, f"SELECT count(*) FROM data WHERE {x.sql} IS NOT NULL AND {y.sql} IS NOT NULL")[
        0
    ]
    left_out = int(both) - sum(int(r[2]) for r in rows)
    note = f"; {left_out:,} rows beyond the IQR fences not shown" if left_out else ""
    return _spec(
        f"{label(y.name)} against {label(x.name)} (binned, {SCATTER_BINS}×{SCATTER_BINS}{note})",
        data,
        {"type": "circle", "opacity": 0.7, "tooltip": True},
        {
            "x": {"field": x.name, "type": "quantitative", "title": label(x.name)},
            "y": {"field": y.name, "type": "quantitative", "title": label(y.name)},
            "size": {"field": "rows", "type": "quantitative", "title": "rows"},
        },
    )


def missing(prof: dict[str, Any]) -> dict[str, Any]:
    data = [
        {
            "column": c["name"],
            "share": c["null_share"] + (c.get("blank") or 0) / max(prof["rows"], 1),
        }
        for c in prof["columns"]
    ]
    return _spec(
        "Missing values per column",
        data,
        {"type": "bar", "tooltip": True},
        {
            "y": {"field": "column", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "share",
                "type": "quantitative",
                "title": "share missing",
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1]},
            },
        },
    )


def _pick(
    columns: list[Column], name: str | None, field: str, kinds: tuple[str, ...]
) -> Column | None:
    if name is None:
        return None
    found = next((c for c in columns if c.name == name), None)
    if found is None:
        raise Invalid(f"this dataset has no column “{name}”", field=field)
    if kinds and found.kind not in kinds:
        raise Invalid(
            f"“{name}” is {found.kind}; this chart needs {' or '.join(kinds)}", field=field
        )
    return found


def choose(
    con: duckdb.DuckDBPyConnection,
    prof: dict[str, Any],
    *,
    semantic: dict[str, str] | None = None,
    kind: str | None = None,
    x: str | None = None,
    y: str | None = None,
) -> list[dict[str, Any]]:
    """The charts for this dataset: the suggested set, or one ``kind`` over chosen columns."""
    columns = describe(con, semantic)
    stats = {c["name"]: c for c in prof["columns"]}
    measures = [c for c in columns if c.is_measure and stats[c.name]["distinct"] > 1]
    cats = [
        c
        for c in columns
        if c.kind in ("text", "boolean")
        and 1 < stats[c.name]["distinct"] <= 50
        and stats[c.name].get("top_values")
    ]
    dates = [c for c in columns if c.kind == "temporal" and stats[c.name]["count"]]
    out: list[dict[str, Any]] = []

    def add(chart_kind: str, cols: list[str], spec: dict[str, Any]) -> None:
        out.append({"kind": chart_kind, "columns": cols, "title": spec["title"], "spec": spec})

    if kind is not None:
        if kind not in KINDS:
            raise Invalid(f"chart must be one of {', '.join(KINDS)}", field="chart")
        if kind == "histogram":
            col = _pick(columns, x, "x", ("numeric",)) or next(iter(measures), None)
            if col is None:
                raise Invalid("there is no numeric column to draw", field="x")
            add(kind, [col.name], histogram(con, prof, col.name))
        elif kind == "bar":
            col = _pick(columns, x, "x", ()) or next(iter(cats), None)
            if col is None:
                raise Invalid("there is no column with repeated values", field="x")
            add(kind, [col.name], bar(prof, col.name))
        elif kind == "timeseries":
            date = _pick(columns, x, "x", ("temporal",)) or next(iter(dates), None)
            if date is None:
                raise Invalid("there is no date column", field="x")
            measure = _pick(columns, y, "y", ("numeric",))
            add(
                kind,
                [date.name] + ([measure.name] if measure else []),
                timeseries(con, date, measure),
            )
        elif kind == "scatter":
            a, b = _pick(columns, x, "x", ("numeric",)), _pick(columns, y, "y", ("numeric",))
            if a is None or b is None:
                raise Invalid("a scatter needs two numeric columns: x and y", field="x")
            add(kind, [a.name, b.name], scatter(con, prof, a, b))
        else:
            add(kind, [], missing(prof))
        return out
    for col in measures[:3]:
        if stats[col.name].get("histogram"):
            add("histogram", [col.name], histogram(con, prof, col.name))
    for col in cats[:2]:
        add("bar", [col.name], bar(prof, col.name))
    for date in dates[:1]:
        measure = measures[0] if measures else None
        add(
            "timeseries",
            [date.name] + ([measure.name] if measure else []),
            timeseries(con, date, measure),
        )
    pearson = prof["correlations"]["pearson"]
    if pearson:
        best = pearson[0]
        a = next(c for c in columns if c.name == best["a"])
        b = next(c for c in columns if c.name == best["b"])
        add("scatter", [a.name, b.name], scatter(con, prof, a, b))
    if any(c["nulls"] or c.get("blank") for c in prof["columns"]):
        add("missing", [], missing(prof))
    return out


def to_svg(spec: dict[str, Any]) -> str:
    return vegalite_svg(spec)
