"""Issue 14: follow-ups of a row answer, and "rows with no X" read as "where X is missing"."""

from __future__ import annotations

import pytest

from symphainy.agents.followup import Reading, compose
from symphainy.agents.wording import presence_question

COLUMNS = ["species", "island", "body_mass_g", "sex", "Comments", "Horsepower"]
VALUES = {"species": ["Adelie", "Gentoo"], "island": ["Biscoe", "Dream"]}
HEAVIEST = Reading(
    tool="ask_data",
    file_id="p",
    question="heaviest penguin?",
    interpretation={"aggregate": None, "measure": "body_mass_g", "order": "max", "limit": 1},
    answered=True,
)


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("and the lightest?", "lightest penguin"),
        ("what island is it from?", "heaviest penguin and its island"),
        ("what species is that one?", "heaviest penguin and its species"),
    ],
)
def test_a_follow_up_of_a_row_answer_keeps_the_row_question(message: str, question: str) -> None:
    assert compose(message, HEAVIEST, COLUMNS, VALUES) == question


def test_a_value_after_a_row_answer_is_still_a_filter() -> None:
    assert compose("and on Dream?", HEAVIEST, COLUMNS, VALUES) != "heaviest penguin and its island"


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("how many rows with no sex", "how many rows where sex is missing"),
        ("how many penguins without a comment?", "how many penguins where comment is missing?"),
        ("how many rows have a comment", "how many rows where comment is not missing"),
        (
            "whats the average body mass if you drop the rows with no sex recorded",
            "whats the average body mass where sex is not missing",
        ),
        ("how many cars without a horsepower value", "how many cars where horsepower is missing"),
    ],
)
def test_no_x_and_with_a_x_become_missing_and_not_missing(message: str, question: str) -> None:
    assert presence_question(message, COLUMNS) == question


@pytest.mark.parametrize(
    "message",
    [
        "avg body mass for penguins with a male",  # a value, not a column
        "cars with a horsepower over 200",  # the clause goes on: a comparison
        "how many penguins with no problems",  # no such column
    ],
)
def test_other_with_and_without_phrases_are_left_as_typed(message: str) -> None:
    assert presence_question(message, COLUMNS) == message
