"""General linking rules found on the development material (issue 13, 7 December, evening):
a year held in a plain number column before 1800, a column name that abbreviates the word
("ret" for return), an -ing form of a column name ("closing" for close), and asking back when
an exact value also sits inside longer cells of its column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from symphainy.insights import engine
from symphainy.insights.ask import answer
from tests.unit.insights.conftest import Open, Tables, ask, open_tables, write_parquet

WHEAT = {
    "year": [1565, 1600, 1650, 1700, 1750, 1800, 1821],
    "wheat": [41.0, 45.0, 48.0, 30.0, 34.0, 79.0, 54.0],
    "wages": [5.0, 6.0, 7.5, 10.5, 13.0, 22.0, 26.0],
}
PRICES = {
    "date": ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"],
    "open": [10.0, 11.0, 12.0, 11.5],
    "close": [11.0, 12.5, 11.0, 13.0],
    "signal": ["long", "short", "long", "neutral"],
    "ret": [1.0, -2.0, 3.0, 0.5],
}
ROBOTS = {
    "Name": ["A", "B", "C", "D", "E"],
    "Where?": ["United States", "Japan / United States", "Japan", "Germany", "Germany"],
}


@pytest.fixture
def tables(open_data: Open) -> Tables:
    return open_tables(open_data, wheat=WHEAT, prices=PRICES, robots=ROBOTS)


def value(tables: dict[str, Any], table: str, question: str) -> Any:
    result = ask(tables, table, question)
    assert result["answered"] is True, result.get("clarification") or result["answer"]
    return result["evidence"]["rows"][0][0]


def test_year_before_1800_in_a_plain_number_column(tables: dict[str, Any]) -> None:
    assert value(tables, "wheat", "what was the wheat price in 1700") == 30.0
    assert value(tables, "wheat", "lowest wheat price before 1700") == 41.0
    assert value(tables, "wheat", "average wages after 1750") == pytest.approx(24.0)
    assert value(tables, "wheat", "total wages between 1600 and 1700") == pytest.approx(24.0)


def test_a_number_inside_the_measure_range_is_not_read_as_a_year(tables: dict[str, Any]) -> None:
    # 1000 is no year of this table (nor near one): not bound to the year column
    result = ask(tables, "wheat", "average wages in 1000")
    assert result["answered"] is False


def test_a_short_column_name_abbreviates_the_word(tables: dict[str, Any]) -> None:
    result = ask(tables, "prices", "average return by signal")
    assert result["answered"] is True, result.get("clarification")
    assert result["evidence"]["columns"][-1] != "count"
    rows = {r[0]: r[1] for r in result["evidence"]["rows"]}
    assert rows["long"] == pytest.approx(2.0)


def test_an_ing_form_names_its_column(tables: dict[str, Any]) -> None:
    assert value(tables, "prices", "maximum closing value") == 13.0
    assert value(tables, "prices", "lowest opening") == 10.0


def test_an_exact_value_also_inside_longer_cells_is_asked_back(tables: dict[str, Any]) -> None:
    result = ask(tables, "robots", "how many robots are from the united states?")
    assert result["answered"] is False
    assert "Japan / United States" in str(result["clarification"])
    # a value no longer cell holds is still counted
    assert value(tables, "robots", "how many robots are from germany?") == 2


def test_a_value_that_repeats_its_column_name_is_asked_back(tmp_path: Path) -> None:
    data = {"Match": [1, 2, 3], "Team USA": ["Team USA", "Smith", "Jones"], "Score": [1, 2, 3]}
    con = engine.connect(write_parquet(tmp_path / "m.parquet", data), locked=True)
    try:
        result = answer(con, "how many matches did team usa win", name="m.csv")
        assert result["answered"] is False
    finally:
        con.close()


def test_a_value_inside_another_name_is_still_counted(tmp_path: Path) -> None:
    data = {
        "name": ["a", "b", "c", "d"],
        "city": ["Chicago", "West Chicago", "Chicago", "Boston"],
    }
    con = engine.connect(write_parquet(tmp_path / "airports.parquet", data), locked=True)
    try:
        result = answer(con, "how many airports are in Chicago", name="airports.csv")
        assert result["answered"] is True, result.get("clarification")
        assert result["evidence"]["rows"][0][0] == 2
    finally:
        con.close()


def test_the_naming_column_after_a_value_names_the_rows(tmp_path: Path) -> None:
    data = {
        "Bacteria": ["A coli", "B subtilis", "C diph", "D pneu"],
        "Penicillin": [100.0, 0.1, 1.0, 0.005],
        "Gram_Staining": ["negative", "positive", "positive", "negative"],
    }
    con = engine.connect(write_parquet(tmp_path / "burtin.parquet", data), locked=True)
    try:
        result = answer(con, "average penicillin for gram negative bacteria", name="burtin.json")
        assert result["answered"] is True, result.get("clarification")
        assert result["evidence"]["rows"][0][0] == pytest.approx(50.0025)
    finally:
        con.close()


def test_a_row_count_that_names_an_unused_number_column_is_asked_back(tmp_path: Path) -> None:
    data = {
        "Contestant": ["Ann", "Bob", "Cid", "Dee"],
        "Finish": ["Winner", "2nd Runner-Up", "Voted Out", "Voted Out"],
        "Total Votes": [2, 8, 5, 5],
    }
    con = engine.connect(write_parquet(tmp_path / "show.parquet", data), locked=True)
    try:
        q = "what was total number of votes that the 2nd runner-up received?"
        result = answer(con, q, name="show.csv")
        assert result["answered"] is False
        assert "Total Votes" in str(result["clarification"])
        # counting rows by a column the question uses is still answered
        ok = answer(con, "how many contestants have total votes over 4", name="show.csv")
        assert ok["answered"] is True, ok.get("clarification")
        assert ok["evidence"]["rows"][0][0] == 3
    finally:
        con.close()


def test_a_us_state_name_reads_the_code_a_column_holds(tmp_path: Path) -> None:
    data = {
        "iata": ["A1", "A2", "A3", "A4", "A5", "A6", "A7"],
        "state": ["TX", "TX", "CA", "NY", "FL", "AK", "WA"],
        "latitude": [30.0, 32.0, 34.0, 40.0, 26.0, 61.0, 47.0],
    }
    con = engine.connect(write_parquet(tmp_path / "airports.parquet", data), locked=True)
    try:
        result = answer(con, "how many airports are in Texas", name="airports.csv")
        assert result["answered"] is True, result.get("clarification")
        assert result["evidence"]["rows"][0][0] == 2
        got = answer(con, "average latitude of airports in Alaska state AK", name="airports.csv")
        assert got["answered"] is True, got.get("clarification")
        assert got["evidence"]["rows"][0][0] == pytest.approx(61.0)
    finally:
        con.close()
