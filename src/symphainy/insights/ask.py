"""Questions in plain language, answered by a SELECT this module builds itself, or asked back.

The parser (``insights.questions``) reads the whole question: columns by name, synonym, unit or
typo; values from the table's own distinct values; numbers bound to the column they are about;
then the shape of the answer. Its first rule is coverage: every word that carries meaning is
used, or the answer is a question back (``answered: false`` with what was understood, what was
not, and two or three readings to pick from) - never a row count in place of an answer. The
question's words never become SQL: identifiers come from the dataset's columns (quoted), values
are bound parameters, and the statement still passes ``sql_guard`` before it runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable
from typing import Any

import duckdb

from symphainy.insights import sql_guard
from symphainy.insights.engine import Column, describe, jsonable
from symphainy.insights.questions import values as value_index
from symphainy.insights.questions.clarify import clarification
from symphainy.insights.questions.parser import ROWS_OR_TOTALS, parse
from symphainy.insights.questions.plan import Plan, Reading
from symphainy.insights.questions.schema import SchemaIndex
from symphainy.insights.questions.words import lemma, tokenize, words_of

MAX_VALUES = 200


MAX_GROUPS_SHOWN = 15  # a group-by answer with this many groups or fewer names them all
GROUPS_SHOWN_OF_MORE = 10
YEAR_WORDS = frozenset({"year", "years", "yr", "founded", "established", "season", "born"})


def _fmt(value: Any, *, year: bool = False) -> str:
    """``year``: the value is a year (2006, not "2,006"), so whole numbers are not grouped."""
    if isinstance(value, bool):
        return str(value)
    if year and isinstance(value, int | float) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(jsonable(value))


def _is_year_name(name: str) -> bool:
    return bool(YEAR_WORDS & set(words_of(name)))


def _year_like(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 1000 <= value <= 2999
    )


def _key_is_year(column: Column, part: str | None, values: list[Any]) -> bool:
    """A group key is a year when it is the year part of a date, a column named for years, or
    a column of whole numbers that are all year-like (a key, not an amount, so no grouping)."""
    if part is not None:
        return part in ("year", "isoyear")
    if _is_year_name(column.name):
        return True
    present = [v for v in values if v is not None]
    return bool(present) and all(_year_like(v) for v in present)


def sentence(plan: Plan, result: sql_guard.QueryResult) -> str:
    """The answer in words, from the rows the query returned."""
    reading = plan.words()
    rows = result.rows
    if plan.agg is not None and plan.group is None:
        value = rows[0][0] if rows else None
        if value is None:
            return f"No rows match, so there is no answer for: {reading}."
        unit = "%" if plan.agg == "share" else ""
        # the latest or earliest of a year column is a year; a count or a sum of it is not
        year = (
            plan.agg in ("max", "min", "median")
            and plan.measure is not None
            and _is_year_name(plan.measure.name)
        )
        return f"{_fmt(value, year=year)}{unit} — {reading}."
    if not rows:
        return f"No rows match: {reading}."
    if plan.group is not None:
        keys_of = plan.groups()
        years = [
            _key_is_year(col, part, [r[i] for r in rows]) for i, (col, part) in enumerate(keys_of)
        ]

        def key_text(r: list[Any]) -> str:
            return " / ".join(
                _fmt(v, year=i < len(years) and years[i]) for i, v in enumerate(r[:-1])
            )

        if plan.order and len(rows) == 1:
            return f"{key_text(rows[0]).replace(' / ', ', ')} ({_fmt(rows[0][-1])}) — {reading}."
        shown_n = len(rows) if len(rows) <= MAX_GROUPS_SHOWN else GROUPS_SHOWN_OF_MORE
        parts = ", ".join(f"{key_text(r)}: {_fmt(r[-1])}" for r in rows[:shown_n])
        more = f" (and {len(rows) - shown_n} more)" if len(rows) > shown_n else ""
        return f"{parts}{more} — {reading}."
    year_cols = [_is_year_name(name) for name in result.columns]
    shown = "; ".join(
        ", ".join(_fmt(v, year=i < len(year_cols) and year_cols[i]) for i, v in enumerate(r))
        for r in rows[:5]
    )
    more = f" ({len(rows)} rows{'+' if result.truncated else ''} in all)" if len(rows) > 5 else ""
    return f"{shown}{more} — {reading}."


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
            f"SELECT DISTINCT {column.sql} FROM data "  # noqa: S608 - quoted identifier
            f"WHERE {column.sql} IS NOT NULL LIMIT {MAX_VALUES + 1}"
        ).fetchall()
        if len(rows) <= MAX_VALUES:
            out[column.name] = sorted(str(r[0]) for r in rows)
    return out


def entity_words(name: str | None) -> frozenset[str]:
    """Words of the dataset's name that may name its rows ("cars.csv" -> car, cars)."""
    if not name:
        return frozenset()
    words = [t.text for t in tokenize(name.rsplit(".", 1)[0].replace("_", " ").replace("-", " "))]
    # "movies" -> movie too (the rough lemma makes it "movy")
    singular = [w[:-1] for w in words if len(w) > 3 and w.endswith("ies")]
    return frozenset(w for word in words if len(word) > 2 for w in (word, lemma(word))) | set(
        singular
    )


def read(
    con: duckdb.DuckDBPyConnection,
    question: str,
    semantic: dict[str, str] | None = None,
    *,
    dataset_key: Hashable | None = None,
    name: str | None = None,
    taught: dict[str, list[str]] | None = None,
) -> tuple[Reading, list[Column], value_index.ValueIndex, SchemaIndex]:
    """The parser's reading of ``question`` (no query run)."""
    columns = describe(con, semantic)
    index = value_index.cached(con, columns, dataset_key)
    schema = SchemaIndex(columns, taught)
    return parse(question, schema, index, entity_words(name)), columns, index, schema


ROWS_OR_VALUES = "whether to count the rows or the different "


def _settle_rows_or_values(
    con: duckdb.DuckDBPyConnection, question: str, reading: Reading, timeout: float
) -> None:
    """ "how many countries had emissions above 20 in 2012": the rows or the different
    countries? When both counts are the same number (two or more) under the question's
    conditions (each country once that year) and the counted noun is the column's own name,
    either reading gives the one answer, so it is not asked back."""
    plan = reading.plan
    if (
        plan is None
        or not (reading.problem or "").startswith(ROWS_OR_VALUES)
        or reading.not_understood
        or reading.ambiguous
        or plan.agg != "count_distinct"
        or plan.measure is None
    ):
        return
    tokens = [t.text for t in tokenize(question)]
    named = {lemma(w) for w in words_of(plan.measure.name)}
    slot = [
        tokens[i + 2]
        for i in range(len(tokens) - 2)
        if tokens[i : i + 2] in (["how", "many"], ["number", "of"])
    ]
    if not slot or lemma(slot[0]) not in named:
        return  # the counted noun is not the column's own name ("how many years ... career")
    rows = dataclasses.replace(plan, agg="count", measure=None, notes=[])
    counts = []
    for each in (plan, rows):
        sql, params = each.sql()
        result = sql_guard.run_select(con, sql, params, row_limit=1, timeout=timeout)
        counts.append(result.rows[0][0] if result.rows else None)
    if counts[0] is not None and counts[0] == counts[1] and counts[0] >= 2:
        reading.problem = None
        plan.notes.append(
            f"the matching rows and their different {plan.measure.name} values are the same number"
        )


def _settle_rows_or_totals(
    con: duckdb.DuckDBPyConnection, reading: Reading, columns: list[Column], timeout: float
) -> None:
    """ "top 3 countries by emissions in 1990": each country has one row that year, so the
    top rows are the top countries. Where the naming column repeats under the conditions
    ("top 3 sub-categories by profit" over order lines) rows and totals differ: asked back."""
    plan = reading.plan
    problem = reading.problem or ""
    if plan is None or not problem.startswith(ROWS_OR_TOTALS) or reading.not_understood:
        return
    named = next((c for c in columns if c.name == problem[len(ROWS_OR_TOTALS) :]), None)
    if named is None:
        return
    bare = Plan(conditions=plan.conditions)
    counts = []
    for each in (
        dataclasses.replace(bare, agg="count"),
        dataclasses.replace(bare, agg="count_distinct", measure=named),
    ):
        sql, params = each.sql()
        result = sql_guard.run_select(con, sql, params, row_limit=1, timeout=timeout)
        counts.append(result.rows[0][0] if result.rows else None)
    if counts[0] is not None and counts[0] == counts[1]:
        reading.problem = None
        plan.notes.append(f"each {named.name} is one row here")


def _settle_one_row_groups(
    con: duckdb.DuckDBPyConnection, reading: Reading, timeout: float
) -> None:
    """Groups that hold one row each under the question's conditions. "which firm invested
    the least in 1935" read as the firm with the fewest rows, where each firm has one row
    that year: every firm ties, so the first is arbitrary and the question is asked back.
    "average passengers per month in 1960" where each month is one row that year: the
    average over those rows (each month's own average would only repeat its row)."""
    plan = reading.plan
    if (
        plan is None
        or not reading.complete
        or plan.group is None
        or plan.group_also
        or plan.group_part is not None
        or not plan.conditions
    ):
        return
    ranked_counts = plan.agg == "count" and plan.order is not None
    if not ranked_counts and not plan.per_group:
        return
    bare = Plan(conditions=plan.conditions)
    counts = []
    for each in (
        dataclasses.replace(bare, agg="count"),
        dataclasses.replace(bare, agg="count_distinct", measure=plan.group),
    ):
        sql, params = each.sql()
        result = sql_guard.run_select(con, sql, params, row_limit=1, timeout=timeout)
        counts.append(result.rows[0][0] if result.rows else None)
    if counts[0] is None or counts[0] != counts[1] or counts[0] < 2:
        return
    if ranked_counts:
        reading.problem = f"which {plan.group.name} comes first (each has one row here)"
    else:
        plan.notes.append(f"each {plan.group.name} is one row here: the {plan.agg} over the rows")
        plan.group, plan.per_group = None, False


def answer(
    con: duckdb.DuckDBPyConnection,
    question: str,
    semantic: dict[str, str] | None = None,
    row_limit: int = 200,
    timeout: float = sql_guard.DEFAULT_TIMEOUT,
    *,
    dataset_key: Hashable | None = None,
    name: str | None = None,
    taught: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The answer with its reading, SQL and rows; or a question back saying what was unclear."""
    reading, columns, index, schema = read(
        con, question, semantic, dataset_key=dataset_key, name=name, taught=taught
    )
    _settle_rows_or_values(con, question, reading, timeout)
    _settle_rows_or_totals(con, reading, columns, timeout)
    _settle_one_row_groups(con, reading, timeout)
    if not reading.complete or reading.plan is None:
        clar = clarification(question, reading, schema, index, entity_words(name))
        return {
            "answered": False,
            "method": "deterministic",
            "answer": clar["question_back"],
            "clarification": clar,
            "examples": examples_for(columns, category_values(con, columns)),
            "columns": [c.name for c in columns],
            "evidence": None,
            "interpretation": None,
        }
    plan = reading.plan
    sql, params = plan.sql()
    result = sql_guard.run_select(con, sql, params, row_limit=row_limit, timeout=timeout)
    return {
        "answered": True,
        "method": "deterministic",
        "answer": sentence(plan, result),
        "evidence": {
            "sql": result.sql,
            "params": jsonable(result.params),
            "columns": result.columns,
            "rows": jsonable(result.rows),
            "truncated": result.truncated,
        },
        "interpretation": {
            "text": plan.words(),
            "aggregate": plan.agg,
            "measure": plan.measure.name if plan.measure else None,
            "group_by": plan.group.name if plan.group else None,
            "group_part": plan.group_part,
            "group_by_also": [{"column": c.name, "part": part} for c, part in plan.group_also],
            "filters": [c.words() for c in plan.conditions],
            "columns": [c.name for c in plan.select],
            "order": plan.order,
            "limit": plan.limit,
            "rows_named": reading.entity,
            "notes": plan.notes,
        },
    }
