"""Findings 1, 2 and 7 (the /ask part) of the outside test (issue 18), replayed as attacks.

The tester had a model configured and let it draft the SQL of Insights questions. Here the
model is a scripted OpenAI-compatible server on loopback that drafts exactly the attacker's
SQL. Each test notes what happened before the fix.
"""

from __future__ import annotations

import io
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core.errors import Invalid
from symphainy.core.scoping import Scope
from symphainy.insights import engine, sandbox, sql_guard
from symphainy.models.llm import ModelCall
from tests.integration.conftest import User, make_user
from tests.unit.agents.llm_servers import ScriptedServer, text

CSV = b"order_id,region,amount\nA-1,North,120.5\nA-2,South,80\nA-3,North,42.5\nA-4,East,310\n"
CTE_ESCAPE = "SELECT sql FROM (WITH sqlite_master AS (SELECT 1) SELECT 1) t, sqlite_master"


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    path = tmp_path / "orders.parquet"
    pq.write_table(pa.table({"region": ["North", "South"], "amount": [1.5, 2.5]}), path)
    return path


@pytest.fixture
def model() -> Iterator[ScriptedServer]:
    server = ScriptedServer("openai").start()
    yield server
    server.stop()


def _llm_settings(settings: Settings, model: ScriptedServer, **extra: Any) -> Settings:
    return settings.model_copy(
        update={
            "LLM_PROVIDER": "openai",
            "LLM_BASE_URL": model.base_url,
            "LLM_MODEL": "fake-gpt",
            "LLM_RETRY_BACKOFF_SECONDS": 0.01,
            "LLM_TIMEOUT_SECONDS": 2.0,
            "LLM_MAX_RETRIES": 0,
            **extra,
        }
    )


def _dataset(user: User) -> str:
    journey = user.api("POST", "/api/v1/journeys", json={"title": "Attack"}).json()["id"]
    file = user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("orders.csv", io.BytesIO(CSV), "text/csv")},
    ).json()
    return str(file["id"])


def _ask(user: User, file_id: str, question: str = "total amount by region?") -> Any:
    return user.api("POST", f"/api/v1/files/{file_id}/ask", json={"question": question})


# ---- finding 1: memory exhaustion through Insights ask ---------------------------------------


def test_the_question_connection_caps_memory_threads_and_spill_before_locking(
    parquet: Path,
) -> None:
    # Before the fix: memory_limit was DuckDB's default (18.8 GiB on the tested server).
    limits = engine.QueryLimits(seconds=5, memory_mb=256, threads=1, temp_mb=64)
    con = engine.connect(parquet, locked=True, limits=limits)
    try:
        memory, threads, temp = (
            con.execute(
                "SELECT current_setting('memory_limit'), current_setting('threads'), "
                "current_setting('max_temp_directory_size')"
            ).fetchone()
            or ()
        )
        assert (memory, threads, temp) == ("244.1 MiB", 1, "61.0 MiB")
        for raise_it in ("SET memory_limit = '20GB'", "SET threads = 64"):
            with pytest.raises(Exception, match="lock"):
                con.execute(raise_it)
    finally:
        con.close()


def test_a_single_huge_function_call_is_stopped_outside_the_web_process(parquet: Path) -> None:
    # Before the fix: SELECT length(repeat('x', 1500000000)) ran 23.9 s inside the server and
    # raised its memory from 239 MB to 2.87 GB; interrupt() could not stop it.
    box = engine.Sandbox(parquet, engine.QueryLimits(seconds=5, memory_mb=256))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises((sandbox.QueryFailed, sandbox.QueryStopped), match=r"memory|longer"):
        sandbox.run(box, "SELECT length(repeat('x', 1500000000))", [])
    assert time.monotonic() - started < 8
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100, f"the web process grew by {grown_mb:.0f} MB"


def test_a_query_still_running_at_the_deadline_is_killed(parquet: Path) -> None:
    # Before the fix the deadline only called interrupt(); here the process is killed.
    box = engine.Sandbox(parquet, engine.QueryLimits(seconds=1))
    started = time.monotonic()
    with pytest.raises(sandbox.QueryStopped, match="longer than 1 s"):
        sandbox.run(box, "SELECT count(*) FROM range(100000000000)", [])
    assert time.monotonic() - started < 4


def test_run_select_kills_a_slow_checked_query(parquet: Path) -> None:
    con = engine.connect(parquet, locked=True)
    joins = ", ".join(f"data AS t{i}" for i in range(40))  # 2^40 rows: hours of work
    try:
        started = time.monotonic()
        with pytest.raises(Invalid, match=r"longer than 0\.5 s"):
            sql_guard.run_select(con, f"SELECT count(*) FROM {joins}", timeout=0.5)  # noqa: S608
        assert time.monotonic() - started < 4
    finally:
        con.close()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT length(repeat('x', 1500000000))",
        "SELECT range(200000000)",
        "SELECT sum(x) FROM (SELECT unnest(range(200000000)) AS x)",
        "SELECT lpad('x', 1500000000, 'y')",
        "SELECT printf('%1500000000d', 1)",
        "SELECT list_resize([1], 1500000000)",
        "SELECT generate_series(1, 200000000)",
        "SELECT count(*) FROM data WHERE region = repeat('x', 100000000)",
        "SELECT string_split(repeat('a,', 100000000), ',') FROM data",
        "SELECT row_number() OVER (), getvariable('x') FROM data",
    ],
)
def test_model_drafted_sql_may_only_call_allow_listed_functions(sql: str) -> None:
    # Before the fix only a deny-list of file, setting and catalog functions was refused.
    with pytest.raises(sql_guard.UnsafeQuery, match="may not use"):
        sql_guard.check(sql)


def test_the_allow_list_keeps_ordinary_analysis_working() -> None:
    for sql in (
        'SELECT "region", round(avg("amount"), 2), median("amount") FROM data GROUP BY 1',
        "SELECT date_trunc('month', d) AS m, count(*) FROM data GROUP BY ALL ORDER BY m",
        "SELECT region, rank() OVER (ORDER BY sum(amount) DESC) FROM data GROUP BY region",
        "SELECT count(*) FILTER (WHERE lower(region) LIKE 'n%') FROM data",
        "SELECT CASE WHEN amount > 100 THEN 'big' ELSE 'small' END, count(*) FROM data GROUP BY 1",
        "SELECT regexp_matches(lower(strip_accents(CAST(region AS VARCHAR))), 'north') FROM data",
    ):
        sql_guard.check(sql)


# ---- finding 2: CTE names accepted anywhere ---------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        CTE_ESCAPE,
        "SELECT * FROM (WITH pg_settings AS (SELECT 1) SELECT 1) t, pg_settings",
        "SELECT * FROM data WHERE region IN (WITH x AS (SELECT 1) SELECT 1) UNION ALL "
        "SELECT * FROM x",
        "WITH a AS (WITH inner_only AS (SELECT 1) SELECT * FROM inner_only) "
        "SELECT * FROM a, inner_only",
    ],
)
def test_a_cte_name_only_counts_inside_its_own_query(sql: str) -> None:
    # Before the fix CTE names from every nested scope were pooled, so the outer query could
    # read sqlite_master and got CREATE VIEW data AS ... read_parquet('<storage path>').
    with pytest.raises(sql_guard.UnsafeQuery):
        sql_guard.check(sql)


@pytest.mark.parametrize(
    "name",
    ["sqlite_master", "pg_settings", "duckdb_views", "duckdb_databases", "pragma_database_list"],
)
def test_catalog_tables_are_refused_even_when_a_cte_shadows_them(name: str) -> None:
    with pytest.raises(sql_guard.UnsafeQuery, match="catalog"):
        sql_guard.check(f"SELECT * FROM {name}")  # noqa: S608
    with pytest.raises(sql_guard.UnsafeQuery, match="catalog"):
        sql_guard.check(f"WITH {name} AS (SELECT 1) SELECT * FROM {name}")  # noqa: S608


def test_ctes_used_where_they_are_defined_still_pass() -> None:
    sql_guard.check(
        "WITH totals AS (SELECT region, sum(amount) AS s FROM data GROUP BY 1) "
        "SELECT * FROM totals WHERE s > (WITH m AS (SELECT avg(s) AS a FROM totals) "
        "SELECT a FROM m)"
    )


def test_the_cte_escape_drafted_by_a_model_reads_nothing(
    settings: Settings, model: ScriptedServer
) -> None:
    with TestClient(create_app(_llm_settings(settings, model))) as client:
        user = make_user(client, "Model User")
        file_id = _dataset(user)
        model.script(text(f"```sql\n{CTE_ESCAPE}\n```"))
        answer = _ask(user, file_id)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["method"] == "deterministic" and "refused" in body["notice"]
    assert "CREATE VIEW" not in answer.text and "read_parquet" not in answer.text


# ---- finding 7: /ask unthrottled and not charged to the model budget -------------------------


def test_ask_is_rate_limited_per_user(settings: Settings) -> None:
    # Before the fix a viewer made 30 model calls in 10 s.
    shipped = settings.model_copy(
        update={"ASK_RATE_LIMIT": Settings.model_fields["ASK_RATE_LIMIT"].default}
    )
    with TestClient(create_app(shipped), raise_server_exceptions=False) as client:
        user = make_user(client)
        file_id = _dataset(user)
        statuses = [_ask(user, file_id, "how many rows?").status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_ask_model_calls_are_charged_to_the_users_daily_budget(
    settings: Settings, model: ScriptedServer
) -> None:
    # Before the fix /ask called the model without counting against LLM_USER_DAILY_TOKENS.
    # The scripted model reports 150 tokens per call.
    llm = _llm_settings(settings, model, LLM_USER_DAILY_TOKENS=200)
    app = create_app(llm)
    with TestClient(app) as client:
        user = make_user(client, "Budget User")
        file_id = _dataset(user)
        model.script(text("```sql\nSELECT count(*) FROM data\n```"))
        answers = [_ask(user, file_id, "how many orders?").json() for _ in range(3)]
        with app.state.runtime.db.session(Scope.for_system()) as session:
            charged = session.scalars(select(ModelCall).where(ModelCall.user_id == user.id)).all()
    assert [a["method"] for a in answers] == ["llm", "llm", "deterministic"]
    assert "budget" in answers[2]["notice"]
    assert len(model.requests) == 2
    assert [(c.tokens_in, c.tokens_out, c.model) for c in charged] == [(120, 30, "fake-gpt")] * 2
