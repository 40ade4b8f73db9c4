"""Readings that look complete but would be guesses are asked back (``questions/doubts.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from symphainy.insights import engine
from symphainy.insights.ask import answer
from symphainy.insights.engine import Column
from symphainy.insights.questions import doubts
from symphainy.insights.questions.plan import Condition, Plan
from symphainy.insights.questions.values import ValueIndex
from symphainy.insights.questions.words import tokenize
from tests.unit.insights.conftest import write_parquet

RACE = {
    "Driver": ["Tim Hague", "Al Unser", "Tom Sneva", "Bobby Rahal", "Ed Carpenter"],
    "Team": ["Penske", "Forsythe", "Penske", "Truesports", "Penske"],
    "Laps": [200.0, 198.0, 150.0, 200.0, 84.0],
    "Car No.": [12.0, 3.0, 7.0, 18.0, 20.0],
    "Year": [2010.0, 2010.0, 2011.0, 2011.0, 2011.0],
    "Venue": ["Phoenix", "Denver", "Phoenix", "Milwaukee", "Denver"],
    "Result": ["Won", "Lost", "Won", "Won", "Lost"],
}


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = engine.connect(write_parquet(tmp_path / "r.parquet", RACE), locked=True)
    yield connection
    connection.close()


def ask(con: duckdb.DuckDBPyConnection, question: str) -> dict[str, Any]:
    return answer(con, question, name="results.csv")


def asked_back(con: duckdb.DuckDBPyConnection, question: str) -> str:
    result = ask(con, question)
    assert result["answered"] is False, result["answer"]
    assert result["evidence"] is None and result["clarification"]["not_understood"]
    return str(result["answer"])


def test_a_yes_or_no_question_is_asked_back(con: duckdb.DuckDBPyConnection) -> None:
    assert "yes or no" in asked_back(con, "did Penske race in Phoenix?")


def test_one_column_cannot_equal_two_values(con: duckdb.DuckDBPyConnection) -> None:
    text = asked_back(con, "how many more laps did Tim Hague have than Al Unser?")
    assert "Driver" in text and "two questions" in text


def test_a_lookup_that_only_repeats_its_filter_is_asked_back() -> None:
    venue = Column("Venue", "VARCHAR", "text", "text")
    laps = Column("Laps", "DOUBLE", "numeric", "float")
    echo = Plan(select=[venue], conditions=[Condition(venue, "=", ["Phoenix"])])
    assert "repeat" in str(doubts.doubt(echo, tokenize("in what venue is Phoenix"), ValueIndex()))
    fine = Plan(select=[laps], conditions=[Condition(venue, "=", ["Phoenix"])])
    assert doubts.doubt(fine, tokenize("laps in Phoenix"), ValueIndex()) is None


def test_a_count_over_one_named_row(con: duckdb.DuckDBPyConnection) -> None:
    # the number named is given from the row, not counted
    result = ask(con, "how many laps did Ed Carpenter complete?")
    assert result["answered"] is True and result["evidence"]["rows"] == [[84.0]]
    # nothing named to give: a count of one row would be a guess
    assert "Tom Sneva" in asked_back(con, "how many wins does Tom Sneva show?")


def test_identifiers_are_not_added_up(con: duckdb.DuckDBPyConnection) -> None:
    assert "identifiers" in asked_back(con, "total car no. of Penske")


def test_how_many_times_counts_rows(con: duckdb.DuckDBPyConnection) -> None:
    result = ask(con, "how many times is Penske listed as the team?")
    assert result["answered"] is True and result["evidence"]["rows"] == [[3]]
    result = ask(con, "number of times Denver is the venue")
    assert result["evidence"]["rows"] == [[2]]


def test_a_which_question_is_never_answered_with_a_count(con: duckdb.DuckDBPyConnection) -> None:
    asked_back(con, "after Phoenix, which venue came?")


def test_first_row_by_a_fixed_column_is_asked_back(con: duckdb.DuckDBPyConnection) -> None:
    assert "same Year" in asked_back(con, "the last driver with the highest year in 2011")


def test_where_is_not_answered_with_a_number(con: duckdb.DuckDBPyConnection) -> None:
    assert "person or place" in asked_back(con, "where was the highest laps?")


def test_sure_readings_still_answer(con: duckdb.DuckDBPyConnection) -> None:
    assert ask(con, "how many drivers from Penske")["evidence"]["rows"] == [[3]]
    assert ask(con, "average laps by team")["answered"] is True
    assert ask(con, "which driver has the most laps")["evidence"]["rows"][0][0] == "Tim Hague"


def test_a_rank_is_not_ordered_by_a_guess(tmp_path: Path) -> None:
    data = {"Player": ["a", "b", "c"], "Pick": [1.0, 7.0, 30.0], "Goals": [3.0, 9.0, 1.0]}
    connection = engine.connect(write_parquet(tmp_path / "d.parquet", data), locked=True)
    try:
        back = answer(connection, "who was the top pick?", name="draft.csv")
        assert back["answered"] is False and "number 1" in back["answer"]
        # a verb before a superlative links the row to the number: "who scored the most goals"
        result = answer(connection, "who scored the most goals?", name="draft.csv")
        assert result["evidence"]["rows"] == [["b", 9.0]], result["answer"]
    finally:
        connection.close()


def test_the_group_with_most_rows_among_single_rows_is_asked_back() -> None:
    driver = Column("Driver", "VARCHAR", "text", "text")
    index = ValueIndex(unique={"Driver"})
    plan = Plan(agg="count", group=driver, order="max", limit=1)
    assert "each appears once" in str(
        doubts.doubt(plan, tokenize("which driver entered last"), index)
    )
    assert doubts.doubt(plan, tokenize("which driver entered last"), ValueIndex()) is None


def test_a_column_naming_each_row_counts_the_rows(con: duckdb.DuckDBPyConnection) -> None:
    # every Driver is one row: "number of drivers per team" counts the rows of each team
    got = ask(con, "number of drivers per team")["evidence"]["rows"]
    assert sorted(got) == [["Forsythe", 1], ["Penske", 3], ["Truesports", 1]]


def test_rows_or_different_values_is_asked_back(con: duckdb.DuckDBPyConnection) -> None:
    # Penske won twice: "how many teams won" is 3 rows or 2 different teams
    assert "rows or the different Team" in asked_back(con, "how many teams won?")
    result = ask(con, "how many different teams won?")
    assert result["answered"] is True and result["evidence"]["rows"] == [[2]]
    # in 2011 the two winning rows are two different teams: either reading gives 2
    result = ask(con, "how many teams won in 2011?")
    assert result["answered"] is True and result["evidence"]["rows"] == [[2]]
