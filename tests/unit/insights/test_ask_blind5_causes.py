"""General causes behind misses on the fifth blind set (issue 13, 8 December), each over
made-up data of its own:

- a plain number (not a year) next to a word that names the date column ("how many days over
  80") is no date: it is left over and asked back, instead of a query comparing a timestamp
  with a number, which failed;
- "how much" asks for an amount: with no amount column found ("how much did it snow in
  january"), the number of matching rows is not answered in its place; it is asked back;
- "station with the lowest elevation": the row noun first, then "with" and a superlative, asks
  for the row (its name), not the lowest value.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.insights.conftest import Open, Tables, ask, open_tables

READINGS = {
    "Day": [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(40)],
    "Peak": [50.0 + i for i in range(40)],
    "Floor": [10.0 + i for i in range(40)],
}


@pytest.fixture
def tables(open_data: Open) -> Tables:
    return open_tables(open_data, readings=READINGS)


def test_a_plain_number_on_the_date_column_is_asked_back(tables: Tables) -> None:
    result = ask(tables, "readings", "how many days over 80")
    assert result["answered"] is False
    assert "80" in result["answer"]


def test_a_year_on_the_date_column_still_answers(tables: Tables) -> None:
    result = ask(tables, "readings", "how many days after 2020")
    assert result["answered"] is True
    assert result["evidence"]["rows"] == [[40]]


def test_a_number_on_a_named_measure_still_answers(tables: Tables) -> None:
    result = ask(tables, "readings", "how many days with peak over 80")
    assert result["answered"] is True
    assert result["evidence"]["rows"] == [[9]]


def test_how_much_with_no_amount_is_asked_back_not_counted(tables: Tables) -> None:
    result = ask(tables, "readings", "how much did it snow in january")
    assert result["answered"] is False


def test_how_many_with_a_verb_and_a_month_still_counts(tables: Tables) -> None:
    result = ask(tables, "readings", "how many days in january")
    assert result["answered"] is True
    assert result["evidence"]["rows"] == [[31]]


STATIONS = {
    "Name": ["Alder", "Birch", "Cedar", "Dogwood"],
    "Elevation": [120.0, 80.0, 300.0, 95.0],
}


def test_the_row_noun_with_a_superlative_asks_for_the_row(open_data: Open) -> None:
    tables = open_tables(open_data, summits=STATIONS)
    result = ask(tables, "summits", "summit with the lowest elevation")
    assert result["answered"] is True
    assert "Birch" in result["evidence"]["rows"][0]
