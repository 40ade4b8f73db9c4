"""Questions answered by a language model's SQL, when one is configured.

The model only drafts a query. The draft must pass ``sql_guard`` (one SELECT over the dataset's
``data`` view, no table functions or file access) and runs bounded in rows and time on a
read-only connection; the answer sentence is written here from the rows, not by the model, so
the model can't state a number the data didn't give. Any failure falls back to the
deterministic parser with a visible notice.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from symphainy.config import Settings
from symphainy.insights import sql_guard
from symphainy.insights.engine import Column, describe, jsonable
from symphainy.insights.questions.draft_check import unused_parts
from symphainy.insights.questions.plan import Reading
from symphainy.llm.base import ProviderError
from symphainy.llm.complete import complete

SYSTEM = (
    "You translate business questions into one DuckDB SQL SELECT statement over a single "
    "table named data. Use only the listed columns, quoted with double quotes. Answer "
    "with the SQL only, in a ```sql block. Never modify data or read files."
)
_FENCE = re.compile(r"```(?:sql)?\s*(.*?)```", re.S | re.I)


class DraftRejected(Exception):
    """The model's answer was not a usable query; the reason is shown to the user."""


def draft_prompt(question: str, columns: list[Column], values: dict[str, list[str]]) -> str:
    lines = [
        f'- "{c.name}" ({c.physical}, {c.semantic})'
        + (f"; values: {', '.join(values[c.name][:12])}" if c.name in values else "")
        for c in columns
    ]
    return "Columns of data:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"


def extract_sql(text: str) -> str:
    match = _FENCE.search(text)
    sql = (match.group(1) if match else text).strip().rstrip(";").strip()
    if not sql:
        raise DraftRejected("the model answered without a query")
    return sql


def _sentence(columns: list[str], rows: list[list[Any]], truncated: bool) -> str:
    if not rows:
        return "The query found no matching rows."
    if len(rows) == 1 and len(columns) == 1:
        return f"{columns[0]}: {jsonable(rows[0][0])}."
    shown = "; ".join(
        ", ".join(f"{c} {jsonable(v)}" for c, v in zip(columns, row, strict=True))
        for row in rows[:5]
    )
    more = " (more rows below)" if len(rows) > 5 or truncated else ""
    return f"{len(rows)}{'+' if truncated else ''} rows: {shown}{more}."


def answer(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    question: str,
    semantic: dict[str, str] | None,
    values: dict[str, list[str]],
    reading: Reading | None = None,
    row_limit: int = 200,
) -> dict[str, Any]:
    """The model-drafted, guard-checked answer; raises DraftRejected or ProviderError.

    With ``reading`` (the deterministic parser's reading of the question) the draft must also
    pass the coverage rule: a draft that leaves out a column, value or word of the question is
    refused.
    """
    columns = describe(con, semantic)
    reply = complete(settings, SYSTEM, draft_prompt(question, columns, values), max_tokens=400)
    sql = extract_sql(reply.text)
    try:
        result = sql_guard.run_select(con, sql, [], row_limit=row_limit)
    except (sql_guard.UnsafeQuery, duckdb.Error) as exc:
        raise DraftRejected(
            f"the query drafted by {reply.model or 'the model'} was refused: {exc}"
        ) from exc
    missing = unused_parts(reading, result.sql) if reading is not None else []
    if missing:
        raise DraftRejected(
            f"the query drafted by {reply.model or 'the model'} was refused: it leaves out "
            f"part of the question ({', '.join(repr(m) for m in missing[:5])})"
        )
    return {
        "answered": True,
        "method": "llm",
        "model": reply.model or settings.LLM_MODEL,
        "answer": _sentence(result.columns, result.rows, result.truncated),
        "evidence": {
            "sql": result.sql,
            "params": [],
            "columns": result.columns,
            "rows": jsonable(result.rows),
            "truncated": result.truncated,
        },
        "interpretation": {
            "drafted_by": reply.model or settings.LLM_MODEL,
            "checked_by": "sql_guard: one bounded SELECT over data"
            + ("; coverage: every part of the question appears in the query" if reading else ""),
        },
    }


def fallback_notice(exc: Exception) -> str:
    reason = exc.reason if isinstance(exc, ProviderError) else str(exc)
    return f"The language model's answer was not used ({reason}); answered deterministically."
