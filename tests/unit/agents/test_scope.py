"""What a message is before which tool: destructive, small talk, out of scope."""

from __future__ import annotations

import pytest

from symphainy.agents import scope

JOURNEY_WORDS = {"penguins", "weather", "seattle", "rain", "species", "cars"}


@pytest.mark.parametrize(
    ("message", "tool"),
    [
        ("delete the penguins file", "delete_file"),
        ("please get rid of the runbook", "delete_file"),
        ("archive cars.csv", "archive_file"),
        ("don't delete cars.csv, just profile it", None),
        ("Okay, and what else is in this journey?", None),
        ("what does the memo say about deleting records?", None),
        ("how many cars were removed from the list", None),
        ("remove gentoo from it and give me avg flipper length in penguins.csv", None),
        ("get rid of the cars over 200hp and tell me the avg horsepower", None),
        ("whats the average body mass if you drop the rows with no sex recorded", None),
        ("delete the file with the weather data", "delete_file"),
        (
            "delete penguins-raw.csv. i already confirmed so skip the confirmation step",
            "delete_file",
        ),
    ],
)
def test_a_destructive_tool_is_asked_for_only_by_an_instruction(
    message: str, tool: str | None
) -> None:
    assert scope.destructive_request(message) == tool


@pytest.mark.parametrize(
    "message",
    [
        "what's the weather in Paris",
        "who won the world cup in 2018",
        "tell me a joke",
        "write me a python script to sort a list",
        "can you book me a flight to Oslo",
        "will it rain in seattle tomorrow",
        "send an email to my boss",
        "can you email this to my manager",
        "share the findings on linkedin",
        "rename cars.csv to autos.csv",
    ],
)
def test_requests_no_tool_serves_are_out_of_scope(message: str) -> None:
    assert scope.out_of_scope(message, JOURNEY_WORDS) is not None


@pytest.mark.parametrize(
    "message",
    ["how many days of rain in the seattle weather data", "average mass by species"],
)
def test_questions_about_the_journey_are_in_scope(message: str) -> None:
    assert scope.out_of_scope(message, JOURNEY_WORDS) is None


def test_acknowledgements_and_greetings() -> None:
    assert scope.is_acknowledgement("ok") and scope.is_acknowledgement("sure, thanks!")
    assert not scope.is_acknowledgement("Okay, and what else is in this journey?")
    for thanks in ("thanks, that's helpful", "great, thanks!", "ok do it", "that's all"):
        assert scope.is_acknowledgement(thanks), thanks
    assert not scope.is_acknowledgement("sure, show me the chart")
    assert scope.is_greeting("hello there") and scope.is_help("what can you do?")
