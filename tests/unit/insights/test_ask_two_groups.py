"""Group-by on two (or three) keys: "by X and Y" is one bounded SELECT, not a question back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from symphainy.insights import engine
from symphainy.insights.ask import answer
from tests.unit.insights.conftest import write_parquet

PENGUINS = {
    "species": ["Adelie", "Adelie", "Adelie", "Gentoo", "Gentoo", "Chinstrap"],
    "island": ["Dream", "Dream", "Biscoe", "Biscoe", "Biscoe", "Dream"],
    "sex": ["male", "female", "male", "female", None, "male"],
    "body_mass_g": [3800.0, 3400.0, 4000.0, 5000.0, 5400.0, 3700.0],
    "date": [
        dt.date(2007, 11, 1),
        dt.date(2008, 11, 2),
        dt.date(2007, 11, 3),
        dt.date(2008, 12, 1),
        dt.date(2009, 11, 1),
        dt.date(2009, 11, 5),
    ],
}


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = engine.connect(write_parquet(tmp_path / "p.parquet", PENGUINS), locked=True)
    yield connection
    connection.close()


def ask(con: duckdb.DuckDBPyConnection, question: str) -> dict[str, Any]:
    result = answer(con, question, name="penguins.csv")
    assert result["answered"] is True, result["answer"]
    return result


def test_average_by_two_columns_gives_one_row_per_pair(con: duckdb.DuckDBPyConnection) -> None:
    result = ask(con, "average body mass by species and island")
    assert result["evidence"]["columns"] == ["species", "island", "value"]
    assert result["evidence"]["rows"] == [
        ["Adelie", "Biscoe", 4000.0],
        ["Adelie", "Dream", 3600.0],
        ["Chinstrap", "Dream", 3700.0],
        ["Gentoo", "Biscoe", 5200.0],
    ]
    interpretation = result["interpretation"]
    assert interpretation["group_by"] == "species"
    assert interpretation["group_by_also"] == [{"column": "island", "part": None}]
    assert interpretation["text"] == "average of body_mass_g for each species and island"
    assert "Adelie / Biscoe: 4,000" in result["answer"]


def test_count_by_two_columns_keeps_the_missing_key(con: duckdb.DuckDBPyConnection) -> None:
    got = ask(con, "number of penguins by island and sex")["evidence"]["rows"]
    assert ["Biscoe", None, 1] in got and ["Dream", "male", 2] in got
    assert sum(r[-1] for r in got) == 6


def test_by_x_and_by_y_and_a_date_part(con: duckdb.DuckDBPyConnection) -> None:
    got = ask(con, "count by species and by island")["evidence"]["rows"]
    assert len(got) == 4
    got = ask(con, "average body mass by species and year")["evidence"]["rows"]
    assert ["Gentoo", 2008, 5000.0] in got and ["Gentoo", 2009, 5400.0] in got
    result = ask(con, "number of penguins per year and month")
    assert result["evidence"]["columns"] == ["year", "month", "value"]
    assert result["evidence"]["rows"] == [
        [2007, 11, 2],
        [2008, 11, 1],
        [2008, 12, 1],
        [2009, 11, 2],
    ]


def test_two_keys_with_a_filter_and_a_superlative(con: duckdb.DuckDBPyConnection) -> None:
    got = ask(con, "average body mass of male penguins by species and island")["evidence"]["rows"]
    assert got == [
        ["Adelie", "Biscoe", 4000.0],
        ["Adelie", "Dream", 3800.0],
        ["Chinstrap", "Dream", 3700.0],
    ]
    result = ask(con, "which species and island has the highest average body mass")
    assert result["evidence"]["rows"][0][:2] == ["Gentoo", "Biscoe"]


def test_the_query_is_one_bounded_select(con: duckdb.DuckDBPyConnection) -> None:
    result = ask(con, "total body mass by island and species")
    sql = result["evidence"]["sql"]
    assert sql.count("SELECT") == 1 and "GROUP BY 1, 2" in sql
    assert result["evidence"]["rows"][0][:2] == ["Biscoe", "Adelie"]


def test_an_unknown_word_after_and_is_still_asked_back(con: duckdb.DuckDBPyConnection) -> None:
    result = answer(con, "average body mass by species and colour", name="penguins.csv")
    assert result["answered"] is False
    assert "colour" in result["clarification"]["not_understood"]
