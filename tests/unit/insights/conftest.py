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

Open = Callable[..., duckdb.DuckDBPyConnection]


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
