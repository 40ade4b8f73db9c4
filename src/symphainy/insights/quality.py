"""Data-quality findings from a profile plus a few targeted DuckDB queries, and a 0..100 score.

Each finding names its check, the column, a severity, how many rows are affected, example rows
(1-based row numbers in the file) and a concrete suggestion. Counts are exact.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import re
from typing import Any

import duckdb

from symphainy.insights import categories
from symphainy.insights.engine import ROW_COLUMN, Column, describe, jsonable, literal, one, quote
from symphainy.insights.patterns import (
    DATE_SHAPES,
    EMAIL,
    NUMBER_TEXT,
    PHONE,
    PREFILTERS,
    SHAPES,
    padded,
)
from symphainy.insights.profile import blank, memory_capped

EXAMPLES = 5
WEIGHTS = {"critical": 20.0, "warning": 6.0, "info": 1.0}
SCORE_FORMULA = (
    "score = max(0, 100 - Σ weight(severity) × (0.5 + 0.5 × affected_rows / rows)); "
    "weight: critical 20, warning 6, info 1; how the file was read (missing markers) weighs 0"
)
# Findings that report a reading decision, not a fault of the data: shown, never penalised.
READING_CHECKS = frozenset({"missing_marker", "marker_kept_as_text"})
KEY_NAME = re.compile(r"(^|[_\s-])(id|key|uuid|guid|code|ref|number|no)$|^id[_\s-]", re.I)
EMAIL_NAME = re.compile(r"e-?mail", re.I)
PHONE_NAME = re.compile(r"phone|mobile|tel(ephone)?$|fax", re.I)
DATE_NAME = re.compile(r"date|day|_at$|_on$|time", re.I)
ALMOST_EMPTY = 0.9
Z_LIMIT = 3.0


def finding(
    check: str,
    column: str | None,
    severity: str,
    count: int,
    suggestion: str,
    message: str,
    examples: list[dict[str, Any]] | None = None,
    **details: Any,
) -> dict[str, Any]:
    return {
        "check": check,
        "column": column,
        "severity": severity,
        "count": count,
        "message": message,
        "examples": examples or [],
        "suggestion": suggestion,
        "details": details,
    }


def examples(
    con: duckdb.DuckDBPyConnection, where: str, columns: list[str], params: list[Any] | None = None
) -> list[dict[str, Any]]:
    """Up to five rows matching ``where``: their row number and the values of ``columns``."""
    cols = ", ".join(quote(c) for c in columns)
    sql = (
        f"SELECT {ROW_COLUMN}, {cols} FROM data_rows WHERE {where} "
        f"ORDER BY {ROW_COLUMN} LIMIT {EXAMPLES}"
    )
    return [
        {"row": r[0], "values": {c: jsonable(v) for c, v in zip(columns, r[1:], strict=True)}}
        for r in con.execute(sql, params or []).fetchall()
    ]


def assess(
    con: duckdb.DuckDBPyConnection,
    prof: dict[str, Any],
    semantic: dict[str, str] | None = None,
    readings: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every finding for the dataset behind ``con``, the score and how it was computed.

    ``readings`` are the Content pillar's per-column reading decisions (markers read as
    missing or kept as text); each becomes a finding so the user sees, and can undo, it.
    """
    with memory_capped(con):
        found = _findings(con, prof, semantic)
    rows = int(prof["rows"])
    found += reading_findings(readings or {})
    order = {"critical": 0, "warning": 1, "info": 2}
    found.sort(key=lambda f: (order[f["severity"]], -f["count"]))
    for index, item in enumerate(found):
        item["id"] = f"finding-{index + 1}"
    score, penalties = quality_score(found, rows)
    return {
        "rows": rows,
        "findings": found,
        "score": score,
        "formula": SCORE_FORMULA,
        "penalties": penalties,
        "method": "deterministic",
        "counts": {sev: sum(1 for f in found if f["severity"] == sev) for sev in order},
    }


def _findings(
    con: duckdb.DuckDBPyConnection, prof: dict[str, Any], semantic: dict[str, str] | None
) -> list[dict[str, Any]]:
    rows = int(prof["rows"])
    columns = describe(con, semantic)
    stats = {c["name"]: c for c in prof["columns"]}
    found: list[dict[str, Any]] = []
    if prof["duplicate_rows"]:
        found.append(_duplicate_rows(con, columns, int(prof["duplicate_rows"]), rows))
    measures = [c for c in columns if c.is_measure and stats[c.name]["count"]]
    fences = {c.name: f for c in measures if (f := _fences(stats[c.name])) is not None}
    beyond = _count_beyond(con, [c for c in measures if c.name in fences], fences)
    for column in columns:
        s = stats[column.name]
        found += _emptiness(con, column, s, rows)
        if s["count"] == 0:
            continue
        found += _identifiers(con, column, s)
        if column.name in fences:
            found += _outliers(con, column, s, fences[column.name], beyond[column.name])
        if column.kind == "text":
            found += _text_checks(con, column, s)
    return found


def quality_score(found: list[dict[str, Any]], rows: int) -> tuple[float, list[dict[str, Any]]]:
    penalties = []
    for item in found:
        if item["check"] in READING_CHECKS:
            penalties.append({"finding": item["id"], "penalty": 0.0})
            continue
        share = min(1.0, item["count"] / rows) if rows else 0.0
        penalty = WEIGHTS[item["severity"]] * (0.5 + 0.5 * share)
        penalties.append({"finding": item["id"], "penalty": round(penalty, 3)})
    return round(max(0.0, 100.0 - sum(p["penalty"] for p in penalties)), 1), penalties


def reading_findings(readings: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One finding per missing-marker decision the table reading made, column by column."""
    found: list[dict[str, Any]] = []
    for column, reading in readings.items():
        for marker, cells in reading.get("missing_markers", {}).items():
            if marker == "(blank)":
                continue
            found.append(
                finding(
                    "missing_marker",
                    column,
                    "info",
                    int(cells),
                    f"If {marker!r} is a real value in “{column}”, reprocess the file keeping "
                    "this column's markers as text.",
                    f"{marker!r} was read as a missing value in “{column}” ({cells:,} cells).",
                    marker=marker,
                    decision="missing",
                )
            )
        for marker, cells in reading.get("markers_kept_as_text", {}).items():
            found.append(
                finding(
                    "marker_kept_as_text",
                    column,
                    "info",
                    int(cells),
                    f"If {marker!r} means “no value” in “{column}”, replace it with an empty "
                    "cell or reprocess the file with this column's markers read as missing.",
                    f"{marker!r} was kept as text in “{column}” ({cells:,} cells): it could be a "
                    "real value there (NA for North America, say) and the file does not use it "
                    "as its missing marker elsewhere.",
                    marker=marker,
                    decision="kept",
                )
            )
    return found


def _duplicate_rows(
    con: duckdb.DuckDBPyConnection, columns: list[Column], extra: int, rows: int
) -> dict[str, Any]:
    cols = ", ".join(c.sql for c in columns)
    sample = con.execute(
        f"SELECT {ROW_COLUMN} FROM (SELECT {ROW_COLUMN}, row_number() OVER "
        f"(PARTITION BY {cols} ORDER BY {ROW_COLUMN}) AS k FROM data_rows) WHERE k > 1 "
        f"ORDER BY {ROW_COLUMN} LIMIT {EXAMPLES}"
    ).fetchall()
    share = extra / rows
    return finding(
        "duplicate_rows",
        None,
        "critical" if share > 0.1 else "warning",
        extra,
        "Remove the repeated rows (keep the first of each), or find out why the export "
        "repeats them.",
        f"{extra:,} rows are exact copies of an earlier row.",
        [{"row": r[0], "values": {}} for r in sample],
    )


def _emptiness(
    con: duckdb.DuckDBPyConnection, column: Column, s: dict[str, Any], rows: int
) -> list[dict[str, Any]]:
    out = []
    missing = int(s["nulls"]) + int(s.get("blank") or 0)
    share = missing / rows if rows else 0.0
    where = f"{column.sql} IS NULL" + (f" OR {blank(column.sql)}" if column.kind == "text" else "")
    if rows and share >= ALMOST_EMPTY:
        out.append(
            finding(
                "almost_empty",
                column.name,
                "warning",
                missing,
                f"Drop “{column.name}” or fill it from its source; it holds almost nothing.",
                f"“{column.name}” is {share:.0%} empty ({missing:,} of {rows:,} rows).",
                examples(con, where, [column.name]),
                share=share,
            )
        )
    elif missing:
        severity = "critical" if share >= 0.5 else "warning" if share >= 0.05 else "info"
        out.append(
            finding(
                "missing_values",
                column.name,
                severity,
                missing,
                f"Fill the missing “{column.name}” values from the source, or exclude those rows "
                "from analyses that need them.",
                f"{missing:,} rows ({share:.1%}) have no “{column.name}”.",
                examples(con, where, [column.name]),
                share=share,
                blanks=int(s.get("blank") or 0),
            )
        )
    if rows > 1 and s["distinct"] == 1 and s["count"] >= 2 and share < ALMOST_EMPTY:
        value = (s.get("top_values") or [{"value": s.get("min")}])[0]["value"]
        out.append(
            finding(
                "constant_column",
                column.name,
                "warning",
                int(s["count"]),
                f"“{column.name}” has the same value in every row; drop it or check the export.",
                f"Every filled value of “{column.name}” is {value!r}.",
                [],
                value=value,
            )
        )
    return out


def _identifiers(
    con: duckdb.DuckDBPyConnection, column: Column, s: dict[str, Any]
) -> list[dict[str, Any]]:
    count, distinct = int(s["count"]), int(s["distinct"])
    likely_key = column.kind in ("numeric", "text") and (
        column.semantic == "identifier" or KEY_NAME.search(column.name) is not None
    )
    if not likely_key or distinct == count or distinct < 0.9 * count:
        return []
    c = column.sql
    involved = int(
        one(
            con,
            f"SELECT count(*) FROM data WHERE {c} IN "
            f"(SELECT {c} FROM data GROUP BY {c} HAVING count(*) > 1)",
        )[0]
    )
    return [
        finding(
            "non_unique_id",
            column.name,
            "critical",
            involved,
            f"Give every row its own “{column.name}”: merge the rows that share one, or find which "
            "system issued the same identifier twice.",
            f"“{column.name}” looks like an identifier ({distinct:,} distinct of {count:,}) but "
            f"{involved:,} rows share their value with another row ({count - distinct:,} extra "
            "copies).",
            examples(
                con,
                f"{c} IN (SELECT {c} FROM data GROUP BY {c} HAVING count(*) > 1)",
                [column.name],
            ),
            extra_copies=count - distinct,
        )
    ]


Fences = tuple[float, float, float, float]  # IQR lower, upper; mean, std


def _fences(s: dict[str, Any]) -> Fences | None:
    q1, q3 = s["quantiles"]["p25"], s["quantiles"]["p75"]
    mean, std = s.get("mean"), s.get("std")
    if q1 is None or q3 is None or not std or mean is None:
        return None
    iqr = q3 - q1
    return q1 - 1.5 * iqr, q3 + 1.5 * iqr, float(mean), float(std)


def _iqr_where(column: Column, fences: Fences) -> str:
    d = f"{column.sql}::DOUBLE"
    return f"({d} < {fences[0]!r} OR {d} > {fences[1]!r})"


def _count_beyond(
    con: duckdb.DuckDBPyConnection, columns: list[Column], fences: dict[str, Fences]
) -> dict[str, tuple[int, int]]:
    """Per column, values beyond the IQR fences and with |z| over the limit: one scan for all."""
    if not columns:
        return {}
    exprs = []
    for column in columns:
        _lo, _hi, mean, std = fences[column.name]
        d = f"{column.sql}::DOUBLE"
        exprs.append(f"count_if({_iqr_where(column, fences[column.name])})")
        exprs.append(f"count_if(abs(({d} - {mean!r}) / {std!r}) > {Z_LIMIT})")
    row = one(con, f"SELECT {', '.join(exprs)} FROM data")
    return {c.name: (int(row[2 * i]), int(row[2 * i + 1])) for i, c in enumerate(columns)}


def _outliers(
    con: duckdb.DuckDBPyConnection,
    column: Column,
    s: dict[str, Any],
    fences: Fences,
    counts: tuple[int, int],
) -> list[dict[str, Any]]:
    lo, hi = fences[0], fences[1]
    n_iqr, n_z = counts
    if not n_iqr:
        return []
    where = _iqr_where(column, fences)
    share = n_iqr / int(s["count"])
    return [
        finding(
            "outliers",
            column.name,
            "warning" if share >= 0.05 else "info",
            n_iqr,
            f"Check the extreme “{column.name}” values against their source; correct typos and "
            "units, keep true extremes.",
            f"{n_iqr:,} “{column.name}” values lie outside [{lo:,.4g}, {hi:,.4g}] "
            f"(IQR rule: beyond 1.5×IQR from Q1/Q3); {n_z:,} have |z| > {Z_LIMIT:g}.",
            examples(con, where, [column.name]),
            method="IQR (1.5 × IQR beyond Q1 and Q3)",
            lower=lo,
            upper=hi,
            zscore_count=n_z,
            zscore_limit=Z_LIMIT,
        )
    ]


def _text_checks(
    con: duckdb.DuckDBPyConnection, column: Column, s: dict[str, Any]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    count = int(s["count"]) - int(s.get("blank") or 0)
    if count <= 0:
        return out
    c = column.sql
    filled = f"{c} IS NOT NULL AND NOT {blank(c)}"
    pattern_counts = _estimated_shapes(s)
    if EMAIL_NAME.search(column.name) or pattern_counts.get("email", 0) >= 0.5 * count:
        bad_where = f"{filled} AND NOT regexp_full_match({c}, {literal(spaced(EMAIL))})"
        bad = count - shape_count(con, column, s, "email")
        if bad:
            out.append(
                finding(
                    "invalid_email",
                    column.name,
                    "warning",
                    bad,
                    "Correct or remove the malformed addresses; they cannot receive mail.",
                    f"{bad:,} “{column.name}” values are not valid email addresses.",
                    examples(con, bad_where, [column.name]),
                )
            )
        return out
    if not PHONE_NAME.search(column.name):
        dates, numbers = pattern_counts.get("date", 0), pattern_counts.get("number", 0)
        if dates >= 0.8 * count or (DATE_NAME.search(column.name) and dates >= 0.5 * count):
            return out + _date_text(con, column, filled)  # a column of dates written as text
        if numbers and numbers >= 0.8 * count:
            numbers = shape_count(con, column, s, "number")
            if numbers >= 0.8 * count:
                return out + _numbers_as_text(con, column, count, numbers, filled)
    out += _phones(con, column, count, filled, pattern_counts)
    out += categories.inconsistent(con, column, s, examples)
    return out


def _estimated_shapes(s: dict[str, Any]) -> dict[str, float]:
    """Values of each shape: the profile's exact counts, or its sampled shares scaled up.

    Only decides which checks apply; every count a finding reports is exact.
    """
    if "pattern_counts" in s:
        return {k: float(v) for k, v in s["pattern_counts"].items()}
    return {k: float(v) * int(s["count"]) for k, v in s.get("patterns", {}).items()}


def shape_count(
    con: duckdb.DuckDBPyConnection, column: Column, s: dict[str, Any], name: str
) -> int:
    """Exact number of values of ``column`` with the shape ``name`` (the profile's, or counted)."""
    if "pattern_counts" in s:
        return int(s["pattern_counts"].get(name, 0))
    c = column.sql
    rx = literal(padded(SHAPES[name]))
    test = f"{PREFILTERS[name].format(v=c)} AND regexp_full_match({c}, {rx})"
    return int(one(con, f"SELECT count_if({test}) FROM data")[0])


def _phones(
    con: duckdb.DuckDBPyConnection,
    column: Column,
    count: int,
    filled: str,
    pattern_counts: dict[str, float],
) -> list[dict[str, Any]]:
    if not (PHONE_NAME.search(column.name) or pattern_counts.get("phone", 0) >= 0.5 * count):
        return []
    c = column.sql
    # Valid: the phone shape (spaces around it allowed) with 7 to 15 digits in all.
    valid = (
        f"regexp_full_match({c}, {literal(spaced(PHONE))}) AND "
        f"regexp_full_match({c}, '[^0-9]*(?:[0-9][^0-9]*){{7,15}}')"
    )
    bad_where = f"{filled} AND NOT ({valid})"
    bad = count - int(one(con, f"SELECT count_if({valid}) FROM data")[0])
    if not bad:
        return []
    return [
        finding(
            "invalid_phone",
            column.name,
            "warning",
            bad,
            "Write phone numbers with 7 to 15 digits, ideally in international form (+44 20 ...).",
            f"{bad:,} “{column.name}” values are not valid phone numbers.",
            examples(con, bad_where, [column.name]),
        )
    ]


def spaced(rx: str) -> str:
    """``rx`` with spaces around it: a full match of the value is one of ``trim(value)``.

    (DuckDB's trim removes spaces only.) Matching the value itself spares a trimmed copy of
    every string; ``rx`` must neither start nor end with a space.
    """
    return f" *(?:{rx}) *"


def _numbers_as_text(
    con: duckdb.DuckDBPyConnection, column: Column, count: int, n: int, filled: str
) -> list[dict[str, Any]]:
    numeric = f"regexp_full_match({column.sql}, {literal(padded(NUMBER_TEXT))})"
    other = count - n
    return [
        finding(
            "numbers_as_text",
            column.name,
            "warning",
            n,
            f"Store “{column.name}” as a number: fix or clear the {other:,} values that are not "
            "numbers, and remove currency signs or thousands separators.",
            f"“{column.name}” holds numbers stored as text ({n:,} of {count:,} values); "
            f"{other:,} values are not numbers and keep the column from being numeric.",
            examples(con, f"{filled} AND NOT {numeric}", [column.name]),
            non_numeric=other,
        )
    ]


def _date_text(con: duckdb.DuckDBPyConnection, column: Column, filled: str) -> list[dict[str, Any]]:
    """Findings for a column of dates written as text: mixed formats, impossible dates."""
    t = f"trim({column.sql})"
    shapes = list(DATE_SHAPES.items())
    exprs = ", ".join(f"count_if(regexp_full_match({t}, {literal(rx)}))" for _, (rx, _f) in shapes)
    counts = one(con, f"SELECT {exprs} FROM data WHERE {filled}")
    matched = {name: int(n) for (name, _), n in zip(shapes, counts, strict=True) if n}
    total = sum(matched.values())
    out: list[dict[str, Any]] = []
    main = max(matched, key=lambda k: matched[k])
    if len(matched) > 1:
        others = total - matched[main]
        rx = DATE_SHAPES[main][0]
        out.append(
            finding(
                "mixed_date_formats",
                column.name,
                "warning",
                others,
                f"Write every “{column.name}” date the same way, preferably YYYY-MM-DD.",
                f"“{column.name}” mixes date formats: "
                + ", ".join(
                    f"{k} ({v:,})" for k, v in sorted(matched.items(), key=lambda kv: -kv[1])
                )
                + f"; {others:,} values differ from the most common format ({main}).",
                examples(
                    con, f"{filled} AND NOT regexp_full_match({t}, {literal(rx)})", [column.name]
                ),
                formats=matched,
            )
        )
    invalid_parts = [f"NOT regexp_full_match({t}, {literal(rx)})" for _, (rx, _f) in shapes]
    for _, (rx, fmt) in shapes:
        if fmt:
            invalid_parts.append(
                f"(regexp_full_match({t}, {literal(rx)}) AND "
                f"try_strptime({t}, {literal(fmt)}) IS NULL)"
            )
    unmatched = " AND ".join(invalid_parts[: len(shapes)])
    bad_where = f"{filled} AND (({unmatched}) OR " + " OR ".join(invalid_parts[len(shapes) :]) + ")"
    bad = int(one(con, f"SELECT count(*) FROM data WHERE {bad_where}")[0])
    if bad:
        out.append(
            finding(
                "invalid_dates",
                column.name,
                "warning",
                bad,
                f"Correct the “{column.name}” values that are not real dates (such as 31 February) "
                "or leave them empty.",
                f"{bad:,} “{column.name}” values are not valid dates.",
                examples(con, bad_where, [column.name]),
            )
        )
    return out
