"""General causes found by the blind7 chat set (issue 14), each tested on other data: an
executive's question about one dataset ("how are we doing on X?", "the headline numbers for
X") and "what's left to do on this project"."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.agents import understand
from symphainy.agents.artefacts import FileRef
from symphainy.agents.tools import tools_for

WARDS = FileRef("f-wards", "hospital-wards.csv", "dataset", "ready", ("ward", "beds", "staff"))
VISITS = FileRef("f-visits", "clinic-visits.csv", "dataset", "ready", ("clinic", "wait", "day"))
MANUAL = FileRef("f-manual", "discharge-manual.md", "document", "ready")
JOURNEY = understand.Journey(
    files=[WARDS, VISITS, MANUAL],
    values={"f-visits": {"clinic": ["North", "South"]}},
    today=date(2031, 2, 3),
)


def _decide(message: str) -> understand.Decision:
    return understand.decide(message, "guide", tools_for("guide"), JOURNEY, None)


@pytest.mark.parametrize(
    ("message", "file"),
    [
        ("how are we doing on the clinics?", VISITS),
        ("how's the ward data looking?", WARDS),
        ("give me the headline numbers for the hospital wards", WARDS),
        ("a quick rundown of the clinic visits please", VISITS),
    ],
)
def test_an_executive_question_about_one_dataset_summarises_it(message: str, file: FileRef) -> None:
    found = _decide(message)
    assert found.tool is not None and found.tool.name == "summarize_file"
    assert found.args == {"file": file.id}


@pytest.mark.parametrize("message", ["how are we doing?", "how are we doing overall?"])
def test_without_a_file_it_stays_the_journeys_status(message: str) -> None:
    found = _decide(message)
    assert found.tool is not None and found.tool.name != "summarize_file"


def test_a_measure_looking_somewhere_stays_a_data_question() -> None:
    found = _decide("how is the average wait looking at the North clinic?")
    assert found.tool is not None and found.tool.name == "ask_data"


@pytest.mark.parametrize(
    "message",
    ["what's left to do on this project", "what remains to be done", "whats still left?"],
)
def test_whats_left_is_the_next_step(message: str) -> None:
    found = _decide(message)
    assert found.tool is not None and found.tool.name == "next_step"


def test_whats_left_of_a_file_is_not_the_next_step() -> None:
    found = _decide("what is left in the wards file after removing the closed wards")
    assert found.tool is None or found.tool.name != "next_step"
