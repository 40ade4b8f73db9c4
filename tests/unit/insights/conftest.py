"""Datasets for the Insights unit tests, written to Parquet as the Content pillar stores them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from symphainy.insights import engine
from symphainy.insights.ask import answer

Open = Callable[..., duckdb.DuckDBPyConnection]
Tables = dict[str, duckdb.DuckDBPyConnection]


def write_parquet(
    path: Path, columns: dict[str, list[Any]], types: dict[str, pa.DataType] | None = None
) -> Path:
    types = types or {}
    arrays = {name: pa.array(values, type=types.get(name)) for name, values in columns.items()}
    pq.write_table(pa.table(arrays), path)
    return path


@pytest.fixture
def open_data(tmp_path: Path) -> Iterator[Open]:
    """Write columns to a Parquet file and open it the way the service does."""
    opened: list[duckdb.DuckDBPyConnection] = []

    def make(
        columns: dict[str, list[Any]],
        types: dict[str, pa.DataType] | None = None,
        locked: bool = False,
        name: str = "data.parquet",
    ) -> duckdb.DuckDBPyConnection:
        path = write_parquet(tmp_path / name, columns, types)
        con = engine.connect(path, locked=locked)
        opened.append(con)
        return con

    yield make
    for con in opened:
        con.close()


def open_tables(open_data: Open, **datasets: dict[str, list[Any]]) -> Tables:
    """Each dataset opened locked, as the ask service opens a user's file, under its own name."""
    return {
        name: open_data(columns, locked=True, name=f"{name}.parquet")
        for name, columns in datasets.items()
    }


def ask(tables: Tables, table: str, question: str) -> dict[str, Any]:
    """The ask service's answer to ``question`` about ``table`` (named ``<table>.csv``)."""
    return answer(tables[table], question, name=f"{table}.csv")
