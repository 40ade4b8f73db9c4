"""DuckDB databases are lent whole and reused: cheaper, and no caller sees another's state."""

# ruff: noqa: S608 - the paths are the test's own temporary files

from __future__ import annotations

import gc
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from symphainy.core import duckdb_pool
from symphainy.insights import engine, profile


def _parquet(path: Path, values: list[int]) -> Path:
    pq.write_table(pa.table({"v": values}), path)
    return path


@pytest.fixture(autouse=True)
def empty_pool() -> None:
    gc.collect()
    duckdb_pool.POOL.clear()


def test_a_closed_connection_lends_its_database_to_the_next(tmp_path: Path) -> None:
    a = _parquet(tmp_path / "a.parquet", [1, 2, 3])
    b = _parquet(tmp_path / "b.parquet", [10, 20])
    opened = duckdb_pool.POOL.opened
    con = engine.connect(a)
    assert con.execute("SELECT sum(v) FROM data").fetchone() == (6,)
    con.close()
    del con
    con = engine.connect(b)  # the same database, with the other file's views
    assert con.execute("SELECT sum(v), max(_row) FROM data_rows").fetchone() == (30, 2)
    assert duckdb_pool.POOL.opened == opened + 1


def test_two_open_connections_never_share_a_database(tmp_path: Path) -> None:
    a = _parquet(tmp_path / "a.parquet", [1, 2, 3])
    first = engine.connect(a)
    second = engine.connect(a)
    with profile.memory_capped(first, "100MB"):
        capped = first.execute("SELECT current_setting('memory_limit')").fetchone()
        other = second.execute("SELECT current_setting('memory_limit')").fetchone()
    assert capped != other
    after = first.execute("SELECT current_setting('memory_limit')").fetchone()
    assert after == other


def test_a_reused_locked_database_still_reads_its_own_file_only(tmp_path: Path) -> None:
    a = _parquet(tmp_path / "a.parquet", [1, 2, 3])
    b = _parquet(tmp_path / "b.parquet", [10, 20])
    limits = engine.QueryLimits()
    for _ in range(2):
        con = engine.connect(a, locked=True, limits=limits)
        assert con.execute("SELECT count(*) FROM data").fetchone() == (3,)
        with pytest.raises(duckdb.Error):
            con.execute(f"SELECT * FROM read_parquet('{b}')").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("SET threads = 8")
        assert engine.sandbox_of(con).parquet == a
        con.close()
        del con
    # The other file gets a locked database of its own, which cannot read the first.
    con = engine.connect(b, locked=True, limits=limits)
    assert con.execute("SELECT count(*) FROM data").fetchone() == (2,)
    with pytest.raises(duckdb.Error):
        con.execute(f"SELECT * FROM read_parquet('{a}')").fetchall()


def test_the_pool_keeps_a_bounded_number_of_idle_databases(tmp_path: Path) -> None:
    cons = [
        engine.connect(_parquet(tmp_path / f"{n}.parquet", [n]), locked=True)
        for n in range(duckdb_pool.IDLE_MAX + 3)
    ]
    del cons
    gc.collect()
    assert duckdb_pool.POOL.idle() == duckdb_pool.IDLE_MAX
