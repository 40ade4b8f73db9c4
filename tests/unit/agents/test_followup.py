"""Follow-ups reuse the previous reading with the one change they name."""

from __future__ import annotations

import pytest

from symphainy.agents.followup import Reading, compose, last_reading, residue, value_hits

COLUMNS = ["species", "island", "body_mass_g", "sex"]
VALUES = {"species": ["Adelie", "Gentoo", "Chinstrap"], "island": ["Biscoe", "Dream"]}
BY_SPECIES = Reading(
    tool="ask_data",
    file_id="p",
    question="average body mass by species",
    interpretation={"aggregate": "avg", "measure": "body_mass_g", "group_by": "species"},
    answered=True,
)


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("and for Adelie only?", "average body_mass_g where species is Adelie"),
        ("what about by island?", "average body_mass_g by island"),
        ("and on Dream?", "average body_mass_g by species where island is Dream"),
        ("and the maximum?", "maximum body_mass_g by species"),
        ("how many?", "number of rows by species"),
    ],
)
def test_a_follow_up_changes_one_part_of_the_reading(message: str, question: str) -> None:
    assert compose(message, BY_SPECIES, COLUMNS, VALUES) == question


def test_a_new_filter_on_the_same_column_replaces_the_old_one() -> None:
    adelie = Reading(
        "ask_data",
        "p",
        "average body_mass_g where species is Adelie",
        {"aggregate": "avg", "measure": "body_mass_g", "filters": ["species is Adelie"]},
    )
    assert (
        compose("what about Gentoo", adelie, COLUMNS, VALUES)
        == "average body_mass_g where species is Gentoo"
    )


def test_a_message_that_changes_nothing_known_is_not_a_follow_up() -> None:
    assert compose("and the weather?", BY_SPECIES, COLUMNS, VALUES) is None
    assert residue("and for Adelie only?") == "Adelie"


def test_the_previous_reading_skips_failed_and_proposed_calls() -> None:
    calls = [
        [
            {
                "name": "ask_data",
                "arguments": {"file": "p", "question": "q"},
                "result": {"ok": True, "data": {"file_id": "p", "question": "q", "answered": True}},
            }
        ],
        [
            {
                "name": "delete_file",
                "arguments": {"file": "p"},
                "result": {"ok": True, "data": {"confirmation_required": True}},
            }
        ],
        [{"name": "data_quality", "arguments": {}, "result": {"ok": False}}],
    ]
    reading = last_reading(calls, {"p"})
    assert reading is not None and reading.tool == "ask_data" and reading.question == "q"


def test_a_value_is_named_as_an_adjective_or_a_plural_but_not_inside_another_word() -> None:
    values = {"weather": ["rain", "sun", "fog"], "sex": ["male", "female"]}
    assert value_hits("how many rainy days", values) == [("weather", "rain")]
    assert value_hits("sunny or foggy?", values) == [("weather", "sun")]
    assert value_hits("how many females", values) == [("sex", "female")]
    assert value_hits("on sunday", values) == []


def test_a_column_named_like_an_aggregate_is_not_one() -> None:
    from symphainy.agents.followup import aggregate_of
    from symphainy.agents.tools_charts import what_to_chart

    assert aggregate_of("temp_max by month") is None
    assert what_to_chart("chart temp_max by month") == "average temp_max by month"


def test_a_year_alone_asks_the_same_question_of_that_year() -> None:
    snow = Reading(
        "ask_data",
        "w",
        "how many snow days did seattle get in 2012",
        {"aggregate": "count", "filters": ["weather is 'snow'"]},
    )
    assert compose("and in 2013?", snow, ["date", "weather"], {}) == (
        "how many snow days did seattle get in 2013"
    )


def test_an_aggregate_of_a_column_named_by_one_word_keeps_the_filters() -> None:
    four = Reading(
        "ask_data",
        "c",
        "how many 4 cylinders cars",
        {"aggregate": "count", "filters": ["Cylinders is 4"]},
    )
    columns = ["Name", "Cylinders", "Weight_in_lbs"]
    assert compose("what is their average weight", four, columns, {}) == (
        "average Weight_in_lbs where Cylinders is 4"
    )
    assert compose("and their average?", four, columns, {}) is None


BY_SPECIES_AND_SEX = Reading(
    tool="ask_data",
    file_id="p",
    question="average body mass by species and sex",
    interpretation={
        "aggregate": "avg",
        "measure": "body_mass_g",
        "group_by": "species",
        "group_by_also": [{"column": "sex", "part": None}],
    },
    answered=True,
)


def test_a_follow_up_keeps_every_key_of_a_two_key_grouping() -> None:
    assert (
        compose("and the maximum?", BY_SPECIES_AND_SEX, COLUMNS, VALUES)
        == "maximum body_mass_g by species and sex"
    )
    assert (
        compose("and for Adelie only?", BY_SPECIES_AND_SEX, COLUMNS, VALUES)
        == "average body_mass_g by sex where species is Adelie"
    )


def test_a_grouping_by_a_date_part_is_not_restated_without_its_part() -> None:
    by_month = Reading(
        "ask_data",
        "w",
        "average temp_max by month of date",
        {"aggregate": "avg", "measure": "temp_max", "group_by": "date", "group_part": "month"},
    )
    assert compose("and the maximum?", by_month, ["date", "temp_max"], {}) is None
    assert compose("by year?", by_month, ["date", "temp_max"], {}) == "average temp_max by year"
