"""Kept DuckDB databases: lent one caller at a time, by options, never lent again once broken."""

from __future__ import annotations

import gc

import duckdb
import pytest

from symphainy.core import duckdb_pool


@pytest.fixture(autouse=True)
def empty_pool() -> None:
    gc.collect()
    duckdb_pool.POOL.clear()


def test_temporary_objects_die_with_the_cursor_and_settings_stay_with_the_database() -> None:
    options = duckdb_pool.Options(memory_limit="300MB")
    con = duckdb_pool.lend(options)
    con.execute("CREATE TEMP TABLE t AS SELECT 1 AS x")
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
    del con
    again = duckdb_pool.lend(options)
    assert again.execute("SELECT current_setting('memory_limit')").fetchone() == limit
    with pytest.raises(duckdb.CatalogException):
        again.execute("SELECT * FROM t")


def test_other_options_get_another_database() -> None:
    opened = duckdb_pool.POOL.opened
    small = duckdb_pool.lend(duckdb_pool.Options(threads=1))
    del small
    other = duckdb_pool.lend(duckdb_pool.Options(threads=2))
    assert other.execute("SELECT current_setting('threads')").fetchone() == (2,)
    assert duckdb_pool.POOL.opened == opened + 2


def test_a_broken_database_is_closed_instead_of_kept() -> None:
    database = duckdb.connect(":memory:")
    database.close()
    duckdb_pool.POOL.give(duckdb_pool.Options(), database)
    assert duckdb_pool.POOL.idle() == 0


def test_once_the_interpreter_exits_nothing_is_kept() -> None:
    pool = duckdb_pool.DatabasePool(4)
    pool.give(duckdb_pool.Options(), duckdb.connect(":memory:"))
    assert pool.idle() == 1
    pool.closed = True
    pool.clear()
    late = duckdb.connect(":memory:")
    pool.give(duckdb_pool.Options(), late)  # a cursor dropped during the exit
    assert pool.idle() == 0
    with pytest.raises(duckdb.ConnectionException):
        late.execute("SELECT 1")
