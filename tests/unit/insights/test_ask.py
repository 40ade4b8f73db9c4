"""The deterministic question parser, and hostile questions that must never run anything else."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from symphainy.insights import engine, sandbox, sql_guard
from symphainy.insights.ask import answer
from tests.unit.insights.conftest import write_parquet

ROWS = [
    ("A-1", "North", 120.5, dt.date(2026, 1, 3)),
    ("A-2", "South", 80.0, dt.date(2026, 1, 4)),
    ("A-3", "North", 42.25, dt.date(2026, 1, 9)),
    ("A-4", "East", 310.0, dt.date(2026, 2, 11)),
    ("A-5", "North", 500.0, dt.date(2025, 12, 30)),
    ("A-6", "South", 20.0, dt.date(2026, 4, 2)),
]
SEMANTIC = {
    "order_id": "identifier",
    "region": "category",
    "amount": "decimal",
    "order_date": "date",
}


class Recorder:
    """A connection that records every statement it is asked to run."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.statements = con, []  # type: list[str]

    def execute(self, sql: str, params: Any = None) -> Any:
        self.statements.append(sql)
        return self.con.execute(sql, params or [])

    def interrupt(self) -> None:
        self.con.interrupt()


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    return write_parquet(
        tmp_path / "orders.parquet",
        {
            "order_id": [r[0] for r in ROWS],
            "region": [r[1] for r in ROWS],
            "amount": [r[2] for r in ROWS],
            "order_date": [r[3] for r in ROWS],
        },
    )


@pytest.fixture
def con(parquet: Path) -> Any:
    c = engine.connect(parquet, locked=True)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many orders are there?", [[6]]),
        ("What is the total amount?", [[1072.75]]),
        ("average amount where region is North", [[pytest.approx(220.9166666)]]),
        ("which region has the highest total amount", [["North", 662.75]]),
        ("total amount by region", [["North", 662.75], ["East", 310.0], ["South", 100.0]]),
        ("how many orders in 2026", [[5]]),
        ("total amount after March 2026", [[20.0]]),
        ("how many orders with amount over 100", [[3]]),
        ("number of orders with amount <= 42.25", [[2]]),
        ("sum of amount in North in January 2026", [[162.75]]),
        ("number of orders before 2026-01-05", [[3]]),
        ("max order date", [[dt.date(2026, 4, 2).isoformat()]]),
        ("lowest amount per region", [["South", 20.0], ["North", 42.25], ["East", 310.0]]),
    ],
)
def test_questions_are_answered_from_the_data(con: Any, question: str, rows: Any) -> None:
    result = answer(con, question, SEMANTIC)
    assert result["answered"] is True, result["answer"]
    assert result["evidence"]["rows"] == rows
    assert result["method"] == "deterministic"


def test_top_n_returns_whole_rows_in_order(con: Any) -> None:
    result = answer(con, "top 2 orders by amount", SEMANTIC)
    assert [r[0] for r in result["evidence"]["rows"]] == ["A-5", "A-4"]
    assert result["evidence"]["columns"] == ["order_id", "region", "amount", "order_date"]


def test_column_names_are_matched_fuzzily(con: Any) -> None:
    result = answer(con, "avg amounts by regions", SEMANTIC)
    assert result["interpretation"]["group_by"] == "region"
    assert result["interpretation"]["measure"] == "amount"


def test_unanswerable_questions_get_examples_from_the_real_columns(con: Any) -> None:
    result = answer(con, "what is the weather tomorrow", SEMANTIC)
    assert result["answered"] is False and result["evidence"] is None
    assert result["answer"].startswith("I did not understand")
    assert {"weather", "tomorrow"} <= set(result["clarification"]["not_understood"])
    assert "What is the total amount?" in result["examples"]
    assert any("region is" in e for e in result["examples"])


HOSTILE = [
    "'; DROP TABLE data; --",
    "total amount; DROP TABLE data",
    "how many orders where region is North'; DELETE FROM data; --",
    "select * from read_csv('/etc/passwd')",
    "count rows where region = read_csv('/etc/passwd')",
    "ATTACH '/tmp/evil.db'; how many orders",
    'how many orders where region is "North" OR 1=1',
    "COPY data TO '/tmp/out.csv'",
    "total amount by region UNION SELECT * FROM duckdb_settings()",
    "PRAGMA version",
    "how many orders in 2026; INSTALL httpfs; LOAD httpfs",
    "sum amount by region) ; SELECT getenv('HOME') --",
]


@pytest.mark.parametrize("question", HOSTILE)
def test_hostile_questions_only_ever_run_a_bounded_select(
    parquet: Path, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashlib.sha256(parquet.read_bytes()).hexdigest()
    raw = engine.connect(parquet, locked=True)
    recorder = Recorder(raw)
    # The answer itself runs in a child process (insights.sandbox): record what is sent there.
    engine.share_sandbox(recorder, raw)
    run_in_child = sandbox.run
    monkeypatch.setattr(
        sandbox,
        "run",
        lambda box, sql, params, timeout=None: (
            recorder.statements.append(sql),
            run_in_child(box, sql, params, timeout),
        )[1],
    )
    try:
        result = answer(recorder, question, SEMANTIC)  # type: ignore[arg-type]
    finally:
        raw.close()
    answers = [s for s in recorder.statements if "AS answer LIMIT" in s]
    others = [s for s in recorder.statements if s not in answers]
    # Besides the bounded answer, only the parser's own catalogue reads ran (the columns, the
    # distinct values and the number of values of text columns, the range of numeric ones).
    catalogue = ("DESCRIBE data", "SELECT DISTINCT ", "SELECT count(", "SELECT min(")
    assert all(s.startswith(catalogue) for s in others), others
    assert len(answers) <= 1
    for sql in answers:
        inner = sql.removeprefix("SELECT * FROM (").rsplit(") AS answer LIMIT", 1)[0]
        sql_guard.check(inner)  # a single safe SELECT over data
        lowered = sql.lower()
        for word in (
            "drop",
            "delete",
            "attach",
            "copy",
            "install",
            "load",
            "pragma",
            "read_csv",
            "getenv",
            "duckdb_settings",
            "union",
            "/etc",
            "--",
            ";",
        ):
            assert word not in lowered, (word, sql)
    if result["answered"]:
        assert result["evidence"]["sql"] in answers[0]
    assert hashlib.sha256(parquet.read_bytes()).hexdigest() == before


def test_the_locked_connection_refuses_files_and_settings(con: Any) -> None:
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")
    assert con.execute("SELECT count(*) FROM data").fetchone() == (6,)


def test_run_select_stops_a_slow_query(con: Any) -> None:
    joins = ", ".join(f"data AS t{i}" for i in range(12))  # 6^12 rows: minutes of work
    slow = f"SELECT sum(t0.amount * t11.amount) FROM {joins}"  # noqa: S608
    with pytest.raises(sql_guard.Invalid, match="longer than"):
        sql_guard.run_select(con, slow, timeout=0.3)


def test_run_select_caps_the_rows(con: Any) -> None:
    result = sql_guard.run_select(con, "SELECT * FROM data", row_limit=4)
    assert len(result.rows) == 4 and result.truncated
