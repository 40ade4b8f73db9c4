"""The question parser: each shape, each linking rule, and the coverage rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from symphainy.insights import engine
from symphainy.insights.ask import answer
from tests.unit.insights.conftest import Open, Tables, ask, open_tables, write_parquet

CARS = {
    "Name": [
        "ford torino",
        "chevrolet impala",
        "toyota corolla",
        "datsun 510",
        "vw rabbit",
        "ford pinto",
        "Citroën DS",
    ],
    "Miles_per_Gallon": [17.0, 14.0, 31.0, 27.0, 29.0, None, 24.0],
    "Cylinders": [8, 8, 4, 4, 4, 4, 6],
    "Weight_in_lbs": [3449, 4354, 1950, 2130, 1825, 2046, 2800],
    "Horsepower": [140.0, 220.0, 65.0, 88.0, 70.0, 75.0, None],
    "Origin": ["USA", "USA", "Japan", "Japan", "Europe", "USA", "Europe"],
    "Year": [
        dt.date(1970, 1, 1),
        dt.date(1970, 1, 1),
        dt.date(1974, 1, 1),
        dt.date(1971, 1, 1),
        dt.date(1974, 1, 1),
        dt.date(1971, 1, 1),
        dt.date(1974, 1, 1),
    ],
}
RACES = {
    "Driver": ["Tim Hague", "Al Unser", "Tom Sneva", "Bobby Rahal"],
    "Team": ["Penske", "Forsythe Racing", "Penske", "Truesports"],
    "Grid": [2, 1, 2, 5],
    "Laps": [200, 198, 150, 200],
    "Record": ["3-0", "2-1", "1-2", "0-3"],
    "City": ["Zürich", "Denver", "Phoenix", "Denver"],
}
WEATHER = {
    "date": [dt.date(2015, 3, 1), dt.date(2015, 3, 2), dt.date(2015, 7, 1), dt.date(2016, 1, 5)],
    "precipitation": [10.0, 0.0, 2.5, 8.0],
    "temp_max": [12.0, 14.0, 31.0, 5.0],
    "temp_min": [4.0, 6.0, 18.0, -2.0],
    "weather": ["rain", "sun", "sun", "snow"],
}


@pytest.fixture
def tables(open_data: Open) -> Tables:
    return open_tables(open_data, cars=CARS, races=RACES, weather=WEATHER)


def rows(tables: dict[str, Any], table: str, question: str) -> list[list[Any]]:
    result = ask(tables, table, question)
    assert result["answered"] is True, result["answer"]
    return list(result["evidence"]["rows"])


# --- shapes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many cars have 8 cylinders?", [[2]]),  # count with a bound number
        ("how many cars are there", [[7]]),
        ("how many origins are there", [[3]]),  # count distinct
        ("total weight of cars from Japan", [[4080]]),
        ("average horsepower of cars from USA", [[pytest.approx(145.0)]]),
        ("median weight", [[2130.0]]),
        ("minimum mpg", [[14.0]]),
        ("maximum horsepower of cars with 4 cylinders", [[88.0]]),
        ("what percentage of cars are from Japan", [[pytest.approx(28.5714, abs=1e-3)]]),
        ("how many cars are missing mpg", [[1]]),
        ("how many cars are missing horsepower", [[1]]),
    ],
)
def test_aggregate_shapes(tables: Any, question: str, expected: Any) -> None:
    assert rows(tables, "cars", question) == expected


def test_lookup_returns_the_asked_column_of_the_matching_rows(tables: Any) -> None:
    assert rows(tables, "cars", "what is the mpg of the ford torino?") == [[17.0]]
    result = ask(tables, "races", "What record did Tim Hague have?")
    assert result["evidence"]["rows"] == [["3-0"]]


def test_superlative_returns_the_row_with_its_name_and_number(tables: Any) -> None:
    result = ask(tables, "cars", "what's the heaviest car?")
    assert result["evidence"]["columns"] == ["Name", "Weight_in_lbs"]
    assert result["evidence"]["rows"] == [["chevrolet impala", 4354]]
    assert rows(tables, "cars", "which car has the least weight")[0][0] == "vw rabbit"
    assert rows(tables, "weather", "what was the hottest day?")[0][0].startswith("2015-07-01")


def test_top_n_returns_whole_rows_in_order(tables: Any) -> None:
    got = rows(tables, "cars", "top 2 cars by horsepower")
    assert [r[0] for r in got] == ["chevrolet impala", "ford torino"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("average mpg by origin", [["Japan", 29.0], ["Europe", 26.5], ["USA", 15.5]]),
        ("number of cars for each cylinders", [[4, 4], [6, 1], [8, 2]]),
        ("number of cars per year", [[1970, 2], [1971, 2], [1974, 3]]),
        ("which origin has the highest average mpg", [["Japan", 29.0]]),
    ],
)
def test_group_by_shapes(tables: Any, question: str, expected: Any) -> None:
    got = rows(tables, "cars", question)
    assert [[r[0], pytest.approx(r[1])] for r in got] == expected


def test_group_by_date_parts(tables: Any) -> None:
    assert rows(tables, "weather", "total precipitation per month") == [
        [1, 8.0],
        [3, 10.0],
        [7, 2.5],
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many cars have horsepower over 100", 2),
        ("how many cars weigh less than 2000 lbs", 2),
        ("how many cars have between 4 and 6 cylinders", 5),
        ("how many cars are not from USA", 4),
        ("how many cars except Japan", 5),
        ("how many cars from Japan or Europe", 4),
        ("how many cars from USA with 8 cylinders", 2),
        ("how many cars with at least 6 cylinders", 3),
    ],
)
def test_comparisons_ranges_negation_and_or(tables: Any, question: str, expected: int) -> None:
    assert rows(tables, "cars", question) == [[expected]]


# --- linking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("average Miles_per_Gallon", "Miles_per_Gallon"),  # the name itself
        ("average miles per gallon", "Miles_per_Gallon"),  # the words of the name
        ("average mpg", "Miles_per_Gallon"),  # initials
        ("average fuel economy", "Miles_per_Gallon"),  # business phrase
        ("average weight", "Weight_in_lbs"),  # name without its unit
        ("average mass", "Weight_in_lbs"),  # synonym
        ("average horsepowr", "Horsepower"),  # one typing error
    ],
)
def test_schema_linking(tables: Any, question: str, measure: str) -> None:
    result = ask(tables, "cars", question)
    assert result["answered"] is True, result["answer"]
    assert result["interpretation"]["measure"] == measure


def test_schema_linking_lemmas_and_synonyms(tables: Any) -> None:
    assert rows(tables, "weather", "total rainfall in 2015") == [[12.5]]
    assert rows(tables, "cars", "how many cars have 4 cylinders") == [[4]]


def test_a_tie_between_columns_is_asked_back_not_guessed(tables: Any) -> None:
    result = ask(tables, "weather", "average temperature")
    assert result["answered"] is False
    options = {c["interpretation"] for c in result["clarification"]["choices"]}
    assert any("temp_max" in o for o in options) and any("temp_min" in o for o in options)


def test_a_direction_settles_a_tie(tables: Any) -> None:
    assert rows(tables, "weather", "highest temperature in 2015") == [[31.0]]


def test_values_are_found_case_and_accent_insensitively(tables: Any) -> None:
    assert rows(tables, "races", "how many races in zurich") == [[1]]
    assert rows(tables, "races", "total laps for PENSKE") == [[350]]


def test_partial_and_multi_word_values(tables: Any) -> None:
    assert rows(tables, "cars", "how many ford cars") == [[2]]
    assert rows(tables, "races", "which team did tim hague drive for") == [["Penske"]]


def test_numbers_bind_to_the_nearest_column(tables: Any) -> None:
    assert rows(tables, "races", "total of laps with grid of 2") == [[350]]
    assert rows(tables, "races", "how many drivers with laps over 160") == [[3]]


def test_dates_and_periods(tables: Any) -> None:
    assert rows(tables, "weather", "total precipitation in March 2015") == [[10.0]]
    assert rows(tables, "weather", "how many days in 2016") == [[1]]
    assert rows(tables, "weather", "how many days before 2015-03-02") == [[1]]


def test_a_value_in_two_columns_is_asked_back(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "flights.parquet",
        {"home": ["Denver", "Boston"], "away": ["Boston", "Denver"], "score": [1, 2]},
    )
    con = engine.connect(path, locked=True)
    try:
        result = answer(con, "total score for Denver")
        assert result["answered"] is False
        assert {c["question"] for c in result["clarification"]["choices"]} >= {
            "total score for home denver",
            "total score for away denver",
        }
        assert answer(con, "total score for home Denver")["evidence"]["rows"] == [[1]]
    finally:
        con.close()


# --- coverage -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many cars have a sunroof",
        "average horsepower of electric cars",
        "total weight of cars sold by dealers in Ohio",
    ],
)
def test_a_word_nobody_used_is_asked_back_never_a_row_count(tables: Any, question: str) -> None:
    result = ask(tables, "cars", question)
    assert result["answered"] is False and result["evidence"] is None
    clar = result["clarification"]
    assert clar["not_understood"], clar
    assert "7" not in result["answer"]  # never the row count instead of an answer


def test_the_question_back_offers_readings_that_parse(tables: Any) -> None:
    result = ask(tables, "cars", "average horsepower of purple cars")
    clar = result["clarification"]
    assert clar["not_understood"] == ["purple"]
    assert clar["choices"], clar
    for choice in clar["choices"]:
        assert ask(tables, "cars", choice["question"])["answered"] is True


def test_the_interpretation_is_given_in_words_beside_the_sql(tables: Any) -> None:
    result = ask(tables, "cars", "average weight of cars from Japan")
    assert result["interpretation"]["text"] == "average of Weight_in_lbs where Origin is 'Japan'"
    assert result["evidence"]["params"] == ["Japan"]
    assert "Japan" not in result["evidence"]["sql"]  # values are bound, never spliced


def test_periods_relative_to_the_data(tables: Any) -> None:
    # the newest date is 2016-01-05: "last quarter" is Q1 2016, "previous month" December 2015
    assert rows(tables, "weather", "total precipitation last quarter") == [[8.0]]
    assert rows(tables, "weather", "how many days in the previous month") == [[0]]
    assert rows(tables, "weather", "total precipitation in Q1 2015") == [[10.0]]


def test_a_value_made_of_numbers_and_a_multi_word_name(tables: Any) -> None:
    result = ask(tables, "races", "What team did Tim Hague have a record of 3-0 with?")
    assert result["evidence"]["rows"] == [["Penske"]], result["answer"]


def test_a_versus_b_answers_each_side(tables: Any) -> None:
    got = rows(tables, "cars", "average weight USA vs Japan")
    assert {r[0] for r in got} == {"USA", "Japan"}


def test_which_rows_lists_their_names(tables: Any) -> None:
    got = rows(tables, "cars", "which cars are from Japan")
    assert {r[0] for r in got} == {"toyota corolla", "datsun 510"}


def test_a_comparative_names_its_quantity(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "people.parquet", {"name": ["a", "b", "c"], "age": [12.0, 30.0, 19.0]}
    )
    con = engine.connect(path, locked=True)
    try:
        result = answer(con, "how many people are younger than 20", name="people.csv")
        assert result["evidence"]["rows"] == [[2]], result["answer"]
    finally:
        con.close()


def test_a_year_after_a_time_word_is_a_year_not_a_measure(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "driving.parquet", {"year": [1990, 2001, 2005], "miles": [10.0, 20.0, 40.0]}
    )
    con = engine.connect(path, locked=True)
    try:
        assert answer(con, "average miles after 2000")["evidence"]["rows"] == [[30.0]]
    finally:
        con.close()
