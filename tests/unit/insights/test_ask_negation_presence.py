"""Readings the chat engineer found wrong (issue 13): a value that is also a function word,
"rows that have X", negations before "missing" and before a number, and superlatives whose
direction on the ranked column is not certain."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.insights.conftest import Open, Tables, ask, open_tables

PENGUINS = {
    "Species": ["Adelie", "Adelie", "Gentoo", "Gentoo", "Chinstrap", "Adelie"],
    "Clutch Completion": ["Yes", "No", "Yes", "Yes", "No", "Yes"],
    "Comments": [None, "Nest never observed with full clutch.", None, "Not sampled.", None, None],
    "Sex": ["MALE", None, "FEMALE", "MALE", None, "FEMALE"],
    "Body Mass (g)": [3750, 3800, 5000, 5200, 3700, 3450],
}
CARS = {
    "Name": ["ford torino", "chevrolet impala", "toyota corolla", "datsun 510", "vw rabbit", "amc"],
    "Horsepower": [140.0, 220.0, 65.0, 88.0, 70.0, None],
    "Acceleration": [10.5, 9.0, 19.0, 16.0, 14.0, 12.0],
    "Weight_in_lbs": [3449, 4354, 1950, 2130, 1825, 3000],
    "Origin": ["USA", "USA", "Japan", "Japan", "Europe", "USA"],
}


@pytest.fixture
def tables(open_data: Open) -> Tables:
    return open_tables(open_data, penguins=PENGUINS, cars=CARS)


def value(tables: dict[str, Any], table: str, question: str) -> Any:
    result = ask(tables, table, question)
    assert result["answered"] is True, result["answer"]
    return result["evidence"]["rows"][0][0]


def test_value_that_is_a_function_word_after_its_column(tables: dict[str, Any]) -> None:
    # "No" right after its column is the value, not a negation: a filtered row count
    assert value(tables, "penguins", "how many rows have clutch completion No") == 2
    assert value(tables, "penguins", "how many rows have clutch completion yes") == 4


def test_rows_that_have_a_column_count_rows_with_a_value(tables: dict[str, Any]) -> None:
    assert value(tables, "penguins", "how many rows have a comment") == 2
    assert value(tables, "penguins", "how many penguins have comments") == 2


def test_not_missing_is_present(tables: dict[str, Any]) -> None:
    assert value(tables, "penguins", "how many rows where sex is not missing") == 4
    assert value(tables, "penguins", "how many rows where sex is missing") == 2


def test_negation_before_a_number_condition(tables: dict[str, Any]) -> None:
    # the car with no horsepower recorded is not over 200 either, so it is kept
    assert value(tables, "cars", "how many cars excluding horsepower over 200") == 5
    assert value(tables, "cars", "how many cars with horsepower over 200") == 1
    assert value(tables, "cars", "how many cars have horsepower not over 100") == 4
    assert value(tables, "cars", "how many cars with horsepower not more than 100") == 4
    # a negated equality is "is not", missing kept as for a negated name
    assert value(tables, "cars", "how many cars don't have horsepower 220") == 5


def test_a_negation_nothing_uses_is_asked_back(tables: dict[str, Any]) -> None:
    result = ask(tables, "cars", "how many cars not")
    assert result["answered"] is False
    assert "'not'" in result["answer"]


def test_superlative_on_a_column_it_does_not_name_is_asked_back(tables: dict[str, Any]) -> None:
    # Acceleration may be seconds to 60 mph (lower is faster): which direction is asked
    result = ask(tables, "cars", "which car is the fastest accelerating")
    assert result["answered"] is False
    assert "Acceleration" in result["answer"]
    # the adjective's own quantity keeps its direction
    heaviest = ask(tables, "cars", "which car is the heaviest")
    assert heaviest["answered"] is True
    assert heaviest["evidence"]["rows"][0][0] == "chevrolet impala"


def test_where_column_is_value(tables: dict[str, Any]) -> None:
    assert value(tables, "cars", "how many cars where Origin is Japan") == 2
    assert value(tables, "cars", "how many cars where origin is japan?") == 2
    assert value(tables, "cars", "average horsepower where Origin is Japan") == pytest.approx(76.5)


def test_share_under_two_conditions_asks_which_rows_it_is_of(tables: dict[str, Any]) -> None:
    # of all cars (1 in 6) or of the Japanese ones (1 in 2)? asked back, never guessed
    result = ask(tables, "cars", "what percentage of cars from Japan have horsepower over 80")
    assert result["answered"] is False
    one = ask(tables, "cars", "what percentage of cars are from Japan")
    assert one["answered"] is True
    assert one["evidence"]["rows"][0][0] == pytest.approx(100 * 2 / 6, abs=1e-3)
