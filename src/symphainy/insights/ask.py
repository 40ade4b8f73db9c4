"""Questions in plain language, answered by a SELECT this module builds itself.

The deterministic parser recognises aggregates (count, sum, average, min, max), group-by
("by region"), filters on category values ("in North", "where region is North"), numeric
comparisons ("amount over 100"), date ranges ("in 2026", "after March 2026") and top-N. Column
names are matched fuzzily against the dataset's real columns. The question's words never
become SQL: identifiers come from the dataset's column list (quoted), values are bound
parameters, and the statement still passes ``sql_guard`` before it runs.
"""
# SQL here is built only from quoted identifiers of the dataset's own columns and from
# numbers computed by this module; values from users are always bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
from rapidfuzz import fuzz

from symphainy.insights import sql_guard
from symphainy.insights.engine import Column, describe, jsonable

MATCH = 85.0
MAX_VALUES = 200
AGGREGATES = {
    "count": r"\bhow many\b|\bcount\b|\bnumber of\b",
    "sum": r"\btotal\b|\bsum\b|\boverall\b",
    "avg": r"\baverage\b|\bavg\b|\bmean\b",
    "max": r"\bmax(imum)?\b|\bhighest\b|\blargest\b|\bbiggest\b|\blatest\b|\bmost recent\b",
    "min": r"\bmin(imum)?\b|\blowest\b|\bsmallest\b|\bearliest\b|\bfirst\b",
}
AGG_WORDS = {
    "count": "number of rows",
    "sum": "total",
    "avg": "average",
    "max": "highest",
    "min": "lowest",
}
COMPARE = {
    ">=": r">=|\bat least\b|\bno less than\b",
    "<=": r"<=|\bat most\b|\bno more than\b",
    ">": r">|\bover\b|\babove\b|\bmore than\b|\bgreater than\b|\bexceeding\b",
    "<": r"<|\bunder\b|\bbelow\b|\bless than\b|\bfewer than\b",
    "=": r"=|\bequal to\b|\bequals\b",
}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
NUMBER = r"-?\d+(?:[.,]\d+)?"


class CannotAnswer(Exception):
    """The question is outside what the parser understands for this dataset."""


@dataclass
class Plan:
    agg: str | None = None
    measure: Column | None = None
    group: Column | None = None
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    described: list[str] = field(default_factory=list)
    limit: int | None = None
    descending: bool = True


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _mentions(question: str, columns: list[Column]) -> dict[str, tuple[float, int]]:
    """Columns named in the question: best fuzzy score and the word position it starts at."""
    words = _tokens(question)
    grams = [(" ".join(words[i : i + n]), i) for n in (1, 2, 3) for i in range(len(words) - n + 1)]
    found: dict[str, tuple[float, int]] = {}
    for column in columns:
        alias = " ".join(_tokens(column.name))
        for gram, pos in grams:
            score = fuzz.ratio(alias, gram)
            if gram.endswith("s") and not alias.endswith("s"):
                score = max(score, fuzz.ratio(alias, gram[:-1]))
            if score >= MATCH and score > found.get(column.name, (0.0, 0))[0]:
                found[column.name] = (score, pos)
    return found


def _column_after(text: str, columns: list[Column]) -> Column | None:
    """The column named by the first few words of ``text``."""
    mentioned = _mentions(" ".join(_tokens(text)[:3]), columns)
    if not mentioned:
        return None
    best = max(mentioned, key=lambda n: (mentioned[n][0], -mentioned[n][1]))
    return next(c for c in columns if c.name == best)


def _date_range(text: str) -> tuple[str, dt.date | None, dt.date | None] | None:
    """(description, start inclusive, end exclusive) for the first date phrase in ``text``."""
    month = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    m = re.search(
        rf"\b(in|during|after|since|from|before|until)\s+(?:{month}\s+)?(\d{{4}})\b"
        rf"(?!-)",
        text,
    )
    iso = re.search(r"\b(in|after|since|from|before|until|on)\s+(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        word, day = iso.group(1), dt.date(*(int(iso.group(i)) for i in (2, 3, 4)))
        start, end = day, day + dt.timedelta(days=1)
    elif m:
        word, year = m.group(1), int(m.group(3))
        if m.group(2):
            mon = MONTHS[m.group(2)[:3]]
            start = dt.date(year, mon, 1)
            end = dt.date(year + (mon == 12), mon % 12 + 1, 1)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    else:
        return None
    phrase = (iso or m).group(0)  # type: ignore[union-attr]
    if word in ("after",):
        return phrase, end, None
    if word in ("since", "from"):
        return phrase, start, None
    if word in ("before", "until"):
        return phrase, None, start
    return phrase, start, end


def plan(question: str, columns: list[Column], values: dict[str, list[str]]) -> Plan:
    """Turn ``question`` into a Plan over ``columns``; CannotAnswer when it is not understood."""
    text = question.lower()
    p = Plan()
    mentioned = _mentions(text, columns)
    by_name = {c.name: c for c in columns}
    for agg, rx in AGGREGATES.items():
        if re.search(rx, text):
            p.agg = agg
            break
    p.descending = p.agg != "min"
    top = re.search(r"\b(top|bottom|first|last)\s+(\d{1,4})\b", text)
    if top:
        p.limit = int(top.group(2))
        p.descending = top.group(1) in ("top", "first")
        if p.agg == "min" and top.group(1) == "first":
            p.agg = None
    group_m = re.search(r"\b(?:by|per|for each|for every|across|each)\s+([a-z0-9_ ]+)", text)
    if group_m:
        p.group = _column_after(group_m.group(1), columns)
    if p.limit and p.group is not None and p.group.is_measure and p.agg is None:
        p.measure, p.group = p.group, None  # "top 5 orders by amount": rows ordered by it
    which = re.search(r"\b(?:which|what)\s+([a-z0-9_ ]+?)\s+(?:has|had|have|is|was|with)\b", text)
    if p.group is None and which and p.agg in ("max", "min", "sum", "count"):
        p.group = _column_after(which.group(1), columns)
        if p.group is not None:
            p.limit, p.descending = 1, p.agg != "min"
    used: set[str] = {p.group.name} if p.group else set()
    # Category values named in the question become equality filters.
    for name, options in values.items():
        if p.group is not None and name == p.group.name:
            continue
        for option in sorted(options, key=len, reverse=True):
            if len(option) >= 2 and re.search(
                rf"(?<![\w]){re.escape(option.lower())}(?![\w])", text
            ):
                p.where.append(f"{by_name[name].sql} = ?")
                p.params.append(option)
                p.described.append(f"{name} is {option}")
                used.add(name)
                break
    # Numeric comparisons: "<column> over 100", "amount >= 5".
    for op, rx in COMPARE.items():
        for cmp in re.finditer(
            rf"(?:\b([a-z_][a-z0-9_ ]*?)\s+)?(?:is\s+)?(?:{rx})\s*({NUMBER})\b", text
        ):
            target = _column_after(cmp.group(1).split()[-1], columns) if cmp.group(1) else None
            target = (
                target
                if target and target.kind == "numeric"
                else _default_measure(columns, mentioned, used)
            )
            if target is None:
                continue
            value = float(cmp.group(2).replace(",", "."))
            p.where.append(f"{target.sql} {op} ?")
            p.params.append(value)
            p.described.append(f"{target.name} {op} {value:g}")
            used.add(target.name)
            text = text.replace(cmp.group(0), " ")
    dates = _date_range(text)
    temporal = [c for c in columns if c.kind == "temporal"]
    if dates and temporal:
        named = [c for c in temporal if c.name in mentioned]
        column = (named or temporal)[0]
        phrase, start, end = dates
        if start:
            p.where.append(f"{column.sql} >= ?")
            p.params.append(start)
        if end:
            p.where.append(f"{column.sql} < ?")
            p.params.append(end)
        p.described.append(f"{column.name} {phrase}")
        used.add(column.name)
    if p.measure is None and (p.agg in ("sum", "avg", "max", "min") or (p.limit and not p.group)):
        p.measure = _measure(columns, mentioned, used, p.agg)
        if p.measure is None:
            raise CannotAnswer("which number to use is not clear")
    if p.agg is None and p.group is not None:
        p.agg = "count"
    if p.agg is None and p.limit is None:
        if p.where:
            p.agg = "count"
        else:
            raise CannotAnswer(
                "the question asks for no count, total, average, minimum, maximum or top rows"
            )
    return p


def _default_measure(
    columns: list[Column], mentioned: dict[str, tuple[float, int]], used: set[str]
) -> Column | None:
    named = [c for c in columns if c.name in mentioned and c.is_measure and c.name not in used]
    if named:
        return named[0]
    measures = [c for c in columns if c.is_measure]
    return measures[0] if len(measures) == 1 else None


def _measure(
    columns: list[Column], mentioned: dict[str, tuple[float, int]], used: set[str], agg: str | None
) -> Column | None:
    ok = [
        c
        for c in columns
        if c.name in mentioned
        and c.name not in used
        and (c.is_measure or (agg in ("min", "max") and c.kind == "temporal"))
    ]
    if ok:
        return min(ok, key=lambda c: mentioned[c.name][1])
    return _default_measure(columns, mentioned, set())


def build_sql(p: Plan) -> tuple[str, list[Any], list[str]]:
    where = f" WHERE {' AND '.join(p.where)}" if p.where else ""
    if p.agg is None and p.measure is not None:  # top rows by a measure
        order = "DESC" if p.descending else "ASC"
        return (
            f"SELECT * FROM data{where} ORDER BY {p.measure.sql} {order} NULLS LAST "
            f"LIMIT {int(p.limit or 10)}",
            p.params,
            [],
        )
    agg = "count(*)" if p.agg == "count" or p.measure is None else f"{p.agg}({p.measure.sql})"
    if p.group is None:
        return f"SELECT {agg} AS value FROM data{where}", p.params, ["value"]
    order = "DESC" if p.descending else "ASC"
    limit = f" LIMIT {int(p.limit)}" if p.limit else ""
    return (
        f"SELECT {p.group.sql} AS {p.group.sql}, {agg} AS value FROM data{where} "
        f"GROUP BY 1 ORDER BY 2 {order} NULLS LAST, 1{limit}",
        p.params,
        [],
    )


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(jsonable(value))


def _sentence(p: Plan, result: sql_guard.QueryResult) -> str:
    what = AGG_WORDS.get(p.agg or "", "")
    subject = (
        "number of rows" if p.agg == "count" else f"{what} {p.measure.name}" if p.measure else what
    )
    cond = f" where {' and '.join(p.described)}" if p.described else ""
    if p.agg is None:
        return (
            f"The {len(result.rows)} rows with the "
            f"{'highest' if p.descending else 'lowest'} {p.measure.name if p.measure else ''}"
            f"{cond} are shown below."
        )
    if p.group is None:
        value = result.rows[0][0] if result.rows else None
        if value is None:
            return f"No rows match{cond}, so there is no {subject}."
        return f"The {subject}{cond} is {_fmt(value)}."
    if not result.rows:
        return f"No rows match{cond}."
    parts = ", ".join(f"{_fmt(r[0])}: {_fmt(r[1])}" for r in result.rows[:10])
    more = f" (and {len(result.rows) - 10} more)" if len(result.rows) > 10 else ""
    if p.limit == 1:
        return (
            f"{_fmt(result.rows[0][0])} has the {'lowest' if not p.descending else 'highest'}"
            f" {subject}{cond}: {_fmt(result.rows[0][1])}."
        )
    return f"The {subject} by {p.group.name}{cond}: {parts}{more}."


def examples_for(columns: list[Column], values: dict[str, list[str]]) -> list[str]:
    """Questions this dataset can answer, built from its real columns and values."""
    out = ["How many rows are there?"]
    measure = next((c for c in columns if c.is_measure), None)
    groups = [
        c.name for c in columns if len(values.get(c.name, [])) >= 2 and c.semantic != "identifier"
    ]
    group = min(groups, key=lambda n: len(values[n])) if groups else None
    date = next((c for c in columns if c.kind == "temporal"), None)
    if measure:
        out.append(f"What is the total {measure.name}?")
        out.append(f"Top 5 rows by {measure.name}")
    if measure and group:
        out.append(f"Average {measure.name} by {group}")
        out.append(f"Total {measure.name} where {group} is {values[group][0]}")
    if measure:
        out.append(f"How many rows have {measure.name} over {_fmt(0)}?")
    if date:
        out.append(f"How many rows in {dt.date.today().year}?")
    return out


def category_values(con: duckdb.DuckDBPyConnection, columns: list[Column]) -> dict[str, list[str]]:
    """The values of each low-cardinality text column (the ones a question can name)."""
    out = {}
    for column in columns:
        if column.kind != "text":
            continue
        rows = con.execute(
            f"SELECT DISTINCT {column.sql} FROM data "
            f"WHERE {column.sql} IS NOT NULL LIMIT {MAX_VALUES + 1}"
        ).fetchall()
        if len(rows) <= MAX_VALUES:
            out[column.name] = sorted(str(r[0]) for r in rows)
    return out


def answer(
    con: duckdb.DuckDBPyConnection,
    question: str,
    semantic: dict[str, str] | None = None,
    row_limit: int = 200,
    timeout: float = sql_guard.DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """The answer, the SQL and rows it rests on; or a clear refusal with example questions."""
    columns = describe(con, semantic)
    values = category_values(con, columns)
    try:
        p = plan(question, columns, values)
    except CannotAnswer as exc:
        return {
            "answered": False,
            "method": "deterministic",
            "answer": f"I can't answer that from this data: {exc}.",
            "examples": examples_for(columns, values),
            "columns": [c.name for c in columns],
            "evidence": None,
        }
    sql, params, _ = build_sql(p)
    result = sql_guard.run_select(con, sql, params, row_limit=row_limit, timeout=timeout)
    return {
        "answered": True,
        "method": "deterministic",
        "answer": _sentence(p, result),
        "evidence": {
            "sql": result.sql,
            "params": jsonable(result.params),
            "columns": result.columns,
            "rows": jsonable(result.rows),
            "truncated": result.truncated,
        },
        "interpretation": {
            "aggregate": p.agg,
            "measure": p.measure.name if p.measure else None,
            "group_by": p.group.name if p.group else None,
            "filters": p.described,
            "limit": p.limit,
        },
    }
