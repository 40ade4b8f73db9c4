"""The SQL validator the LLM path will use: one SELECT over the dataset, nothing else."""

from __future__ import annotations

import pytest

from symphainy.insights.sql_guard import UnsafeQuery, check

SAFE = [
    "SELECT region, sum(amount) FROM data WHERE region = ? GROUP BY 1",
    "with x as (select * from data) select count(*) from x",
    "SELECT * FROM (FROM data) AS t ORDER BY 1 LIMIT 5",
    "SELECT upper(region), avg(amount) FILTER (WHERE amount > 0) FROM data GROUP BY ALL;",
]
UNSAFE = [
    ("select * from read_csv('/etc/passwd')", "table function"),
    ("select * from '/etc/passwd'", "not this dataset"),
    ("select 1; drop table data", "2 statements"),
    ("drop table data", "DROP"),
    ("select * from duckdb_settings()", "table function"),
    ("select getenv('HOME')", "getenv"),
    ("select * from pg_catalog.pg_class", "schema"),
    ("select * from other_table", "not this dataset"),
    ("select * from data union select * from read_parquet('x.parquet')", "read_parquet"),
    ("copy data to '/tmp/x.csv'", "COPY"),
    ("attach '/tmp/x.db' as x", "ATTACH"),
    ("select current_setting('threads')", "current_setting"),
    ("pragma version", "PRAGMA"),
    ("install httpfs", "LOAD"),  # DuckDB files INSTALL under LOAD
    ("load httpfs", "LOAD"),
    ("select * from glob('/*')", "table function"),
    ("select * from data; select * from data", "2 statements"),
    ("SELECT/**/*/**/FROM/**/read_text('/etc/hosts')", "table function"),
    ("select * from main.data", "schema"),
    ("", "empty"),
    ("this is not sql", "parse"),
]


@pytest.mark.parametrize("sql", SAFE)
def test_plain_selects_over_the_dataset_pass(sql: str) -> None:
    assert "data" in check(sql).tables


@pytest.mark.parametrize(("sql", "reason"), UNSAFE)
def test_everything_else_is_refused_with_a_reason(sql: str, reason: str) -> None:
    with pytest.raises(UnsafeQuery) as caught:
        check(sql)
    assert reason in caught.value.reason
